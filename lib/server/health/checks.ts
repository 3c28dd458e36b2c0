import os from "node:os";
import { and, eq, like, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pendingDatabaseMigrations } from "@/db/open";
import { rawGet } from "@/db/raw";
import { jobs } from "@/db/tables";
import type { Config } from "@/lib/server/config";
import { logger } from "@/lib/server/logger";

/**
 * Liveness and readiness, shared by the web server's /api/health routes and the worker
 * process's own listener (./server). Liveness says only that the process answers (it never
 * touches the database, so a database outage does not get every pod restarted); readiness
 * says the process can do its work: the database answers, its schema is current, and, for a
 * process that runs a deploy worker, the worker started and its leases are being renewed.
 */

export type Role = Config["BATON_ROLE"];

export interface HealthReport {
  status: "ok" | "degraded" | "error";
  role: Role;
  /** Why the process is not ready, in a sentence (absent when ready). */
  reason?: string;
  database?: "reachable" | "unreachable";
  migrations?: "current" | { pending: string[] };
  worker?: "running" | "not started" | "stopping" | { expiredLeases: string[] };
}

export interface HealthResult {
  httpStatus: 200 | 503;
  body: HealthReport | { status: "ok"; role: Role; uptimeSeconds: number };
}

/** The process is up and its event loop answers. Never reads the database. */
export function liveness(role: Role): HealthResult {
  return { httpStatus: 200, body: { status: "ok", role, uptimeSeconds: Math.round(process.uptime()) } };
}

// Whether this process's deploy worker has started (set by whoever starts it: the web
// server's instrumentation for BATON_ROLE=all, scripts/worker.ts for BATON_ROLE=worker).
// "stopping" after SIGTERM: still live (running jobs finish), no longer ready (takes no new ones).
const state = globalThis as unknown as { __batonWorkerState?: "running" | "stopping" };

export function markWorker(status: "running" | "stopping" | undefined): void {
  state.__batonWorkerState = status;
}

/**
 * The lease holder names of this process's worker: lib/server/deploy/worker.ts names them
 * `<hostname>-<pid>-<random>`, one per worker.
 */
export function thisProcessHolderPrefix(): string {
  return `${os.hostname()}-${process.pid}-`;
}

/**
 * Readiness. A worker whose heartbeat stopped renewing (a wedged event loop, a database that
 * rejects its writes) leaves running jobs of this process with an expired lease; another
 * worker will fail them as interrupted, and this process must stop counting as ready.
 */
export async function readiness(db: Db, role: Role, now = Date.now()): Promise<HealthResult> {
  const notReady = (body: Omit<HealthReport, "role">): HealthResult => ({ httpStatus: 503, body: { role, ...body } });
  try {
    await rawGet(db, sql`SELECT 1`);
  } catch (err) {
    logger.error({ err }, "readiness: the database did not answer");
    return notReady({ status: "error", database: "unreachable", reason: "the database cannot be reached" });
  }
  let pending: string[];
  try {
    pending = await pendingDatabaseMigrations(db);
  } catch (err) {
    logger.error({ err }, "readiness: could not read the applied migrations");
    return notReady({ status: "error", database: "unreachable", reason: "the database answered but its migrations could not be read" });
  }
  if (pending.length > 0) {
    return notReady({ status: "degraded", database: "reachable", migrations: { pending }, reason: `${pending.length} migration(s) not applied (${pending[0]} first): restart to migrate` });
  }
  const report: HealthReport = { status: "ok", role, database: "reachable", migrations: "current" };
  if (role === "web") return { httpStatus: 200, body: report };

  if (state.__batonWorkerState === undefined) return notReady({ ...report, status: "degraded", worker: "not started", reason: "the deploy worker of this process has not started" });
  if (state.__batonWorkerState === "stopping") return notReady({ ...report, status: "degraded", worker: "stopping", reason: "the deploy worker is stopping (SIGTERM): it takes no new jobs" });
  const at = new Date(now).toISOString();
  let expired: { id: string }[];
  try {
    expired = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, "running"), like(jobs.leaseHolder, `${thisProcessHolderPrefix()}%`), lt(jobs.leaseExpiresAt, at)))
      .limit(10);
  } catch (err) {
    logger.error({ err }, "readiness: could not read this worker's leases");
    return notReady({ ...report, status: "error", database: "unreachable", reason: "the database answered but the worker's leases could not be read" });
  }
  if (expired.length > 0) {
    const ids = expired.map((j) => j.id);
    return notReady({ ...report, status: "degraded", worker: { expiredLeases: ids }, reason: `the deploy worker stopped renewing its lease on running job ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""}` });
  }
  return { httpStatus: 200, body: { ...report, worker: "running" } };
}
