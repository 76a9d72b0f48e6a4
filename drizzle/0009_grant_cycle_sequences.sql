-- 0008 granted the new tables to hoshin_app but not their id sequences (0005's grant covered only
-- the sequences that existed then): without this, every insert by a request into them is refused.
GRANT USAGE, SELECT ON SEQUENCE fiscal_cycle_id_seq, department_submission_id_seq, notice_id_seq, council_meeting_id_seq, council_comment_id_seq TO hoshin_app;
--> statement-breakpoint
-- Sequences of tables added by later migrations are granted as they are created.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hoshin_app;
