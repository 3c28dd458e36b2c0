import { foreignKey, index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { environments } from "./apps";

/**
 * One row per environment with what the overview shows: its last deployment and what changed
 * since. Kept current by the deploy operation, the worker, value changes and definition
 * versions (lib/server/data/overview-summaries.ts), so the overview never scans deployments.
 * Rows go with their environment (cascade).
 */
export const environmentSummaries = pgTable(
  "environment_summaries",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    envType: text("env_type").notNull(),
    lastDeployId: text("last_deploy_id"),
    lastStatus: text("last_status", { enum: ["pending", "in progress", "succeeded", "failed"] }),
    /** When the last deployment was queued (what "values changed since" compares with). */
    lastDeployAt: text("last_deploy_at"),
    /** Email of who queued it (deployments record the actor's email). */
    lastDeployBy: text("last_deploy_by"),
    lastFinishedAt: text("last_finished_at"),
    /** Latest value-set version of the app or the environment. */
    valuesChangedAt: text("values_changed_at"),
    /** Definitions the latest planned graph matched, for the "definitions changed" marker. */
    matchedDefIds: jsonb("matched_def_ids").$type<string[]>().notNull().default([]),
    /** Latest version (change, criteria, deletion) of any of those definitions. */
    defsChangedAt: text("defs_changed_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.envId] }),
    // Named: the generated name would pass PostgreSQL's 63-byte identifier limit.
    foreignKey({ name: "environment_summaries_environment_fk", columns: [t.orgId, t.appId, t.envId], foreignColumns: [environments.orgId, environments.appId, environments.id] }).onDelete("cascade"),
    index("environment_summaries_type_status").on(t.orgId, t.envType, t.lastStatus),
    index("environment_summaries_status").on(t.orgId, t.lastStatus),
    index("environment_summaries_by").on(t.orgId, t.lastDeployBy),
  ],
);
