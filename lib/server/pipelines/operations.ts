import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { pipelineApprovals, pipelineCriteria, pipelineRuns, pipelineVersions, pipelines } from "@/db/tables";
import { DEPLOYMENT_REQUEST_INPUTS, checkRunInputs, parsePipelineYaml, type PipelineDefinition, type TriggerType } from "@/lib/engine/pipelines";
import { getEnvironment } from "@/lib/server/data/apps";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation, type OperationContext } from "@/lib/server/operations/operation";
import { appIdSchema } from "@/lib/validation/ids";
import { definitionOf, getApproval, getPipeline, getPipelineVersion, getRun, isFinished, listCriteria, listPipelines } from "./data";
import { insertRun, newPipelineObjectId } from "./runs";
import { announceRunnableRun } from "./wakeups";

const idSchema = (what: string) => z.string().min(1, `${what} is required`).max(100);
const yamlSchema = z.string().min(1, "the pipeline document is required");

function parseOrThrow(yaml: string): PipelineDefinition {
  const r = parsePipelineYaml(yaml);
  if (r.ok) return r.pipeline;
  const fields = r.problems.map((p) => ({ field: p.field, message: p.line ? `line ${p.line}: ${p.message}` : p.message }));
  throw new SafeError("unprocessable", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
}

/** Humanitec derives a pipeline's id from its name. */
function slugOf(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  return slug.length >= 2 ? slug : `pipeline-${slug || "x"}`;
}

async function requirePipeline(tx: Tx, orgId: string, appId: string, pipelineId: string) {
  const p = await getPipeline(tx, orgId, appId, pipelineId);
  if (!p) throw notFound(`Pipeline "${pipelineId}" of application "${appId}"`);
  return p;
}

async function saveVersion(tx: Tx, ctx: OperationContext, appId: string, pipelineId: string, yaml: string, definition: PipelineDefinition): Promise<string> {
  const id = newPipelineObjectId();
  await tx.insert(pipelineVersions).values({ id, orgId: ctx.actor.orgId, appId, pipelineId, yaml, definition: definition as unknown as Record<string, unknown>, createdAt: new Date().toISOString(), createdBy: ctx.actor.userId });
  return id;
}

export const createPipeline = defineOperation({
  name: "pipeline.create",
  input: z.object({ appId: appIdSchema, yaml: yamlSchema }),
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  async execute(tx, input, ctx) {
    const definition = parseOrThrow(input.yaml);
    const taken = new Set((await listPipelines(tx, ctx.actor.orgId, input.appId)).map((p) => p.id));
    const base = slugOf(definition.name);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    const versionId = await saveVersion(tx, ctx, input.appId, id, input.yaml, definition);
    await tx.insert(pipelines).values({ orgId: ctx.actor.orgId, appId: input.appId, id, name: definition.name, status: "active", versionId, triggerTypes: Object.keys(definition.triggers), metadata: {}, createdAt: new Date().toISOString(), createdBy: ctx.actor.userId });
    return { id, versionId };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/pipeline/${r.id}`, details: { version: r.versionId } }),
});

export const updatePipeline = defineOperation({
  name: "pipeline.update",
  input: z.object({ appId: appIdSchema, pipelineId: idSchema("pipelineId"), yaml: yamlSchema, ifMatch: z.string().optional() }),
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  async execute(tx, input, ctx) {
    const p = await requirePipeline(tx, ctx.actor.orgId, input.appId, input.pipelineId);
    if (input.ifMatch && input.ifMatch.replace(/"/g, "") !== p.versionId) throw new SafeError("conflict", `The pipeline changed since version ${input.ifMatch} (now ${p.versionId}); reload it`);
    const definition = parseOrThrow(input.yaml);
    const versionId = await saveVersion(tx, ctx, input.appId, p.id, input.yaml, definition);
    await tx.update(pipelines).set({ name: definition.name, versionId, triggerTypes: Object.keys(definition.triggers) }).where(and(eq(pipelines.orgId, ctx.actor.orgId), eq(pipelines.appId, input.appId), eq(pipelines.id, p.id)));
    return { id: p.id, versionId };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/pipeline/${r.id}`, details: { version: r.versionId } }),
});

