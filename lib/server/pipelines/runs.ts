import { randomUUID } from "node:crypto";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { writeTransaction } from "@/db/write-transaction";
import { pipelineJobs, pipelineRuns } from "@/db/tables";
import { resolveInputs, type PipelineDefinition, type TriggerType } from "@/lib/engine/pipelines";
import type { Actor } from "@/lib/server/auth/roles";
import { recordAudit } from "@/lib/server/data/audit";
import { definitionOf, getPipelineVersion, listPipelines, type PipelineRecord, type PipelineRunRecord } from "./data";
import { announceRunnableRun } from "./wakeups";

export const newPipelineObjectId = () => randomUUID().replace(/-/g, "");

/** The environments a run will touch, as far as its arguments tell before it starts. */
export function envIdsOf(definition: PipelineDefinition, inputs: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  if (typeof inputs.env_id === "string" && inputs.env_id) ids.add(inputs.env_id);
  for (const job of definition.jobs) {
    for (const step of job.steps) {
      const args = resolveInputs(step.with, inputs) as Record<string, unknown>;
      for (const k of ["env_id", "from_env_id"]) if (typeof args[k] === "string" && args[k]) ids.add(args[k]);
    }
  }
  return [...ids].sort();
}

/**
 * Records a new run of `versionId` with its jobs, queued for a worker, inside the caller's
 * transaction. Inputs must already be checked (checkRunInputs / the trigger's own shape).
 */
export async function insertRun(
  tx: Tx,
  run: { orgId: string; appId: string; pipelineId: string; versionId: string; definition: PipelineDefinition; trigger: TriggerType; inputs: Record<string, unknown>; createdBy: string; restartedFrom?: string },
): Promise<string> {
  const id = newPipelineObjectId();
  const now = new Date().toISOString();
  await tx.insert(pipelineRuns).values({
    id,
    orgId: run.orgId,
    appId: run.appId,
    pipelineId: run.pipelineId,
    versionId: run.versionId,
    status: "executing",
    statusMessage: "Queued",
    trigger: run.trigger,
    inputs: run.inputs,
    envIds: envIdsOf(run.definition, run.inputs),
    createdAt: now,
    createdBy: run.createdBy,
    timeoutSeconds: run.definition.timeoutSeconds,
    restartedFrom: run.restartedFrom ?? null,
  });
  await tx.insert(pipelineJobs).values(
    run.definition.jobs.map((job, position) => ({ runId: id, id: job.id, position, status: "queued", statusMessage: "Waiting for its turn", createdAt: now, updatedAt: now, timeoutSeconds: job.timeoutSeconds })),
  );
  await announceRunnableRun(tx);
  return id;
}

/**
 * Starts a run of every pipeline of the application whose current version declares `trigger`
 * (the automation rules call `startRunsForTrigger` inside their own transaction with trigger
 * "automation_rule" and inputs { env_id, set_id, comment }). Runs as the given actor (recorded
 * as the run's creator); returns the runs started.
 */
export async function startPipelineRunsForTrigger(
  db: Db,
  actor: Actor,
  opts: { appId: string; trigger: TriggerType; inputs: Record<string, unknown>; requestId?: string },
): Promise<PipelineRunRecord["id"][]> {
  return await writeTransaction(db, `${actor.orgId}/apps/${opts.appId}`, async (tx) => await startRunsForTrigger(tx, actor, opts));
}

/** The pipelines of the application that declare `trigger`. */
export async function pipelinesWithTrigger(tx: DbOrTx, orgId: string, appId: string, trigger: TriggerType): Promise<PipelineRecord[]> {
  return (await listPipelines(tx, orgId, appId)).filter((p) => p.triggerTypes.includes(trigger));
}

/** startPipelineRunsForTrigger inside the caller's transaction. */
export async function startRunsForTrigger(
  tx: Tx,
  actor: Actor,
  opts: { appId: string; trigger: TriggerType; inputs: Record<string, unknown>; requestId?: string },
): Promise<PipelineRunRecord["id"][]> {
  const started: string[] = [];
  for (const p of await pipelinesWithTrigger(tx, actor.orgId, opts.appId, opts.trigger)) started.push(await startRunOf(tx, actor, p, opts.trigger, opts.inputs, opts.requestId));
  return started;
}

async function startRunOf(tx: Tx, actor: Actor, p: PipelineRecord, trigger: TriggerType, inputs: Record<string, unknown>, requestId?: string): Promise<string> {
  const version = (await getPipelineVersion(tx, actor.orgId, p.versionId))!;
  const id = await insertRun(tx, { orgId: actor.orgId, appId: p.appId, pipelineId: p.id, versionId: p.versionId, definition: definitionOf(version), trigger, inputs, createdBy: actor.userId });
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, actorEmail: actor.email, action: "pipeline.run.start", target: `app/${p.appId}/pipeline/${p.id}/run/${id}`, details: { trigger }, requestId: requestId ?? "trigger" });
  return id;
}
