-- The change log only grows. 0001 refuses UPDATE and DELETE row by row and 0005 refuses TRUNCATE,
-- but a row trigger never fires for a statement that matches no row — an UPDATE by a role whose
-- row-level security hides every row (the table owner under FORCE ROW LEVEL SECURITY) "succeeds"
-- silently. Refuse the statement itself, before any row is looked at, with a message staff can read.
CREATE OR REPLACE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '変更履歴（change_log）は追記のみです。変更・削除・全消去（%）はできません', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER change_log_no_update_statement BEFORE UPDATE OR DELETE ON change_log
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_append_only();
--> statement-breakpoint
-- The app role may add and read only (0005 granted SELECT, INSERT); say so explicitly.
REVOKE UPDATE, DELETE, TRUNCATE ON change_log FROM PUBLIC, hoshin_app;
