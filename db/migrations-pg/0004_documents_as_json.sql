ALTER TABLE "workload_versions" ALTER COLUMN "errors" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "workload_versions" ALTER COLUMN "errors" SET DEFAULT '[]'::json;--> statement-breakpoint
ALTER TABLE "deltas" ALTER COLUMN "content" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "deployment_sets" ALTER COLUMN "content" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "deployments" ALTER COLUMN "workload_versions" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "deployments" ALTER COLUMN "graph" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "deployments" ALTER COLUMN "objects" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "value_set_versions" ALTER COLUMN "values" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "value_set_versions" ALTER COLUMN "change" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "value_set_versions" ALTER COLUMN "change" SET DEFAULT '[]'::json;--> statement-breakpoint
ALTER TABLE "active_resources" ALTER COLUMN "value_outputs" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "active_resources" ALTER COLUMN "value_outputs" SET DEFAULT '{}'::json;--> statement-breakpoint
ALTER TABLE "dependency_graphs" ALTER COLUMN "nodes" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_definition_versions" ALTER COLUMN "content" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_definitions" ALTER COLUMN "driver_inputs_values" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_definitions" ALTER COLUMN "driver_inputs_secret_refs" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_definitions" ALTER COLUMN "provision" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_types" ALTER COLUMN "inputs_schema" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_types" ALTER COLUMN "inputs_schema" SET DEFAULT '{}'::json;--> statement-breakpoint
ALTER TABLE "resource_types" ALTER COLUMN "outputs_schema" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "resource_types" ALTER COLUMN "outputs_schema" SET DEFAULT '{}'::json;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "details" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "details" SET DEFAULT '{}'::json;