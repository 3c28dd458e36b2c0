import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/** Background jobs (deployments) run by the in-process worker. */
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [index("jobs_status").on(t.status, t.createdAt)],
);

/**
 * One row per environment being deployed: the primary key is the lock, so two deploys to
 * one environment can never run at once. Rows of a dead process are cleared at start-up.
 */
export const environmentLocks = pgTable(
  "environment_locks",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    deploymentId: text("deployment_id").notNull(),
    holder: text("holder").notNull(),
    acquiredAt: text("acquired_at").notNull(),
  },
  (t) => [uniqueIndex("environment_locks_env").on(t.orgId, t.appId, t.envId)],
);
