-- SQLite's implicit rowid, made explicit: criteria, definition versions and environment types are
-- listed in the order they were written (their ids are random). Not in db/schema-pg on purpose:
-- queries order by it but never select it, exactly as on SQLite.
ALTER TABLE "matching_criteria" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY;--> statement-breakpoint
ALTER TABLE "resource_definition_versions" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY;--> statement-breakpoint
ALTER TABLE "env_types" ADD COLUMN "rowid" bigint GENERATED ALWAYS AS IDENTITY;
