ALTER TABLE `environment_summaries` ADD `defs_changed_at` text;--> statement-breakpoint
-- Backfill: the latest version of any definition the environment's latest graph matched.
UPDATE `environment_summaries` SET `defs_changed_at` = (
  SELECT max(v.`created_at`) FROM json_each(`environment_summaries`.`matched_def_ids`) j
  JOIN `resource_definition_versions` v ON v.`org_id` = `environment_summaries`.`org_id` AND v.`def_id` = j.value
);
