CREATE TABLE `rate_limit_buckets` (
	`key` text PRIMARY KEY NOT NULL,
	`milli_tokens` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	`denied` integer DEFAULT 0 NOT NULL
);
