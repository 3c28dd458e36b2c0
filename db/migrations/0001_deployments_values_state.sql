ALTER TABLE `deployments` ADD `env_value_set_version_id` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `workload_versions` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `finished_at` text;--> statement-breakpoint
ALTER TABLE `active_resources` ADD `state_enc` text;