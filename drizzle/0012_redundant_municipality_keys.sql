-- A row that hangs on its parent by a NOT NULL composite foreign key (municipality_id, parent_id) is
-- already tied to an existing municipality through that parent; its own foreign key to municipality
-- was checked again on every insert (in a 10,000-row KPI import, 70,000 checks: about a sixth of its
-- time on PGlite). Tables owned by the municipality directly (plan, department, app_user, change_log,
-- login_throttle, pending_sign_in) keep theirs.
ALTER TABLE "council_comment" DROP CONSTRAINT "council_comment_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "council_meeting" DROP CONSTRAINT "council_meeting_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "department_submission" DROP CONSTRAINT "department_submission_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "fiscal_cycle" DROP CONSTRAINT "fiscal_cycle_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi" DROP CONSTRAINT "kpi_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi_actual" DROP CONSTRAINT "kpi_actual_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi_set" DROP CONSTRAINT "kpi_set_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "notice" DROP CONSTRAINT "notice_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_node" DROP CONSTRAINT "plan_node_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_node_link" DROP CONSTRAINT "plan_node_link_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_period" DROP CONSTRAINT "plan_period_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "progress_record" DROP CONSTRAINT "progress_record_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "publication" DROP CONSTRAINT "publication_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "report" DROP CONSTRAINT "report_municipality_id_municipality_id_fk";
--> statement-breakpoint
ALTER TABLE "user_session" DROP CONSTRAINT "user_session_municipality_id_municipality_id_fk";
