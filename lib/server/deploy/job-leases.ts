import { first, isPostgres, rawGet, rawRun, rowsAffected } from "@/db/raw";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { deploymentErrors, deploymentEvents, deployments, environmentLocks, jobs } from "@/db/tables";
import { refreshSummaryOfDeployment } from "@/lib/server/data/overview-summaries";
import { enqueueDeploymentEvent } from "@/lib/server/webhooks/outbox";

/**
 * Leases on deploy jobs: the only way a worker takes a job, keeps it, and the way a job of a
 * dead worker is found. Every step is a compare-and-set inside one write transaction, so any
 * number of processes sharing the database can run them at once.
 */

export const DEFAULT_LEASE_MS = 30_000;

export interface ClaimedJob {
  id: string;
  payload: Record<string, unknown>;
}

/** When a lease of `leaseMs` taken at `now` expires (jobs and environment locks alike). */
export function leaseUntil(leaseMs: number, now = Date.now()): string {
  return new Date(now + leaseMs).toISOString();
}

const queuedDeployJobs = (orgId: string) => and(eq(jobs.status, "queued"), eq(jobs.kind, "deploy"), eq(jobs.orgId, orgId));
const expiredJobs = (at: string) => and(eq(jobs.status, "running"), or(isNull(jobs.leaseExpiresAt), lt(jobs.leaseExpiresAt, at)));
const expiredLocks = (at: string) => or(isNull(environmentLocks.leaseExpiresAt), lt(environmentLocks.leaseExpiresAt, at));

/** The PostgreSQL channel on which a queued job is announced, so that idle workers wake at once. */
export const JOB_CHANNEL = "baton_jobs";

/**
 * Queues a deploy job inside the caller's transaction. On PostgreSQL the workers listening on
 * JOB_CHANNEL hear of it when the transaction commits; on SQLite the caller's own worker is
 * kicked and the others find it at their next poll.
 */
export async function enqueueDeployJob(tx: DbOrTx, job: { id: string; orgId: string; payload: Record<string, unknown>; now: string }): Promise<void> {
  await tx.insert(jobs).values({ id: job.id, orgId: job.orgId, kind: "deploy", payload: job.payload, status: "queued", createdAt: job.now });
  if (isPostgres(tx)) await rawRun(tx, sql`SELECT pg_notify(${JOB_CHANNEL}, ${job.orgId})`);
}

/** Claims the oldest queued deploy job of the organisation for `holder`, or nothing. */
export async function claimNextJob(db: Db, opts: { orgId: string; holder: string; leaseMs: number; now?: number }): Promise<ClaimedJob | undefined> {
  const now = opts.now ?? Date.now();
  if (isPostgres(db)) return await claimWithSkipLocked(db, opts, now);
  // Every worker polls this: a plain read when the queue is empty, no write lock.
  if (!(await first(db.select({ id: jobs.id }).from(jobs).where(queuedDeployJobs(opts.orgId)).limit(1)))) return undefined;
  return await db.transaction(
    async (tx) => {
      const job = await first(tx
        .select({ id: jobs.id, payload: jobs.payload })
        .from(jobs)
        .where(queuedDeployJobs(opts.orgId))
        .orderBy(asc(jobs.createdAt)));
      if (!job) return undefined;
      const claimed = await tx
        .update(jobs)
        .set({ status: "running", startedAt: new Date(now).toISOString(), attempts: sql`${jobs.attempts} + 1`, leaseHolder: opts.holder, leaseExpiresAt: leaseUntil(opts.leaseMs, now) })
        .where(and(eq(jobs.id, job.id), eq(jobs.status, "queued")));
      return rowsAffected(claimed) === 1 ? job : undefined;
    },
    { behavior: "immediate" },
  );
}

/**
 * PostgreSQL: one statement; workers claiming at once each lock a different queued row
 * (SKIP LOCKED) instead of queueing behind one another's transactions.
 */
async function claimWithSkipLocked(db: Db, opts: { orgId: string; holder: string; leaseMs: number }, now: number): Promise<ClaimedJob | undefined> {
  return await rawGet<ClaimedJob>(
    db,
    sql`UPDATE jobs SET status = 'running', started_at = ${new Date(now).toISOString()}, attempts = attempts + 1,
          lease_holder = ${opts.holder}, lease_expires_at = ${leaseUntil(opts.leaseMs, now)}
        WHERE id = (
          SELECT id FROM jobs WHERE status = 'queued' AND kind = 'deploy' AND org_id = ${opts.orgId}
          ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, payload`,
  );
}

