CREATE TABLE "publication" (
	"id" serial NOT NULL,
	"municipality_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"revision" integer NOT NULL,
	"action" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"snapshot" jsonb,
	"acted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acted_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "publication_pkey" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
ALTER TABLE "publication" ADD CONSTRAINT "publication_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication" ADD CONSTRAINT "publication_plan_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plan"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publication_revision_uq" ON "publication" USING btree ("municipality_id","plan_id","fiscal_year","revision");--> statement-breakpoint
-- Requests may read and add publications, never change or remove one: a published snapshot is what
-- citizens were shown, and a correction is a new revision.
GRANT SELECT, INSERT ON publication TO hoshin_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE publication_id_seq TO hoshin_app;
--> statement-breakpoint
ALTER TABLE publication ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE publication FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON publication
  USING (municipality_id = hoshin_current_municipality())
  WITH CHECK (municipality_id = hoshin_current_municipality());
--> statement-breakpoint
CREATE OR REPLACE FUNCTION publication_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '公開の記録（publication）は追記のみです。変更・削除（%）はできません', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER publication_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON publication
  FOR EACH STATEMENT EXECUTE FUNCTION publication_immutable();