export const deletePipeline = defineOperation({
  name: "pipeline.delete",
  input: z.object({ appId: appIdSchema, pipelineId: idSchema("pipelineId") }),
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  async execute(tx, input, ctx) {
    const p = await requirePipeline(tx, ctx.actor.orgId, input.appId, input.pipelineId);
    const where = and(eq(pipelineRuns.orgId, ctx.actor.orgId), eq(pipelineRuns.appId, input.appId), eq(pipelineRuns.pipelineId, p.id));
    const active = (await tx.select({ id: pipelineRuns.id, status: pipelineRuns.status }).from(pipelineRuns).where(where)).filter((r) => !isFinished(r.status));
    if (active.length) throw new SafeError("conflict", `Pipeline "${p.id}" has ${active.length} unfinished run(s) (${active.map((r) => r.id).join(", ")}); cancel them first`);
    await tx.delete(pipelineRuns).where(where);
    await tx.delete(pipelineCriteria).where(and(eq(pipelineCriteria.orgId, ctx.actor.orgId), eq(pipelineCriteria.appId, input.appId), eq(pipelineCriteria.pipelineId, p.id)));
    await tx.delete(pipelineVersions).where(and(eq(pipelineVersions.orgId, ctx.actor.orgId), eq(pipelineVersions.appId, input.appId), eq(pipelineVersions.pipelineId, p.id)));
    await tx.delete(pipelines).where(and(eq(pipelines.orgId, ctx.actor.orgId), eq(pipelines.appId, input.appId), eq(pipelines.id, p.id)));
    return { id: p.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}` }),
});

export const startPipelineRun = defineOperation({
  name: "pipeline.run.start",
  input: z.object({ appId: appIdSchema, pipelineId: idSchema("pipelineId"), inputs: z.record(z.string(), z.unknown()).optional().default({}) }),
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, ctx) {
    const p = await requirePipeline(tx, ctx.actor.orgId, input.appId, input.pipelineId);
    const version = (await getPipelineVersion(tx, ctx.actor.orgId, p.versionId))!;
    const definition = definitionOf(version);
    if (!definition.triggers.pipeline_call) throw new SafeError("unprocessable", `Pipeline "${p.id}" has no pipeline_call trigger, so it cannot be run by hand`);
    const checked = checkRunInputs(definition, input.inputs);
    if (!checked.ok) throw new SafeError("unprocessable", checked.problems.map((q) => `${q.field}: ${q.message}`).join("; "), { fields: checked.problems.map((q) => ({ field: q.field, message: q.message })) });
    const id = await insertRun(tx, { orgId: ctx.actor.orgId, appId: input.appId, pipelineId: p.id, versionId: p.versionId, definition, trigger: "pipeline_call", inputs: checked.inputs, createdBy: ctx.actor.userId });
    return { id };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}/run/${r.id}`, details: { trigger: "pipeline_call" } }),
});

const runInput = z.object({ appId: appIdSchema, pipelineId: idSchema("pipelineId"), runId: idSchema("runId") });

async function requireRun(tx: Tx, ctx: OperationContext, input: z.infer<typeof runInput>) {
  const run = await getRun(tx, ctx.actor.orgId, input.appId, input.pipelineId, input.runId);
  if (!run) throw notFound(`Run "${input.runId}" of pipeline "${input.pipelineId}"`);
  return run;
}

