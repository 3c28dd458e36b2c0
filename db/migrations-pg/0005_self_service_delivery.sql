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
CREATE TABLE "automation_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"type" text NOT NULL,
	"active" boolean NOT NULL,
	"artefacts_filter" json NOT NULL,
	"exclude_artefacts_filter" boolean NOT NULL,
	"match_ref" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"webhook_id" text NOT NULL,
	"event_scope" text NOT NULL,
	"event_type" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text NOT NULL,
	"lease_holder" text,
	"lease_expires_at" text,
	"last_status_code" integer,
	"last_error" text,
	"created_at" text NOT NULL,
	"finished_at" text
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"url" text NOT NULL,
	"disabled" boolean NOT NULL,
	"headers" json NOT NULL,
	"payload" json NOT NULL,
	"triggers" json NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "artefact_versions_artefact" ON "artefact_versions" USING btree ("org_id","artefact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "artefacts_name" ON "artefacts" USING btree ("org_id","type","name");--> statement-breakpoint
CREATE INDEX "automation_rules_env" ON "automation_rules" USING btree ("org_id","app_id","env_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_hook" ON "webhook_deliveries" USING btree ("org_id","app_id","webhook_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhooks_id" ON "webhooks" USING btree ("org_id","app_id","id");