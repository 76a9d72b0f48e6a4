-- Keys shaped for a distributed PostgreSQL (Citus-style, distributed by municipality_id): in every
-- tenant table the primary key becomes (municipality_id, id), unique indexes lead with
-- municipality_id, and foreign keys between tenant tables carry municipality_id on both sides.
-- Written by hand in the order the database needs (drizzle-kit cannot drop an unnamed primary key
-- and puts the new foreign keys before the indexes): drop the old foreign keys (they depend on the
-- old primary keys), drop the old primary keys and unique indexes, then add the new primary keys,
-- unique indexes and foreign keys. Existing rows keep their ids; a row that references another
-- municipality's row would now fail the new foreign keys, which is the point.
-- The row-level security policies of 0005 name only municipality_id and are untouched.
ALTER TABLE "app_user" DROP CONSTRAINT "app_user_department_id_department_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi" DROP CONSTRAINT "kpi_kpi_set_id_kpi_set_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi" DROP CONSTRAINT "kpi_node_id_plan_node_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi" DROP CONSTRAINT "kpi_department_id_department_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi_actual" DROP CONSTRAINT "kpi_actual_kpi_id_kpi_id_fk";
--> statement-breakpoint
ALTER TABLE "kpi_set" DROP CONSTRAINT "kpi_set_plan_id_plan_id_fk";
--> statement-breakpoint
ALTER TABLE "plan" DROP CONSTRAINT "plan_linked_plan_id_plan_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_node" DROP CONSTRAINT "plan_node_plan_id_plan_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_node" DROP CONSTRAINT "plan_node_department_id_department_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_node_link" DROP CONSTRAINT "plan_node_link_from_node_id_plan_node_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_node_link" DROP CONSTRAINT "plan_node_link_to_node_id_plan_node_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_period" DROP CONSTRAINT "plan_period_plan_id_plan_id_fk";
--> statement-breakpoint
ALTER TABLE "progress_record" DROP CONSTRAINT "progress_record_node_id_plan_node_id_fk";
--> statement-breakpoint
ALTER TABLE "report" DROP CONSTRAINT "report_plan_id_plan_id_fk";
--> statement-breakpoint
ALTER TABLE "user_session" DROP CONSTRAINT "user_session_user_id_app_user_id_fk";
--> statement-breakpoint
ALTER TABLE "app_user" DROP CONSTRAINT "app_user_pkey";
--> statement-breakpoint
ALTER TABLE "change_log" DROP CONSTRAINT "change_log_pkey";
--> statement-breakpoint
ALTER TABLE "department" DROP CONSTRAINT "department_pkey";
--> statement-breakpoint
ALTER TABLE "kpi" DROP CONSTRAINT "kpi_pkey";
--> statement-breakpoint
ALTER TABLE "kpi_actual" DROP CONSTRAINT "kpi_actual_pkey";
--> statement-breakpoint
ALTER TABLE "kpi_set" DROP CONSTRAINT "kpi_set_pkey";
--> statement-breakpoint
ALTER TABLE "login_throttle" DROP CONSTRAINT "login_throttle_pkey";
--> statement-breakpoint
ALTER TABLE "pending_sign_in" DROP CONSTRAINT "pending_sign_in_pkey";
--> statement-breakpoint
ALTER TABLE "plan" DROP CONSTRAINT "plan_pkey";
--> statement-breakpoint
ALTER TABLE "plan_node" DROP CONSTRAINT "plan_node_pkey";
--> statement-breakpoint
ALTER TABLE "plan_node_link" DROP CONSTRAINT "plan_node_link_pkey";
--> statement-breakpoint
ALTER TABLE "plan_period" DROP CONSTRAINT "plan_period_pkey";
--> statement-breakpoint
ALTER TABLE "progress_record" DROP CONSTRAINT "progress_record_pkey";
--> statement-breakpoint
ALTER TABLE "report" DROP CONSTRAINT "report_pkey";
--> statement-breakpoint
ALTER TABLE "user_session" DROP CONSTRAINT "user_session_pkey";
--> statement-breakpoint
DROP INDEX "kpi_code_uq";
--> statement-breakpoint
DROP INDEX "kpi_actual_uq";
--> statement-breakpoint
DROP INDEX "kpi_set_code_uq";
--> statement-breakpoint
DROP INDEX "plan_node_path_uq";
--> statement-breakpoint
DROP INDEX "plan_node_link_uq";
--> statement-breakpoint
DROP INDEX "plan_period_name_uq";
--> statement-breakpoint
DROP INDEX "progress_record_uq";
--> statement-breakpoint
DROP INDEX "report_year_uq";
--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "department" ADD CONSTRAINT "department_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "kpi_actual" ADD CONSTRAINT "kpi_actual_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "kpi_set" ADD CONSTRAINT "kpi_set_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "login_throttle" ADD CONSTRAINT "login_throttle_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "plan_node" ADD CONSTRAINT "plan_node_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "plan_node_link" ADD CONSTRAINT "plan_node_link_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "plan_period" ADD CONSTRAINT "plan_period_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "progress_record" ADD CONSTRAINT "progress_record_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "report" ADD CONSTRAINT "report_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_pkey" PRIMARY KEY("municipality_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_code_uq" ON "kpi" USING btree ("municipality_id","kpi_set_id","code");
--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_actual_uq" ON "kpi_actual" USING btree ("municipality_id","kpi_id","fiscal_year");
--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_set_code_uq" ON "kpi_set" USING btree ("municipality_id","plan_id","code");
--> statement-breakpoint
CREATE UNIQUE INDEX "plan_node_path_uq" ON "plan_node" USING btree ("municipality_id","plan_id","path");
--> statement-breakpoint
CREATE UNIQUE INDEX "plan_node_link_uq" ON "plan_node_link" USING btree ("municipality_id","from_node_id","to_node_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "plan_period_name_uq" ON "plan_period" USING btree ("municipality_id","plan_id","name");
--> statement-breakpoint
CREATE UNIQUE INDEX "progress_record_uq" ON "progress_record" USING btree ("municipality_id","node_id","fiscal_year");
--> statement-breakpoint
CREATE UNIQUE INDEX "report_year_uq" ON "report" USING btree ("municipality_id","plan_id","fiscal_year");
--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."department"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_kpi_set_fk" FOREIGN KEY ("municipality_id","kpi_set_id") REFERENCES "public"."kpi_set"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_node_fk" FOREIGN KEY ("municipality_id","node_id") REFERENCES "public"."plan_node"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."department"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "kpi_actual" ADD CONSTRAINT "kpi_actual_kpi_fk" FOREIGN KEY ("municipality_id","kpi_id") REFERENCES "public"."kpi"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "kpi_set" ADD CONSTRAINT "kpi_set_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_linked_plan_fk" FOREIGN KEY ("municipality_id","linked_plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "plan_node" ADD CONSTRAINT "plan_node_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "plan_node" ADD CONSTRAINT "plan_node_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."department"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "plan_node_link" ADD CONSTRAINT "plan_node_link_from_node_fk" FOREIGN KEY ("municipality_id","from_node_id") REFERENCES "public"."plan_node"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "plan_node_link" ADD CONSTRAINT "plan_node_link_to_node_fk" FOREIGN KEY ("municipality_id","to_node_id") REFERENCES "public"."plan_node"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "plan_period" ADD CONSTRAINT "plan_period_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "progress_record" ADD CONSTRAINT "progress_record_node_fk" FOREIGN KEY ("municipality_id","node_id") REFERENCES "public"."plan_node"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "report" ADD CONSTRAINT "report_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_fk" FOREIGN KEY ("municipality_id","user_id") REFERENCES "public"."app_user"("municipality_id","id") ON DELETE cascade ON UPDATE no action;
