import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/**
 * Background jobs (deployments). A worker claims a queued job with a lease and renews it while
 * the job runs; a job whose lease expired belongs to a dead worker and is failed by whichever
 * worker notices first, so no process needs to be the only one.
 */
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
    leaseHolder: text("lease_holder"),
    /** ISO time after which the job counts as abandoned; renewed by the holder's heartbeat. */
    leaseExpiresAt: text("lease_expires_at"),
  },
  (t) => [index("jobs_status").on(t.status, t.createdAt), index("jobs_lease").on(t.status, t.leaseExpiresAt)],
);

/**
 * One row per environment being deployed: the unique index is the lock, so two deploys to
 * one environment can never run at once, across processes. The lock shares its job's lease:
 * a lock whose lease expired is released when that job is failed as interrupted.
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
    leaseExpiresAt: text("lease_expires_at"),
  },
  (t) => [uniqueIndex("environment_locks_env").on(t.orgId, t.appId, t.envId)],
);
