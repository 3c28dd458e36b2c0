CREATE TABLE `environment_summaries` (
	`org_id` text NOT NULL,
	`app_id` text NOT NULL,
	`env_id` text NOT NULL,
	`env_type` text NOT NULL,
	`last_deploy_id` text,
	`last_status` text,
	`last_deploy_at` text,
	`last_deploy_by` text,
	`last_finished_at` text,
	`values_changed_at` text,
	`matched_def_ids` text DEFAULT '[]' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `app_id`, `env_id`),
	FOREIGN KEY (`org_id`,`app_id`,`env_id`) REFERENCES `environments`(`org_id`,`app_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `environment_summaries_type_status` ON `environment_summaries` (`org_id`,`env_type`,`last_status`);--> statement-breakpoint
CREATE INDEX `environment_summaries_status` ON `environment_summaries` (`org_id`,`last_status`);--> statement-breakpoint
CREATE INDEX `environment_summaries_by` ON `environment_summaries` (`org_id`,`last_deploy_by`);--> statement-breakpoint
-- Backfill: one summary per existing environment, from its last deployment and value versions.
INSERT INTO `environment_summaries` (`org_id`, `app_id`, `env_id`, `env_type`, `last_deploy_id`, `last_status`, `last_deploy_at`, `last_deploy_by`, `last_finished_at`, `values_changed_at`, `matched_def_ids`, `updated_at`)
SELECT e.`org_id`, e.`app_id`, e.`id`, e.`type`, d.`id`, d.`status`, d.`created_at`, d.`created_by`, d.`finished_at`,
  (SELECT max(v.`created_at`) FROM `value_set_versions` v WHERE v.`org_id` = e.`org_id` AND v.`app_id` = e.`app_id` AND v.`env_id` IN ('', e.`id`)),
  COALESCE((SELECT json_group_array(DISTINCT json_extract(n.value, '$.def_id')) FROM json_each(d.`graph`, '$.nodes') n WHERE json_extract(n.value, '$.def_id') IS NOT NULL), '[]'),
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `environments` e LEFT JOIN `deployments` d ON d.`id` = e.`last_deploy_id`;
