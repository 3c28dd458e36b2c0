CREATE TABLE `pipeline_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`run_id` text NOT NULL,
	`job_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`env_id` text NOT NULL,
	`message` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`approved_by` text,
	`approved_at` text,
	FOREIGN KEY (`run_id`) REFERENCES `pipeline_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pipeline_approvals_app` ON `pipeline_approvals` (`org_id`,`app_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `pipeline_approvals_step` ON `pipeline_approvals` (`run_id`,`job_id`,`step_index`);--> statement-breakpoint
CREATE TABLE `pipeline_criteria` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`trigger` text NOT NULL,
	`env_type` text,
	`env_id` text,
	`deployment_type` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pipeline_criteria_app` ON `pipeline_criteria` (`org_id`,`app_id`);--> statement-breakpoint
CREATE TABLE `pipeline_jobs` (
	`run_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`status` text NOT NULL,
	`status_message` text NOT NULL,
	`waiting_for` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text,
	`cancellation_requested_at` text,
	`timeout_seconds` integer NOT NULL,
	PRIMARY KEY(`run_id`, `id`),
	FOREIGN KEY (`run_id`) REFERENCES `pipeline_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pipeline_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`version_id` text NOT NULL,
	`status` text NOT NULL,
	`status_message` text NOT NULL,
	`trigger` text NOT NULL,
	`inputs` text NOT NULL,
	`env_ids` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`executing_at` text,
	`cancellation_requested_at` text,
	`completed_at` text,
	`timeout_seconds` integer NOT NULL,
	`restarted_from` text,
	`wake_at` text,
	`lease_holder` text,
	`lease_expires_at` text
);
--> statement-breakpoint
CREATE INDEX `pipeline_runs_pipeline` ON `pipeline_runs` (`org_id`,`app_id`,`pipeline_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `pipeline_runs_runnable` ON `pipeline_runs` (`status`,`wake_at`);--> statement-breakpoint
CREATE TABLE `pipeline_step_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`job_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`at` text NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `pipeline_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pipeline_step_logs_step` ON `pipeline_step_logs` (`run_id`,`job_id`,`step_index`,`id`);--> statement-breakpoint
CREATE TABLE `pipeline_steps` (
	`run_id` text NOT NULL,
	`job_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`name` text NOT NULL,
	`uses` text NOT NULL,
	`status` text NOT NULL,
	`status_message` text NOT NULL,
	`created_at` text NOT NULL,
	`completed_at` text,
	`timeout_seconds` integer NOT NULL,
	`related_entities` text NOT NULL,
	`state` text NOT NULL,
	PRIMARY KEY(`run_id`, `job_id`, `step_index`),
	FOREIGN KEY (`run_id`) REFERENCES `pipeline_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pipeline_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`yaml` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pipeline_versions_pipeline` ON `pipeline_versions` (`org_id`,`app_id`,`pipeline_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `pipelines` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`version_id` text NOT NULL,
	`trigger_types` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `id`)
);
