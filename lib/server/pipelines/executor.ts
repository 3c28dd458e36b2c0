import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { writeTransaction } from "@/db/write-transaction";
import { pipelineApprovals, pipelineJobs, pipelineRuns, pipelineStepLogs, pipelineSteps } from "@/db/tables";
import { resolveInputs, type PipelineJobDefinition } from "@/lib/engine/pipelines";
import { loadActor } from "@/lib/server/data/users";
import { SafeError } from "@/lib/server/errors";
import { definitionOf, getPipelineVersion, getRunById, isFinished, listJobs, listSteps, type PipelineRunRecord } from "./data";
import { keepLease, releaseRun } from "./leases";
import { EnvironmentBusy, STEP_ACTIONS, type StepOutcome, type StepRuntime } from "./step-actions";

export interface ExecutorOptions {
  db: Db;
  holder: string;
  leaseMs: number;
  onDeploymentQueued?: () => void;
}

/** How long a step waits before trying again to start in an environment that is deploying. */
const BUSY_RETRY_MS = 2000;
/** Transitions one claim may make before giving the run back (others get their turn). */
const MAX_TRANSITIONS = 200;

const now = () => new Date().toISOString();
const JOB_DONE = ["succeeded", "failed", "cancelled"];

async function log(tx: Tx, runId: string, jobId: string, stepIndex: number, message: string, level: "info" | "warn" | "error" = "info") {
  await tx.insert(pipelineStepLogs).values({ runId, jobId, stepIndex, at: now(), level, message: message.slice(0, 4000) });
}

/**
 * Advances a run whose lease `holder` has, as far as it can go now: starts the next step,
 * polls the current one, finishes jobs and the run. Every change is one transaction that
 * first checks the lease, and a step's start is recorded in the transaction that begins its
 * work, so a worker that dies anywhere leaves the run where another can resume it. Gives the
 * lease back when the run waits (an approval, a deployment, a wait step) or ends.
 */
export async function advanceRun(opts: ExecutorOptions, runId: string): Promise<void> {
  const { db, holder, leaseMs } = opts;
  const scopeOf = (run: PipelineRunRecord) => `${run.orgId}/apps/${run.appId}`;
  for (let transitions = 0; transitions < MAX_TRANSITIONS; transitions++) {
    const run = await getRunById(db, runId);
    if (!run || run.leaseHolder !== holder) return;
    const tx = <T>(body: (tx: Tx) => Promise<T>) => writeTransaction(db, scopeOf(run), async (t) => {
      await keepLease(t, runId, holder, leaseMs);
      return await body(t);
    });
    if (isFinished(run.status)) return await tx((t) => releaseRun(t, runId, holder, null));
    if (run.cancellationRequestedAt) return await tx((t) => finishRun(t, run, "cancelled", "Cancelled", holder));
    if (run.executingAt && Date.parse(run.executingAt) + run.timeoutSeconds * 1000 < Date.now()) {
      return await tx((t) => finishRun(t, run, "timed_out", `The run took longer than ${run.timeoutSeconds} s`, holder));
    }
    if (!run.executingAt) await tx(async (t) => void (await t.update(pipelineRuns).set({ executingAt: now(), statusMessage: "Executing" }).where(eq(pipelineRuns.id, runId))));

    const version = await getPipelineVersion(db, run.orgId, run.versionId);
    if (!version) return await tx((t) => finishRun(t, run, "failed", "The pipeline version of this run is gone", holder));
    const definition = definitionOf(version);
    const jobs = await listJobs(db, runId);
    const statusOf = new Map(jobs.map((j) => [j.id, j.status]));

    // A job whose needed job did not succeed will never run.
    const blocked = definition.jobs.find((j) => !JOB_DONE.includes(statusOf.get(j.id) ?? "") && j.needs.some((n) => ["failed", "cancelled"].includes(statusOf.get(n) ?? "")));
    if (blocked) {
      await tx(async (t) => void (await t.update(pipelineJobs).set({ status: "cancelled", statusMessage: `Not run: a job it needs did not succeed`, updatedAt: now(), completedAt: now() }).where(and(eq(pipelineJobs.runId, runId), eq(pipelineJobs.id, blocked.id)))));
      continue;
    }
    const job = definition.jobs.find((j) => !JOB_DONE.includes(statusOf.get(j.id) ?? "") && j.needs.every((n) => statusOf.get(n) === "succeeded"));
    if (!job) {
      const failed = jobs.filter((j) => j.status !== "succeeded");
      return await tx((t) => finishRun(t, run, failed.length ? "failed" : "succeeded", failed.length ? `Job ${failed.map((j) => j.id).join(", ")} did not succeed` : "All jobs succeeded", holder));
    }
    const outcome = await advanceJob(opts, run, job, tx);
    if (outcome === "continue") continue;
    return;
  }
  // Bounded: give the run back, runnable at once.
  const run = await getRunById(db, runId);
  if (run) await writeTransaction(db, scopeOf(run), async (t) => releaseRun(t, runId, holder, null));
}

