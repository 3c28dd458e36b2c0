DROP INDEX `deployments_env`;--> statement-breakpoint
CREATE INDEX `deployments_env` ON `deployments` (`org_id`,`app_id`,`env_id`,`created_at`,`id`);