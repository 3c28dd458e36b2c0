import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { first, rowsAffected } from "@/db/raw";
import { pipelineRuns } from "@/db/tables";
import { leaseUntil } from "@/lib/server/deploy/job-leases";

/**
 * Leases on pipeline runs, as on deploy jobs (lib/server/deploy/job-leases.ts): a worker
 * advances a run only while it holds the run's lease, and every write it makes checks the
 * lease in the same transaction. Unlike a deploy job, a run whose worker died is not failed:
 * any worker takes it over and resumes after the last step recorded as done.
 */

const RUNNABLE = ["executing", "cancelling"];

export class LeaseLost extends Error {
  constructor(runId: string) {
    super(`lost the lease on pipeline run ${runId}`);
  }
}

const claimable = (at: string) =>
  and(inArray(pipelineRuns.status, RUNNABLE), or(isNull(pipelineRuns.wakeAt), lte(pipelineRuns.wakeAt, at)), or(isNull(pipelineRuns.leaseExpiresAt), lt(pipelineRuns.leaseExpiresAt, at)));

/** Takes the lease on the oldest run that can be advanced now, or nothing. */
export async function claimRunnableRun(db: Db, opts: { orgId: string; holder: string; leaseMs: number; now?: number }): Promise<string | undefined> {
  const now = opts.now ?? Date.now();
  const at = new Date(now).toISOString();
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await first(db.select({ id: pipelineRuns.id }).from(pipelineRuns).where(and(eq(pipelineRuns.orgId, opts.orgId), claimable(at))).orderBy(asc(pipelineRuns.createdAt)).limit(1));
    if (!candidate) return undefined;
    // Compare-and-set: of several workers seeing the same candidate, one wins.
    const won = await db.update(pipelineRuns)
      .set({ leaseHolder: opts.holder, leaseExpiresAt: leaseUntil(opts.leaseMs, now) })
      .where(and(eq(pipelineRuns.id, candidate.id), claimable(at)));
    if (rowsAffected(won) === 1) return candidate.id;
  }
  return undefined;
}

/**
 * Inside a write transaction: renews the holder's lease, or throws LeaseLost when another
 * worker took the run over (then this write must not happen). An expired lease nobody took
 * is still the holder's.
 */
export async function keepLease(tx: Tx, runId: string, holder: string, leaseMs: number): Promise<void> {
  const kept = await tx.update(pipelineRuns).set({ leaseExpiresAt: leaseUntil(leaseMs) }).where(and(eq(pipelineRuns.id, runId), eq(pipelineRuns.leaseHolder, holder)));
  if (rowsAffected(kept) !== 1) throw new LeaseLost(runId);
}

/** Gives the run back: `wakeAt` says when it should be looked at again (null: when something wakes it). */
export async function releaseRun(tx: Tx, runId: string, holder: string, wakeAt: string | null): Promise<void> {
  await tx.update(pipelineRuns).set({ leaseHolder: null, leaseExpiresAt: null, wakeAt }).where(and(eq(pipelineRuns.id, runId), eq(pipelineRuns.leaseHolder, holder)));
}
