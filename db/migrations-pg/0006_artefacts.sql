CREATE TABLE "artefact_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"artefact_id" text NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"ref" text DEFAULT '' NOT NULL,
	"commit" text DEFAULT '' NOT NULL,
	"digest" text DEFAULT '' NOT NULL,
	"spec" json,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "artefacts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "artefact_versions_artefact" ON "artefact_versions" USING btree ("org_id","artefact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "artefacts_name" ON "artefacts" USING btree ("org_id","type","name");