type InTx = <T>(body: (tx: Tx) => Promise<T>) => Promise<T>;

async function advanceJob(opts: ExecutorOptions, run: PipelineRunRecord, job: PipelineJobDefinition, tx: InTx): Promise<"continue" | "released"> {
  const steps = await listSteps(opts.db, run.id, job.id);
  const jobRow = (await listJobs(opts.db, run.id)).find((j) => j.id === job.id)!;
  if (jobRow.status === "queued") {
    await tx(async (t) => void (await t.update(pipelineJobs).set({ status: "executing", statusMessage: "Executing", updatedAt: now() }).where(and(eq(pipelineJobs.runId, run.id), eq(pipelineJobs.id, job.id)))));
  }
  const current = steps.find((s) => s.status !== "succeeded");
  const stepIndex = current?.stepIndex ?? steps.length;
  if (current && current.status !== "executing") return await finishJob(run, job.id, "failed", `Step ${current.stepIndex} (${current.name}) ${current.status}`, tx);
  if (stepIndex >= job.steps.length) return await finishJob(run, job.id, "succeeded", "All steps succeeded", tx);

  const step = job.steps[stepIndex];
  const actor = await loadActor(opts.db, run.orgId, run.createdBy);
  const rt: StepRuntime = { db: opts.db, actor: actor!, run, jobId: job.id, stepIndex, args: resolveInputs(step.with, run.inputs) as Record<string, unknown>, requestId: `pipeline-run-${run.id}`, onDeploymentQueued: opts.onDeploymentQueued };
  const action = STEP_ACTIONS[step.action];
  let state = current?.state;
  if (!current) {
    if (!actor) return await failStepAtStart(run, job.id, stepIndex, step, "The user who started this run no longer exists or is disabled", tx);
    try {
      state = await tx(async (t) => {
        const started = await action.start(t, rt);
        await t.insert(pipelineSteps).values({ runId: run.id, jobId: job.id, stepIndex, name: step.name, uses: step.uses, status: "executing", statusMessage: "Executing", createdAt: now(), timeoutSeconds: step.timeoutSeconds, relatedEntities: started.related ?? {}, state: { ...started.state, startedAt: Date.now() } });
        await log(t, run.id, job.id, stepIndex, started.log);
        return started.state;
      });
    } catch (err) {
      if (err instanceof EnvironmentBusy) {
        await tx((t) => setWaiting(t, run, job.id, `Waiting: ${err.message}`, new Date(Date.now() + BUSY_RETRY_MS).toISOString(), opts.holder));
        return "released";
      }
      if (err instanceof SafeError) return await failStepAtStart(run, job.id, stepIndex, step, err.message, tx);
      throw err;
    }
  }
  const startedAt = Number((state as Record<string, unknown>).startedAt ?? Date.now());
  let outcome: StepOutcome = await action.poll(rt, state ?? {});
  if (!("done" in outcome) && Date.now() - startedAt > step.timeoutSeconds * 1000) outcome = { done: "failed", message: `Timed out after ${step.timeoutSeconds} s` };
  if ("done" in outcome) {
    const done = outcome;
    await tx(async (t) => {
      await t.update(pipelineSteps).set({ status: done.done, statusMessage: done.message, completedAt: now() }).where(and(eq(pipelineSteps.runId, run.id), eq(pipelineSteps.jobId, job.id), eq(pipelineSteps.stepIndex, stepIndex)));
      await log(t, run.id, job.id, stepIndex, done.message, done.done === "failed" ? "error" : "info");
    });
    return "continue";
  }
  const wakeAt = "waitUntil" in outcome ? new Date(outcome.waitUntil).toISOString() : null;
  await tx((t) => setWaiting(t, run, job.id, outcome.message, wakeAt, opts.holder, "waitForApproval" in outcome));
  return "released";
}

