CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` text,
	`last_used_at` text,
	`revoked_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `app_roles` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `app_roles_user` ON `app_roles` (`user_id`);--> statement-breakpoint
CREATE TABLE `env_type_roles` (
	`org_id` text NOT NULL,
	`env_type_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text DEFAULT 'deployer' NOT NULL,
	PRIMARY KEY(`org_id`, `env_type_id`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `org_roles` (
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`org_id`, `user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`type` text DEFAULT 'user' NOT NULL,
	`password_hash` text,
	`idp_subject` text,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_org_email` ON `users` (`org_id`,`email`);--> statement-breakpoint
CREATE TABLE `applications` (
	`org_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `env_types` (
	`org_id` text NOT NULL,
	`id` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `environments` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`from_deploy_id` text,
	`last_deploy_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `id`),
	FOREIGN KEY (`org_id`,`app_id`) REFERENCES `applications`(`org_id`,`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`,`type`) REFERENCES `env_types`(`org_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `workload_versions` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`workload_id` text NOT NULL,
	`version` integer NOT NULL,
	`score_yaml` text NOT NULL,
	`valid` integer NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `workload_id`, `version`),
	FOREIGN KEY (`org_id`,`app_id`,`workload_id`) REFERENCES `workloads`(`org_id`,`app_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `workload_versions_created` ON `workload_versions` (`org_id`,`app_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `workloads` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`id` text NOT NULL,
	`latest_version` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `id`),
	FOREIGN KEY (`org_id`,`app_id`) REFERENCES `applications`(`org_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `deltas` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text,
	`content` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deployment_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deployment_id` text NOT NULL,
	`code` text NOT NULL,
	`scope` text NOT NULL,
	`object_id` text DEFAULT '' NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deployment_errors_dep` ON `deployment_errors` (`deployment_id`);--> statement-breakpoint
CREATE TABLE `deployment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deployment_id` text NOT NULL,
	`at` text NOT NULL,
	`level` text DEFAULT 'info' NOT NULL,
	`step` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deployment_events_dep` ON `deployment_events` (`deployment_id`,`id`);--> statement-breakpoint
CREATE TABLE `deployment_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`content` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deployments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text NOT NULL,
	`from_id` text,
	`delta_id` text,
	`set_id` text NOT NULL,
	`value_set_version_id` text,
	`comment` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`status_changed_at` text NOT NULL,
	`graph` text,
	`objects` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deployments_env` ON `deployments` (`org_id`,`app_id`,`env_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `shared_values` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text DEFAULT '' NOT NULL,
	`key` text NOT NULL,
	`value` text DEFAULT '' NOT NULL,
	`encrypted_value` text,
	`is_secret` integer DEFAULT false NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shared_values_key` ON `shared_values` (`org_id`,`app_id`,`env_id`,`key`);--> statement-breakpoint
CREATE TABLE `value_set_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text DEFAULT '' NOT NULL,
	`values` text NOT NULL,
	`change` text DEFAULT '[]' NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`result_of` text NOT NULL,
	`source_version_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `value_set_versions_scope` ON `value_set_versions` (`org_id`,`app_id`,`env_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `active_resources` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text NOT NULL,
	`type` text NOT NULL,
	`class` text DEFAULT 'default' NOT NULL,
	`res_id` text NOT NULL,
	`gu_res_id` text NOT NULL,
	`env_type` text NOT NULL,
	`def_id` text NOT NULL,
	`def_version_id` text,
	`criteria_id` text,
	`driver_type` text NOT NULL,
	`driver_account` text,
	`deploy_id` text,
	`inputs_hash` text,
	`value_outputs` text DEFAULT '{}' NOT NULL,
	`secret_outputs_enc` text,
	`cookie_enc` text,
	`status` text DEFAULT 'active' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `env_id`, `type`, `class`, `res_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `active_resources_guresid` ON `active_resources` (`gu_res_id`);--> statement-breakpoint
CREATE INDEX `active_resources_def` ON `active_resources` (`org_id`,`def_id`);--> statement-breakpoint
CREATE TABLE `cloud_accounts` (
	`org_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`credentials_enc` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `matching_criteria` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`def_id` text NOT NULL,
	`class` text DEFAULT 'default' NOT NULL,
	`env_type` text,
	`app_id` text,
	`env_id` text,
	`res_id` text
);
--> statement-breakpoint
CREATE INDEX `matching_criteria_def` ON `matching_criteria` (`org_id`,`def_id`);--> statement-breakpoint
CREATE TABLE `resource_definition_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`def_id` text NOT NULL,
	`action` text NOT NULL,
	`content` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `resource_definition_versions_def` ON `resource_definition_versions` (`org_id`,`def_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `resource_definitions` (
	`org_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`driver_type` text NOT NULL,
	`driver_account` text,
	`driver_inputs_values` text,
	`driver_inputs_secrets_enc` text,
	`driver_inputs_secret_refs` text,
	`provision` text,
	`is_default` integer DEFAULT false NOT NULL,
	`is_deleted` integer DEFAULT false NOT NULL,
	`active_version_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `resource_definitions_type` ON `resource_definitions` (`org_id`,`type`);--> statement-breakpoint
CREATE TABLE `resource_types` (
	`org_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`category` text DEFAULT '' NOT NULL,
	`use` text DEFAULT 'direct' NOT NULL,
	`inputs_schema` text DEFAULT '{}' NOT NULL,
	`outputs_schema` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `type`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_email` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`org_id`,`at`);--> statement-breakpoint
CREATE TABLE `environment_locks` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text NOT NULL,
	`deployment_id` text NOT NULL,
	`holder` text NOT NULL,
	`acquired_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environment_locks_env` ON `environment_locks` (`org_id`,`app_id`,`env_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `jobs_status` ON `jobs` (`status`,`created_at`);