/**
 * Extends the leases `holder` has on `jobIds` (and on the environment locks of those jobs).
 * Returns the jobs whose lease the holder no longer has: another worker failed them as
 * interrupted, so the holder must not report them finished.
 */
export async function renewLeases(db: Db, opts: { holder: string; jobIds: string[]; leaseMs: number; now?: number }): Promise<string[]> {
  if (opts.jobIds.length === 0) return [];
  const expires = leaseUntil(opts.leaseMs, opts.now);
  return await db.transaction(
    async (tx) => {
      const kept = (await tx
        .update(jobs)
        .set({ leaseExpiresAt: expires })
        .where(and(inArray(jobs.id, opts.jobIds), eq(jobs.leaseHolder, opts.holder), eq(jobs.status, "running")))
        .returning({ id: jobs.id }))
        .map((j) => j.id);
      if (kept.length > 0) {
        await tx.update(environmentLocks)
          .set({ leaseExpiresAt: expires })
          .where(and(inArray(environmentLocks.deploymentId, kept), eq(environmentLocks.holder, opts.holder)));
      }
      const keptSet = new Set(kept);
      return opts.jobIds.filter((id) => !keptSet.has(id));
    },
    { behavior: "immediate" },
  );
}

/**
 * Gives up the leases `holder` has (a worker stopping before its jobs finished), so that the
 * next reap by any worker fails them at once instead of one lease later.
 */
export async function expireLeasesOf(db: Db, holder: string, now = Date.now()): Promise<void> {
  const past = new Date(now - 1).toISOString();
  await db.transaction(
    async (tx) => {
      await tx.update(jobs).set({ leaseExpiresAt: past }).where(and(eq(jobs.leaseHolder, holder), eq(jobs.status, "running")));
      await tx.update(environmentLocks).set({ leaseExpiresAt: past }).where(eq(environmentLocks.holder, holder));
    },
    { behavior: "immediate" },
  );
}

/** Marks a job the holder finished as done, if the holder still has it. */
export async function finishJob(db: Db, opts: { holder: string; jobId: string }): Promise<boolean> {
  return (
    rowsAffected(await db
      .update(jobs)
      .set({ status: "done", finishedAt: new Date().toISOString(), leaseExpiresAt: null })
      .where(and(eq(jobs.id, opts.jobId), eq(jobs.leaseHolder, opts.holder), eq(jobs.status, "running")))) === 1
  );
}

const INTERRUPTED = "Baton stopped while this deployment was running (the worker running it stopped renewing its lease); deploy again to finish it";

/**
 * Fails every running job whose lease expired — its worker died (kill -9, node lost) or hung —
 * with an "interrupted" error on its deployment, and releases the environment locks of those
 * jobs and any other lock whose lease expired. Returns the deployments it failed.
 */
export async function reapExpiredJobs(db: Db, now = Date.now()): Promise<string[]> {
  const at = new Date(now).toISOString();
  // Every worker polls this: a plain read when nothing expired, no write lock.
  const anyExpired = (await first(db.select({ id: jobs.id }).from(jobs).where(expiredJobs(at)).limit(1))) ?? (await first(db.select({ id: environmentLocks.deploymentId }).from(environmentLocks).where(expiredLocks(at)).limit(1)));
  if (!anyExpired) return [];
  return await db.transaction(
    async (tx) => {
      const expired = (await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(expiredJobs(at)))
        .map((j) => j.id);
      const failed: string[] = [];
      for (const id of expired) {
        await tx.update(jobs).set({ status: "failed", finishedAt: at, error: "interrupted", leaseExpiresAt: null }).where(eq(jobs.id, id));
        await tx.delete(environmentLocks).where(eq(environmentLocks.deploymentId, id));
        const unfinished = await tx
          .update(deployments)
          .set({ status: "failed", statusChangedAt: at, finishedAt: at })
          .where(and(eq(deployments.id, id), inArray(deployments.status, ["pending", "in progress"])));
        if (rowsAffected(unfinished) === 0) continue;
        await tx.insert(deploymentErrors).values({ deploymentId: id, code: "interrupted", scope: "deployment", objectId: id, message: INTERRUPTED });
        await tx.insert(deploymentEvents).values({ deploymentId: id, at, level: "error", step: "done", message: "Interrupted: the worker running this deployment stopped" });
        await refreshSummaryOfDeployment(tx, id);
        await enqueueDeploymentEvent(tx, id, "failed");
        failed.push(id);
      }
      await tx.delete(environmentLocks).where(expiredLocks(at));
      return failed;
    },
    { behavior: "immediate" },
  );
}