/** Asks the run to stop: waiting approvals are cancelled now, the worker ends the run at its next look. */
export const cancelPipelineRun = defineOperation({
  name: "pipeline.run.cancel",
  input: runInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, ctx) {
    const run = await requireRun(tx, ctx, input);
    if (isFinished(run.status)) throw new SafeError("conflict", `Run "${run.id}" already ended (${run.status})`);
    await tx.update(pipelineRuns).set({ status: "cancelling", statusMessage: `Cancellation requested by ${ctx.actor.email}`, cancellationRequestedAt: run.cancellationRequestedAt ?? new Date().toISOString(), wakeAt: null }).where(eq(pipelineRuns.id, run.id));
    await tx.update(pipelineApprovals).set({ status: "cancelled" }).where(and(eq(pipelineApprovals.runId, run.id), eq(pipelineApprovals.status, "waiting")));
    await announceRunnableRun(tx);
    return { id: run.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}/run/${input.runId}` }),
});

/** Humanitec's restart: a new run of the same pipeline version with the same trigger and inputs. */
export const restartPipelineRun = defineOperation({
  name: "pipeline.run.restart",
  input: runInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, ctx) {
    const run = await requireRun(tx, ctx, input);
    if (!isFinished(run.status)) throw new SafeError("conflict", `Run "${run.id}" is still ${run.status}; cancel it or wait for it to end before restarting`);
    const version = await getPipelineVersion(tx, ctx.actor.orgId, run.versionId);
    if (!version) throw notFound(`Pipeline version "${run.versionId}"`);
    const id = await insertRun(tx, { orgId: ctx.actor.orgId, appId: run.appId, pipelineId: run.pipelineId, versionId: run.versionId, definition: definitionOf(version), trigger: run.trigger as TriggerType, inputs: run.inputs, createdBy: ctx.actor.userId, restartedFrom: run.id });
    return { id };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}/run/${r.id}`, details: { restartedFrom: input.runId } }),
});

const approvalInput = runInput.extend({ jobId: idSchema("jobId"), approvalId: idSchema("approvalId"), decision: z.enum(["approved", "denied"]) });

/**
 * Approves or denies a waiting approval. Whoever may deploy to the approval's environment may
 * decide (Humanitec: the env type's deployer role), whoever started the run.
 */
export const decidePipelineApproval = defineOperation({
  name: "pipeline.approval.decide",
  input: approvalInput,
  permission: async (input, { db, actor }) => {
    const a = await getApproval(db, actor.orgId, input.approvalId);
    const env = a && a.appId === input.appId ? await getEnvironment(db, actor.orgId, input.appId, a.envId) : undefined;
    return { action: "env.deploy", appId: input.appId, envType: env?.type ?? "" };
  },
  async execute(tx, input, ctx) {
    const a = await getApproval(tx, ctx.actor.orgId, input.approvalId);
    if (!a || a.appId !== input.appId || a.pipelineId !== input.pipelineId || a.runId !== input.runId || a.jobId !== input.jobId) throw notFound(`Approval request "${input.approvalId}"`);
    if (a.status !== "waiting") throw new SafeError("conflict", `The approval request is already ${a.status}`);
    const at = new Date().toISOString();
    await tx.update(pipelineApprovals).set({ status: input.decision, approvedBy: ctx.actor.userId, approvedAt: at }).where(and(eq(pipelineApprovals.id, a.id), eq(pipelineApprovals.status, "waiting")));
    await tx.update(pipelineRuns).set({ status: "executing", wakeAt: null }).where(and(eq(pipelineRuns.id, a.runId), inArray(pipelineRuns.status, ["waiting", "executing"])));
    await announceRunnableRun(tx);
    return { id: a.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}/run/${input.runId}/approval/${input.approvalId}`, details: { decision: input.decision } }),
});

export const createPipelineCriteria = defineOperation({
  name: "pipeline.criteria.create",
  input: z.object({
    appId: appIdSchema,
    pipelineId: idSchema("pipelineId"),
    trigger: z.literal("deployment_request", { message: 'trigger must be "deployment_request"' }),
    envType: z.string().min(1).max(63).optional(),
    envId: z.string().min(1).max(50).optional(),
    criteriaAppId: z.string().optional(),
    deploymentType: z.enum(["deploy", "redeploy"]).optional(),
  }),
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  async execute(tx, input, ctx) {
    const p = await requirePipeline(tx, ctx.actor.orgId, input.appId, input.pipelineId);
    if (input.criteriaAppId && input.criteriaAppId !== input.appId) throw new SafeError("unprocessable", `app_id: a pipeline of "${input.appId}" can only match that application`);
    if (!p.triggerTypes.includes("deployment_request")) throw new SafeError("unprocessable", `trigger: pipeline "${p.id}" does not declare the deployment_request trigger (on: {deployment_request: {}})`);
    const clash = (await listCriteria(tx, ctx.actor.orgId, input.appId)).find((c) => (c.envType ?? null) === (input.envType ?? null) && (c.envId ?? null) === (input.envId ?? null) && (c.deploymentType ?? null) === (input.deploymentType ?? null));
    if (clash) throw new SafeError("conflict", `Pipeline "${clash.pipelineId}" already has these criteria (${clash.id})`);
    const id = newPipelineObjectId();
    await tx.insert(pipelineCriteria).values({ id, orgId: ctx.actor.orgId, appId: input.appId, pipelineId: p.id, trigger: input.trigger, envType: input.envType ?? null, envId: input.envId ?? null, deploymentType: input.deploymentType ?? null, createdAt: new Date().toISOString() });
    return { id };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}/criteria/${r.id}`, details: { envType: input.envType, envId: input.envId } }),
});

