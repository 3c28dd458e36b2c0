import { and, asc, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { first, rowsAffected } from "@/db/raw";
import { automationTriggers } from "@/db/tables";
import { leaseUntil } from "@/lib/server/deploy/job-leases";

/**
 * Leases on automation triggers, as on deploy jobs and pipeline runs: a worker acts on a
 * trigger only while it holds the lease, and the transaction that acts also checks the lease
 * and records the outcome, so a trigger is acted on once however many workers race for it. A
 * trigger whose worker died before that transaction committed is taken over after its lease.
 */

const claimable = (at: string) =>
  or(
    and(eq(automationTriggers.status, "queued"), or(isNull(automationTriggers.availableAt), lte(automationTriggers.availableAt, at))),
    and(eq(automationTriggers.status, "running"), or(isNull(automationTriggers.leaseExpiresAt), lt(automationTriggers.leaseExpiresAt, at))),
  );

/** Takes the lease on the oldest trigger that can be processed now, or nothing. */
export async function claimTrigger(db: Db, opts: { orgId: string; holder: string; leaseMs: number; now?: number }): Promise<string | undefined> {
  const now = opts.now ?? Date.now();
  const at = new Date(now).toISOString();
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await first(db.select({ id: automationTriggers.id }).from(automationTriggers).where(and(eq(automationTriggers.orgId, opts.orgId), claimable(at))).orderBy(asc(automationTriggers.createdAt)).limit(1));
    if (!candidate) return undefined;
    // Compare-and-set: of several workers seeing the same candidate, one wins.
    const won = await db.update(automationTriggers)
      .set({ status: "running", attempts: sql`${automationTriggers.attempts} + 1`, leaseHolder: opts.holder, leaseExpiresAt: leaseUntil(opts.leaseMs, now) })
      .where(and(eq(automationTriggers.id, candidate.id), claimable(at)));
    if (rowsAffected(won) === 1) return candidate.id;
  }
  return undefined;
}

/** Inside the acting transaction: whether `holder` still has the trigger (renewing the lease). */
export async function keepTriggerLease(tx: Tx, triggerId: string, holder: string, leaseMs: number): Promise<boolean> {
  const kept = await tx.update(automationTriggers)
    .set({ leaseExpiresAt: leaseUntil(leaseMs) })
    .where(and(eq(automationTriggers.id, triggerId), eq(automationTriggers.leaseHolder, holder), eq(automationTriggers.status, "running")));
  return rowsAffected(kept) === 1;
}

export type TriggerOutcome =
  | { status: "deployed"; deploymentId: string; message: string }
  | { status: "pipeline"; pipelineRunIds: string[]; message: string }
  | { status: "skipped"; message: string }
  | { status: "failed"; message: string };

/** Records the final outcome, if `holder` still has the trigger. */
export async function finishTrigger(tx: Tx, triggerId: string, holder: string, outcome: TriggerOutcome): Promise<boolean> {
  const done = await tx.update(automationTriggers)
    .set({
      status: outcome.status,
      message: outcome.message,
      deploymentId: outcome.status === "deployed" ? outcome.deploymentId : null,
      pipelineRunIds: outcome.status === "pipeline" ? outcome.pipelineRunIds : null,
      leaseHolder: null,
      leaseExpiresAt: null,
      finishedAt: new Date().toISOString(),
    })
    .where(and(eq(automationTriggers.id, triggerId), eq(automationTriggers.leaseHolder, holder), eq(automationTriggers.status, "running")));
  return rowsAffected(done) === 1;
}

/** Gives the trigger back to the queue until `availableAt` (its environment is busy). */
export async function postponeTrigger(tx: Tx, triggerId: string, holder: string, availableAt: string, message: string): Promise<void> {
  await tx.update(automationTriggers)
    .set({ status: "queued", availableAt, message, leaseHolder: null, leaseExpiresAt: null })
    .where(and(eq(automationTriggers.id, triggerId), eq(automationTriggers.leaseHolder, holder), eq(automationTriggers.status, "running")));
}
