ALTER TABLE `audit_log` ADD `request_method` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `request_path` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `response_status` integer;