CREATE TABLE "change_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"table_name" text NOT NULL,
	"row_id" integer NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "kpi" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"kpi_set_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"definition" text,
	"data_source" text,
	"department" text,
	"direction" text NOT NULL,
	"baseline_value" double precision,
	"baseline_year" integer,
	"target_value" double precision,
	"target_year" integer,
	"target_comparator" text,
	"annual_targets" jsonb,
	"cumulative" boolean DEFAULT false NOT NULL,
	"kind" text,
	"illustrative" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_actual" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"kpi_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"value" double precision NOT NULL,
	"status" text DEFAULT 'final' NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_set" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"scheme" jsonb,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "municipality" (
	"id" serial PRIMARY KEY NOT NULL,
	"local_gov_code" text NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "municipality_local_gov_code_unique" UNIQUE("local_gov_code")
);
--> statement-breakpoint
CREATE TABLE "plan" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"name" text NOT NULL,
	"levels" jsonb NOT NULL,
	"progress_level" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_node" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"parent_id" integer,
	"path" text NOT NULL,
	"level" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_period" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"start_year" integer,
	"end_year" integer,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_record" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"node_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"results" jsonb NOT NULL,
	"directions" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"period_name" text,
	"title" text NOT NULL,
	"subtitle" text NOT NULL,
	"date" text NOT NULL,
	"council_meeting" text NOT NULL,
	"kpi_section_heading" text NOT NULL,
	"legend" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_kpi_set_id_kpi_set_id_fk" FOREIGN KEY ("kpi_set_id") REFERENCES "public"."kpi_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_node_id_plan_node_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."plan_node"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_actual" ADD CONSTRAINT "kpi_actual_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_actual" ADD CONSTRAINT "kpi_actual_kpi_id_kpi_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpi"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_set" ADD CONSTRAINT "kpi_set_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_set" ADD CONSTRAINT "kpi_set_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_node" ADD CONSTRAINT "plan_node_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_node" ADD CONSTRAINT "plan_node_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_period" ADD CONSTRAINT "plan_period_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_period" ADD CONSTRAINT "plan_period_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_record" ADD CONSTRAINT "progress_record_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_record" ADD CONSTRAINT "progress_record_node_id_plan_node_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."plan_node"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report" ADD CONSTRAINT "report_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report" ADD CONSTRAINT "report_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_log_row_ix" ON "change_log" USING btree ("table_name","row_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_code_uq" ON "kpi" USING btree ("kpi_set_id","code");--> statement-breakpoint
CREATE INDEX "kpi_node_ix" ON "kpi" USING btree ("node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_actual_uq" ON "kpi_actual" USING btree ("kpi_id","fiscal_year");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_set_code_uq" ON "kpi_set" USING btree ("plan_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_name_uq" ON "plan" USING btree ("municipality_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_node_path_uq" ON "plan_node" USING btree ("plan_id","path");--> statement-breakpoint
CREATE INDEX "plan_node_parent_ix" ON "plan_node" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_period_name_uq" ON "plan_period" USING btree ("plan_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "progress_record_uq" ON "progress_record" USING btree ("node_id","fiscal_year");--> statement-breakpoint
CREATE UNIQUE INDEX "report_year_uq" ON "report" USING btree ("plan_id","fiscal_year");