ALTER TABLE `environments` ADD `paused_at` text;--> statement-breakpoint
ALTER TABLE `environments` ADD `paused_by` text;