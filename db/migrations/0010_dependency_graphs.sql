CREATE TABLE `dependency_graphs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text NOT NULL,
	`hash` text NOT NULL,
	`nodes` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dependency_graphs_env` ON `dependency_graphs` (`org_id`,`app_id`,`env_id`,`created_at`);