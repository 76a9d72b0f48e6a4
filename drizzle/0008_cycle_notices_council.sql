CREATE TABLE "council_comment" (
	"id" serial NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"node_id" integer,
	"kpi_id" integer,
	"author_id" integer NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"response" text,
	"responded_by" text,
	"responded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "council_comment_pkey" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "council_meeting" (
	"id" serial NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"number" integer NOT NULL,
	"held_on" text NOT NULL,
	"council_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "council_meeting_pkey" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "department_submission" (
	"id" serial NOT NULL,
	"municipality_id" integer NOT NULL,
	"cycle_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"state" text DEFAULT 'not-started' NOT NULL,
	"reason" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "department_submission_pkey" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "fiscal_cycle" (
	"id" serial NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"deadline" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "fiscal_cycle_pkey" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "notice" (
	"id" serial NOT NULL,
	"municipality_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"link" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "notice_pkey" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "kpi" ADD COLUMN "retired" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_node" ADD COLUMN "retired" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "council_comment" ADD CONSTRAINT "council_comment_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_comment" ADD CONSTRAINT "council_comment_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_comment" ADD CONSTRAINT "council_comment_node_fk" FOREIGN KEY ("municipality_id","node_id") REFERENCES "public"."plan_node"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_comment" ADD CONSTRAINT "council_comment_kpi_fk" FOREIGN KEY ("municipality_id","kpi_id") REFERENCES "public"."kpi"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_comment" ADD CONSTRAINT "council_comment_author_fk" FOREIGN KEY ("municipality_id","author_id") REFERENCES "public"."app_user"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meeting" ADD CONSTRAINT "council_meeting_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meeting" ADD CONSTRAINT "council_meeting_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_submission" ADD CONSTRAINT "department_submission_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_submission" ADD CONSTRAINT "department_submission_cycle_fk" FOREIGN KEY ("municipality_id","cycle_id") REFERENCES "public"."fiscal_cycle"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_submission" ADD CONSTRAINT "department_submission_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."department"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_cycle" ADD CONSTRAINT "fiscal_cycle_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_cycle" ADD CONSTRAINT "fiscal_cycle_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice" ADD CONSTRAINT "notice_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice" ADD CONSTRAINT "notice_user_fk" FOREIGN KEY ("municipality_id","user_id") REFERENCES "public"."app_user"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "council_comment_year_ix" ON "council_comment" USING btree ("municipality_id","plan_id","fiscal_year");--> statement-breakpoint
CREATE UNIQUE INDEX "council_meeting_uq" ON "council_meeting" USING btree ("municipality_id","plan_id","fiscal_year","number");--> statement-breakpoint
CREATE UNIQUE INDEX "department_submission_uq" ON "department_submission" USING btree ("municipality_id","cycle_id","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fiscal_cycle_year_uq" ON "fiscal_cycle" USING btree ("municipality_id","plan_id","fiscal_year");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_dedupe_uq" ON "notice" USING btree ("municipality_id","user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notice_user_ix" ON "notice" USING btree ("municipality_id","user_id");--> statement-breakpoint
-- Row-level security for the new tenant tables, as in 0005: one municipality per transaction.
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON fiscal_cycle TO hoshin_app;
--> statement-breakpoint
ALTER TABLE fiscal_cycle ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE fiscal_cycle FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON fiscal_cycle
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON department_submission TO hoshin_app;
--> statement-breakpoint
ALTER TABLE department_submission ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE department_submission FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON department_submission
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON notice TO hoshin_app;
--> statement-breakpoint
ALTER TABLE notice ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notice FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notice
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON council_meeting TO hoshin_app;
--> statement-breakpoint
ALTER TABLE council_meeting ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE council_meeting FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON council_meeting
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON council_comment TO hoshin_app;
--> statement-breakpoint
ALTER TABLE council_comment ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE council_comment FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON council_comment
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
