ALTER TABLE "environment_locks" ADD COLUMN "lease_expires_at" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lease_holder" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lease_expires_at" text;--> statement-breakpoint
CREATE INDEX "jobs_lease" ON "jobs" USING btree ("status","lease_expires_at");