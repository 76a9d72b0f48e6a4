CREATE TABLE "plan_node_link" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"from_node_id" integer NOT NULL,
	"to_node_id" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kpi" ADD COLUMN "administrative_status" text;--> statement-breakpoint
ALTER TABLE "kpi" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan" ADD COLUMN "kind" text DEFAULT 'plan' NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_node_link" ADD CONSTRAINT "plan_node_link_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_node_link" ADD CONSTRAINT "plan_node_link_from_node_id_plan_node_id_fk" FOREIGN KEY ("from_node_id") REFERENCES "public"."plan_node"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_node_link" ADD CONSTRAINT "plan_node_link_to_node_id_plan_node_id_fk" FOREIGN KEY ("to_node_id") REFERENCES "public"."plan_node"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_node_link_uq" ON "plan_node_link" USING btree ("from_node_id","to_node_id");