async function setWaiting(t: Tx, run: PipelineRunRecord, jobId: string, message: string, wakeAt: string | null, holder: string, forApproval = false) {
  await t.update(pipelineJobs).set({ waitingFor: forApproval ? "approval" : wakeAt ? "time" : null, statusMessage: message, updatedAt: now() }).where(and(eq(pipelineJobs.runId, run.id), eq(pipelineJobs.id, jobId)));
  await t.update(pipelineRuns).set({ status: forApproval ? "waiting" : "executing", statusMessage: message }).where(eq(pipelineRuns.id, run.id));
  await releaseRun(t, run.id, holder, wakeAt);
}

async function failStepAtStart(run: PipelineRunRecord, jobId: string, stepIndex: number, step: PipelineJobDefinition["steps"][number], message: string, tx: InTx): Promise<"continue"> {
  await tx(async (t) => {
    await t.insert(pipelineSteps).values({ runId: run.id, jobId, stepIndex, name: step.name, uses: step.uses, status: "failed", statusMessage: message, createdAt: now(), completedAt: now(), timeoutSeconds: step.timeoutSeconds, relatedEntities: {}, state: {} });
    await log(t, run.id, jobId, stepIndex, message, "error");
  });
  return "continue";
}

async function finishJob(run: PipelineRunRecord, jobId: string, status: "succeeded" | "failed", message: string, tx: InTx): Promise<"continue"> {
  await tx(async (t) => void (await t.update(pipelineJobs).set({ status, statusMessage: message, waitingFor: null, updatedAt: now(), completedAt: now() }).where(and(eq(pipelineJobs.runId, run.id), eq(pipelineJobs.id, jobId)))));
  return "continue";
}

/** Ends a run: unfinished jobs and steps are cancelled, waiting approvals too, and the lease is given back. */
export async function finishRun(t: Tx, run: PipelineRunRecord, status: "succeeded" | "failed" | "cancelled" | "timed_out", message: string, holder: string | null): Promise<void> {
  const at = now();
  await t.update(pipelineSteps).set({ status: "cancelled", statusMessage: message, completedAt: at }).where(and(eq(pipelineSteps.runId, run.id), eq(pipelineSteps.status, "executing")));
  await t.update(pipelineJobs).set({ status: "cancelled", statusMessage: message, waitingFor: null, updatedAt: at, completedAt: at }).where(and(eq(pipelineJobs.runId, run.id), inArray(pipelineJobs.status, ["queued", "executing"])));
  await t.update(pipelineApprovals).set({ status: "cancelled" }).where(and(eq(pipelineApprovals.runId, run.id), eq(pipelineApprovals.status, "waiting")));
  await t.update(pipelineRuns).set({ status, statusMessage: message, completedAt: at, wakeAt: null, leaseHolder: null, leaseExpiresAt: null }).where(holder ? and(eq(pipelineRuns.id, run.id), eq(pipelineRuns.leaseHolder, holder)) : eq(pipelineRuns.id, run.id));
}
