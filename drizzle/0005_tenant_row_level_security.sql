-- Tenant isolation in the database itself (row-level security). Each request runs in a transaction
-- that sets `hoshin.municipality_id` (SET LOCAL, safe behind a pooler) and switches to the role
-- hoshin_app, which owns nothing; the policies then show and accept only that municipality's rows.
-- A query that forgets its scope sees nothing: the setting is empty, so no row matches.
-- Superusers and BYPASSRLS roles (migrations, CLI maintenance) are not confined by policies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hoshin_app') THEN
    CREATE ROLE hoshin_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- The owner must be able to SET ROLE hoshin_app; a superuser can anyway, others need membership.
  EXECUTE format('GRANT hoshin_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'hoshin_app not granted to %: %', current_user, SQLERRM;
END
$$;
--> statement-breakpoint
CREATE FUNCTION hoshin_current_municipality() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('hoshin.municipality_id', true), '')::integer
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO hoshin_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hoshin_app;
--> statement-breakpoint
GRANT SELECT ON municipality TO hoshin_app;
--> statement-breakpoint
-- The log only grows: the app may add and read, never change or empty it.
GRANT SELECT, INSERT ON change_log TO hoshin_app;
--> statement-breakpoint
CREATE TRIGGER change_log_no_truncate BEFORE TRUNCATE ON change_log
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_append_only();
--> statement-breakpoint
ALTER TABLE municipality ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE municipality FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Names and codes of municipalities are public (the sign-in page lists them); rows of one are not.
CREATE POLICY municipality_read ON municipality FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY municipality_write ON municipality FOR ALL
  USING (id = hoshin_current_municipality()) WITH CHECK (id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON plan TO hoshin_app;
--> statement-breakpoint
ALTER TABLE plan ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE plan FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON plan
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON plan_period TO hoshin_app;
--> statement-breakpoint
ALTER TABLE plan_period ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE plan_period FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON plan_period
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON plan_node TO hoshin_app;
--> statement-breakpoint
ALTER TABLE plan_node ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE plan_node FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON plan_node
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON plan_node_link TO hoshin_app;
--> statement-breakpoint
ALTER TABLE plan_node_link ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE plan_node_link FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON plan_node_link
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON progress_record TO hoshin_app;
--> statement-breakpoint
ALTER TABLE progress_record ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE progress_record FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON progress_record
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON report TO hoshin_app;
--> statement-breakpoint
ALTER TABLE report ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE report FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON report
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_set TO hoshin_app;
--> statement-breakpoint
ALTER TABLE kpi_set ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE kpi_set FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON kpi_set
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON kpi TO hoshin_app;
--> statement-breakpoint
ALTER TABLE kpi ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE kpi FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON kpi
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_actual TO hoshin_app;
--> statement-breakpoint
ALTER TABLE kpi_actual ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE kpi_actual FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON kpi_actual
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON change_log
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON department TO hoshin_app;
--> statement-breakpoint
ALTER TABLE department ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE department FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON department
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_user TO hoshin_app;
--> statement-breakpoint
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON app_user
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON user_session TO hoshin_app;
--> statement-breakpoint
ALTER TABLE user_session ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE user_session FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON user_session
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO hoshin_app;
--> statement-breakpoint
ALTER TABLE login_throttle ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE login_throttle FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON login_throttle
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON pending_sign_in TO hoshin_app;
--> statement-breakpoint
ALTER TABLE pending_sign_in ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pending_sign_in FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pending_sign_in
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
