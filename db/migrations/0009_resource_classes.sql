CREATE TABLE `resource_classes` (
	`org_id` text NOT NULL,
	`type` text NOT NULL,
	`id` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `type`, `id`)
);
