CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"milli_tokens" bigint NOT NULL,
	"updated_at_ms" bigint NOT NULL,
	"denied" integer DEFAULT 0 NOT NULL
);