export const deletePipelineCriteria = defineOperation({
  name: "pipeline.criteria.delete",
  input: z.object({ appId: appIdSchema, pipelineId: idSchema("pipelineId"), criteriaId: idSchema("criteriaId") }),
  permission: (input) => ({ action: "app.update", appId: input.appId }),
  async execute(tx, input, ctx) {
    const c = (await listCriteria(tx, ctx.actor.orgId, input.appId, input.pipelineId)).find((x) => x.id === input.criteriaId);
    if (!c) throw notFound(`Criteria "${input.criteriaId}" of pipeline "${input.pipelineId}"`);
    await tx.delete(pipelineCriteria).where(eq(pipelineCriteria.id, c.id));
    return { id: c.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/pipeline/${input.pipelineId}/criteria/${input.criteriaId}` }),
});

/**
 * Humanitec's deployment request (POST /apps/{appId}/pipeline-runs, trigger
 * deployment_request): the pipeline whose criteria match the target environment most closely
 * (environment id, then environment type, then any) runs with the request as its inputs,
 * instead of a direct deployment.
 */
export const requestDeploymentByPipeline = defineOperation({
  name: "pipeline.run.deployment-request",
  input: z
    .object({
      appId: appIdSchema,
      envId: z.string().min(1, "env_id is required"),
      deltaId: z.string().min(1).optional(),
      setId: z.string().min(1).optional(),
      deploymentId: z.string().min(1).optional(),
      valueSetVersionId: z.string().min(1).optional(),
      comment: z.string().max(1000).optional(),
    })
    .refine((v) => [v.deltaId, v.setId, v.deploymentId].filter(Boolean).length === 1, { message: "give exactly one of delta_id, set_id and deployment_id", path: ["delta_id"] }),
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, ctx) {
    const env = await getEnvironment(tx, ctx.actor.orgId, input.appId, input.envId);
    if (!env) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    const type = input.deploymentId ? "redeploy" : "deploy";
    const candidates = (await listCriteria(tx, ctx.actor.orgId, input.appId)).filter((c) => (!c.envId || c.envId === env.id) && (!c.envType || c.envType === env.type) && (!c.deploymentType || c.deploymentType === type));
    const rank = (c: (typeof candidates)[number]) => (c.envId ? 4 : 0) + (c.envType ? 2 : 0) + (c.deploymentType ? 1 : 0);
    const match = candidates.sort((a, b) => rank(b) - rank(a))[0];
    if (!match) throw notFound(`A pipeline with deployment_request criteria matching environment "${env.id}" (type ${env.type})`);
    const p = await requirePipeline(tx, ctx.actor.orgId, input.appId, match.pipelineId);
    const version = (await getPipelineVersion(tx, ctx.actor.orgId, p.versionId))!;
    const raw: Record<string, unknown> = { env_id: env.id, delta_id: input.deltaId, set_id: input.setId, deployment_id: input.deploymentId, value_set_version_id: input.valueSetVersionId, comment: input.comment };
    const inputs = Object.fromEntries(DEPLOYMENT_REQUEST_INPUTS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
    const id = await insertRun(tx, { orgId: ctx.actor.orgId, appId: input.appId, pipelineId: p.id, versionId: p.versionId, definition: definitionOf(version), trigger: "deployment_request", inputs, createdBy: ctx.actor.userId });
    return { id, pipelineId: p.id };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/pipeline/${r.pipelineId}/run/${r.id}`, details: { trigger: "deployment_request", envId: input.envId } }),
});
