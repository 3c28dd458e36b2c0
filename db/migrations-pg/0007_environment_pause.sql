ALTER TABLE "environments" ADD COLUMN "paused_at" text;--> statement-breakpoint
ALTER TABLE "environments" ADD COLUMN "paused_by" text;