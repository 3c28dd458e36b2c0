ALTER TABLE `environment_locks` ADD `lease_expires_at` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_holder` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_expires_at` text;--> statement-breakpoint
CREATE INDEX `jobs_lease` ON `jobs` (`status`,`lease_expires_at`);