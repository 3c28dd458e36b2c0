CREATE TABLE "automation_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"type" text NOT NULL,
	"update_to" text NOT NULL,
	"artefacts_filter" json NOT NULL,
	"exclude_artefacts_filter" boolean DEFAULT false NOT NULL,
	"match_ref" text DEFAULT '' NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"artefact_version_id" text NOT NULL,
	"artefact_name" text NOT NULL,
	"image" text NOT NULL,
	"ref" text NOT NULL,
	"status" text NOT NULL,
	"message" text,
	"deployment_id" text,
	"pipeline_run_ids" json,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" text,
	"lease_holder" text,
	"lease_expires_at" text,
	"created_at" text NOT NULL,
	"finished_at" text
);
--> statement-breakpoint
CREATE INDEX "automation_rules_env" ON "automation_rules" USING btree ("org_id","app_id","env_id");--> statement-breakpoint
CREATE INDEX "automation_rules_org" ON "automation_rules" USING btree ("org_id","active");--> statement-breakpoint
CREATE INDEX "automation_triggers_status" ON "automation_triggers" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "automation_triggers_rule" ON "automation_triggers" USING btree ("rule_id","created_at");