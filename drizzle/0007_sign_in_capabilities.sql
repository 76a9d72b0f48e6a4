-- Signing in happens before a request knows its municipality. Rather than let the app's requests
-- use the owner's connection for it, hoshin_app may reach exactly the one row it holds the key to:
-- the session whose token hash it names, or the OpenID Connect sign-in whose state it names (both
-- are random secrets only the browser has). Everything else stays confined to one municipality.
CREATE POLICY session_by_token ON user_session
  USING (token_hash = current_setting('hoshin.session_token_hash', true))
  WITH CHECK (token_hash = current_setting('hoshin.session_token_hash', true));
--> statement-breakpoint
CREATE POLICY sign_in_by_state ON pending_sign_in
  USING (state = current_setting('hoshin.sign_in_state', true))
  WITH CHECK (state = current_setting('hoshin.sign_in_state', true));
