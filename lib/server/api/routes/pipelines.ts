import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { pipelineJsonSchema } from "@/lib/engine/pipelines";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { notFound } from "@/lib/server/errors";
import { runOperation } from "@/lib/server/operations/operation";
import { getApproval, getPipeline, getPipelineVersion, getRun, listApprovals, listCriteria, listJobs, listPipelineVersions, listPipelines, listRuns, listStepLogs, listSteps } from "@/lib/server/pipelines/data";
import {
  cancelPipelineRun,
  createPipeline,
  createPipelineCriteria,
  decidePipelineApproval,
  deletePipeline,
  deletePipelineCriteria,
  requestDeploymentByPipeline,
  restartPipelineRun,
  startPipelineRun,
  updatePipeline,
} from "@/lib/server/pipelines/operations";
import { approvalJson, criteriaJson, jobJson, jobPartialJson, pipelineJson, pipelineVersionJson, runJson, stepLogJson } from "@/lib/server/pipelines/shapes";
import { pageOf, paginationQuery } from "../pagination";
import { appParams, orgParams } from "../params";
import { defineRoute, operationContext, type RouteContext } from "../route";
import { requireVisibleApp } from "./apps";

type Ctx = Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">;
const segment = (what: string) => z.string().min(1).describe(what);
const pipelineParams = appParams.extend({ pipelineId: segment("Pipeline id") });
const runParams = pipelineParams.extend({ runId: segment("Run id") });
const jobParams = runParams.extend({ jobId: segment("Job id") });
const approvalParams = jobParams.extend({ approvalId: segment("Approval request id") });
const TAG = "Pipelines";
const YAML_BODY = { contentType: "application/x-yaml", description: "The pipeline document (apiVersion humanitec.io/v1beta1, kind Pipeline)" };

const pipelineSchema = z.looseObject({ id: z.string(), name: z.string(), version: z.string(), trigger_types: z.array(z.string()) }).meta({ id: "Pipeline" });
const runSchema = z.looseObject({ id: z.string(), pipeline_id: z.string(), status: z.string(), inputs: z.record(z.string(), z.unknown()) }).meta({ id: "PipelineRun" });
const jobSchema = z.looseObject({ id: z.string(), run_id: z.string(), status: z.string() }).meta({ id: "PipelineJob" });
const approvalSchema = z.looseObject({ id: z.string(), env_id: z.string(), status: z.string() }).meta({ id: "PipelineApprovalRequest" });
const criteriaSchema = z.looseObject({ id: z.string(), trigger: z.string(), pipeline_id: z.string() }).meta({ id: "PipelineCriteria" });
const logSchema = z.object({ at: z.string(), level: z.string(), message: z.string() }).meta({ id: "PipelineStepLog" });
const versionSchema = z.looseObject({ id: z.string(), pipeline_id: z.string() }).meta({ id: "PipelineVersion" });

async function requirePipelineOf(ctx: Ctx, appId: string, pipelineId: string) {
  await requireVisibleApp(ctx, appId);
  const p = await getPipeline(ctx.db, ctx.actor.orgId, appId, pipelineId);
  if (!p) throw notFound(`Pipeline "${pipelineId}" of application "${appId}"`);
  return p;
}

async function requireRunOf(ctx: Ctx, params: z.infer<typeof runParams>) {
  await requirePipelineOf(ctx, params.appId, params.pipelineId);
  const run = await getRun(ctx.db, ctx.actor.orgId, params.appId, params.pipelineId, params.runId);
  if (!run) throw notFound(`Run "${params.runId}" of pipeline "${params.pipelineId}"`);
  return run;
}

async function runWithJobs(ctx: Ctx, params: z.infer<typeof runParams>) {
  const run = await requireRunOf(ctx, params);
  return runJson(run, await listJobs(ctx.db, run.id));
}

async function pipelineById(ctx: Ctx, appId: string, id: string) {
  return pipelineJson((await getPipeline(ctx.db, ctx.actor.orgId, appId, id))!);
}

export const getPipelineSchemaRoute = defineRoute({
  operationId: "getLatestPipelineDefinitionSchema",
  method: "GET",
  path: "/orgs/{orgId}/pipeline-schemas/latest",
  tag: TAG,
  summary: "The JSON schema of the pipeline document format",
  params: orgParams,
  success: { status: 200, description: "A JSON schema", schema: z.record(z.string(), z.unknown()) },
  handle: ({ actor }) => {
    requirePermission(actor, { action: "org.view" });
    return pipelineJsonSchema();
  },
});

export const listPipelinesRoute = defineRoute({
  operationId: "listPipelines",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines",
  tag: TAG,
  summary: "The application's pipelines",
  params: appParams,
  query: paginationQuery.extend({ trigger: z.string().optional().describe("Only pipelines with this trigger") }),
  success: { status: 200, description: "Pipelines", schema: z.array(pipelineSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const all = (await listPipelines(ctx.db, ctx.actor.orgId, ctx.params.appId)).filter((p) => !ctx.query.trigger || p.triggerTypes.includes(ctx.query.trigger));
    return pageOf(all.map(pipelineJson), ctx.page);
  },
});

export const createPipelineRoute = defineRoute({
  operationId: "createPipeline",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/pipelines",
  tag: TAG,
  summary: "Create a pipeline from its YAML document; problems name their field and line",
  params: appParams,
  textBody: YAML_BODY,
  success: { status: 201, description: "The pipeline", schema: pipelineSchema },
  errors: [404, 422],
  handle: async (ctx) => {
    const r = await runOperation(createPipeline, { appId: ctx.params.appId, yaml: ctx.text }, operationContext(ctx));
    return await pipelineById(ctx, ctx.params.appId, r.id);
  },
});

export const getPipelineRoute = defineRoute({
  operationId: "getPipeline",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}",
  tag: TAG,
  summary: "A pipeline",
  params: pipelineParams,
  success: { status: 200, description: "The pipeline", schema: pipelineSchema },
  errors: [404],
  handle: async (ctx) => pipelineJson(await requirePipelineOf(ctx, ctx.params.appId, ctx.params.pipelineId)),
});

export const updatePipelineRoute = defineRoute({
  operationId: "updatePipeline",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}",
  tag: TAG,
  summary: "Replace a pipeline's document (a new version; running runs keep theirs). If-Match: the version it was read at",
  params: pipelineParams,
  textBody: YAML_BODY,
  success: { status: 200, description: "The pipeline", schema: pipelineSchema },
  errors: [404, 409, 422],
  handle: async (ctx) => {
    const r = await runOperation(updatePipeline, { appId: ctx.params.appId, pipelineId: ctx.params.pipelineId, yaml: ctx.text, ifMatch: ctx.headers.get("if-match") ?? undefined }, operationContext(ctx));
    return await pipelineById(ctx, ctx.params.appId, r.id);
  },
});

export const deletePipelineRoute = defineRoute({
  operationId: "deletePipeline",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}",
  tag: TAG,
  summary: "Delete a pipeline with its finished runs (409 while a run is unfinished)",
  params: pipelineParams,
  success: { status: 204, description: "Deleted" },
  errors: [404, 409],
  handle: async (ctx) => {
    await runOperation(deletePipeline, { appId: ctx.params.appId, pipelineId: ctx.params.pipelineId }, operationContext(ctx));
  },
});

export const getPipelineDefinitionRoute = defineRoute({
  operationId: "getPipelineDefinition",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/schema",
  tag: TAG,
  summary: "The pipeline's document (of `version`, default the current one) as JSON",
  params: pipelineParams,
  query: z.object({ version: z.string().optional() }),
  success: { status: 200, description: "The document", schema: z.record(z.string(), z.unknown()) },
  errors: [404],
  handle: async (ctx) => {
    const p = await requirePipelineOf(ctx, ctx.params.appId, ctx.params.pipelineId);
    const v = await getPipelineVersion(ctx.db, ctx.actor.orgId, ctx.query.version ?? p.versionId);
    if (!v || v.pipelineId !== p.id || v.appId !== p.appId) throw notFound(`Version "${ctx.query.version}" of pipeline "${p.id}"`);
    return parseYaml(v.yaml, { maxAliasCount: 100 }) as Record<string, unknown>;
  },
});

export const listPipelineVersionsRoute = defineRoute({
  operationId: "listPipelineVersions",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/versions",
  tag: TAG,
  summary: "The pipeline's versions, newest first",
  params: pipelineParams,
  query: paginationQuery,
  success: { status: 200, description: "Versions", schema: z.array(versionSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requirePipelineOf(ctx, ctx.params.appId, ctx.params.pipelineId);
    return pageOf((await listPipelineVersions(ctx.db, ctx.actor.orgId, ctx.params.appId, ctx.params.pipelineId)).map(pipelineVersionJson), ctx.page);
  },
});

export const listPipelineRunsRoute = defineRoute({
  operationId: "listPipelineRuns",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs",
  tag: TAG,
  summary: "The pipeline's runs, newest first",
  params: pipelineParams,
  query: paginationQuery.extend({ status: z.string().optional(), env: z.string().optional(), completed: z.enum(["true", "false"]).optional() }),
  success: { status: 200, description: "Runs", schema: z.array(runSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requirePipelineOf(ctx, ctx.params.appId, ctx.params.pipelineId);
    const runs = (await listRuns(ctx.db, ctx.actor.orgId, ctx.params.appId, { pipelineId: ctx.params.pipelineId, statuses: ctx.query.status?.split(",") }))
      .filter((r) => !ctx.query.env || r.envIds.includes(ctx.query.env))
      .filter((r) => ctx.query.completed === undefined || (r.completedAt !== null) === (ctx.query.completed === "true"));
    const page = pageOf(runs, ctx.page);
    return { ...page, items: await Promise.all(page.items.map(async (r) => runJson(r, await listJobs(ctx.db, r.id)))) };
  },
});

export const createPipelineRunRoute = defineRoute({
  operationId: "createPipelineRun",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs",
  tag: TAG,
  summary: "Run a pipeline by hand (its pipeline_call trigger) with inputs",
  params: pipelineParams,
  body: z.object({ inputs: z.record(z.string(), z.unknown()).optional() }),
  success: { status: 201, description: "The run (queued)", schema: runSchema },
  errors: [404, 422],
  handle: async (ctx) => {
    const r = await runOperation(startPipelineRun, { appId: ctx.params.appId, pipelineId: ctx.params.pipelineId, inputs: ctx.body.inputs ?? {} }, operationContext(ctx));
    return await runWithJobs(ctx, { ...ctx.params, runId: r.id });
  },
});

export const getPipelineRunRoute = defineRoute({
  operationId: "getPipelineRun",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}",
  tag: TAG,
  summary: "A run",
  params: runParams,
  success: { status: 200, description: "The run", schema: runSchema },
  errors: [404],
  handle: async (ctx) => await runWithJobs(ctx, ctx.params),
});

export const cancelPipelineRunRoute = defineRoute({
  operationId: "cancelPipelineRun",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/cancel",
  tag: TAG,
  summary: "Cancel a run: its waiting approvals at once, the step running at the worker's next look",
  params: runParams,
  success: { status: 204, description: "Cancellation requested" },
  errors: [404, 409],
  handle: async (ctx) => {
    await runOperation(cancelPipelineRun, ctx.params, operationContext(ctx));
  },
});

export const restartPipelineRunRoute = defineRoute({
  operationId: "restartPipelineRun",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/restart",
  tag: TAG,
  summary: "Restart an ended run: a new run of the same version with the same trigger and inputs",
  params: runParams,
  success: { status: 201, description: "The new run", schema: runSchema },
  errors: [404, 409],
  handle: async (ctx) => {
    const r = await runOperation(restartPipelineRun, ctx.params, operationContext(ctx));
    return await runWithJobs(ctx, { ...ctx.params, runId: r.id });
  },
});

export const listPipelineJobsRoute = defineRoute({
  operationId: "listPipelineJobs",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs",
  tag: TAG,
  summary: "The run's jobs",
  params: runParams,
  query: paginationQuery,
  success: { status: 200, description: "Jobs", schema: z.array(jobSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    const run = await requireRunOf(ctx, ctx.params);
    return pageOf((await listJobs(ctx.db, run.id)).map((j) => jobPartialJson(run, j)), ctx.page);
  },
});

export const getPipelineJobRoute = defineRoute({
  operationId: "getPipelineJob",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}",
  tag: TAG,
  summary: "A job with its steps",
  params: jobParams,
  success: { status: 200, description: "The job", schema: jobSchema },
  errors: [404],
  handle: async (ctx) => {
    const run = await requireRunOf(ctx, ctx.params);
    const job = (await listJobs(ctx.db, run.id)).find((j) => j.id === ctx.params.jobId);
    if (!job) throw notFound(`Job "${ctx.params.jobId}" of run "${run.id}"`);
    return jobJson(run, job, await listSteps(ctx.db, run.id, job.id));
  },
});

export const listPipelineStepLogsRoute = defineRoute({
  operationId: "listPipelineStepLogs",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/steps/{stepIndex}/logs",
  tag: TAG,
  summary: "A step's log, oldest first",
  params: jobParams.extend({ stepIndex: z.coerce.number().int().min(0).describe("Step index within the job") }),
  query: paginationQuery,
  success: { status: 200, description: "Log lines", schema: z.array(logSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    const run = await requireRunOf(ctx, ctx.params);
    return pageOf((await listStepLogs(ctx.db, run.id, ctx.params.jobId, ctx.params.stepIndex)).map(stepLogJson), ctx.page);
  },
});

async function requireApprovalOf(ctx: Ctx, params: z.infer<typeof approvalParams>) {
  await requireRunOf(ctx, params);
  const a = await getApproval(ctx.db, ctx.actor.orgId, params.approvalId);
  if (!a || a.runId !== params.runId || a.jobId !== params.jobId) throw notFound(`Approval request "${params.approvalId}"`);
  return a;
}

export const getPipelineApprovalRoute = defineRoute({
  operationId: "getPipelineApprovalRequest",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}",
  tag: TAG,
  summary: "An approval request",
  params: approvalParams,
  success: { status: 200, description: "The approval request", schema: approvalSchema },
  errors: [404],
  handle: async (ctx) => approvalJson(await requireApprovalOf(ctx, ctx.params)),
});

const decide = (decision: "approved" | "denied") =>
  defineRoute({
    operationId: decision === "approved" ? "approvePipelineApprovalRequest" : "denyPipelineApprovalRequest",
    method: "POST",
    path: `/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}/${decision === "approved" ? "approve" : "deny"}`,
    tag: TAG,
    summary: `${decision === "approved" ? "Approve" : "Deny"} a waiting approval request (whoever may deploy to its environment)`,
    params: approvalParams,
    success: { status: 200, description: "The approval request", schema: approvalSchema },
    errors: [404, 409],
    handle: async (ctx) => {
      await requireApprovalOf(ctx, ctx.params);
      await runOperation(decidePipelineApproval, { ...ctx.params, decision }, operationContext(ctx));
      return approvalJson((await getApproval(ctx.db, ctx.actor.orgId, ctx.params.approvalId))!);
    },
  });

export const approvePipelineApprovalRoute = decide("approved");
export const denyPipelineApprovalRoute = decide("denied");

export const listPipelineApprovalsRoute = defineRoute({
  operationId: "listPipelineApprovalRequests",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/approvals",
  tag: TAG,
  summary: "The application's approval requests, newest first",
  params: appParams,
  query: paginationQuery.extend({ pipeline: z.string().optional(), run: z.string().optional(), status: z.string().optional() }),
  success: { status: 200, description: "Approval requests", schema: z.array(approvalSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const list = await listApprovals(ctx.db, ctx.actor.orgId, ctx.params.appId, { pipelineIds: ctx.query.pipeline?.split(","), runIds: ctx.query.run?.split(","), status: ctx.query.status });
    return pageOf(list.map(approvalJson), ctx.page);
  },
});

export const listPipelineCriteriaRoute = defineRoute({
  operationId: "listPipelineCriteria",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria",
  tag: TAG,
  summary: "The pipeline's trigger criteria",
  params: pipelineParams,
  query: paginationQuery,
  success: { status: 200, description: "Criteria", schema: z.array(criteriaSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    const p = await requirePipelineOf(ctx, ctx.params.appId, ctx.params.pipelineId);
    return pageOf((await listCriteria(ctx.db, ctx.actor.orgId, p.appId, p.id)).map((c) => criteriaJson(c, p.name)), ctx.page);
  },
});

export const createPipelineCriteriaRoute = defineRoute({
  operationId: "createPipelineCriteria",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria",
  tag: TAG,
  summary: "Route deployment requests matching the criteria (env type, env id, deploy or redeploy) through this pipeline",
  params: pipelineParams,
  // Humanitec's generated client drops `trigger` when it serialises this body: it defaults to the only trigger with criteria.
  body: z.object({ trigger: z.string().optional().default("deployment_request"), env_type: z.string().optional(), env_id: z.string().optional(), app_id: z.string().optional(), deployment_type: z.string().optional() }),
  success: { status: 201, description: "The criteria", schema: criteriaSchema },
  errors: [404, 409, 422],
  handle: async (ctx) => {
    const { appId, pipelineId } = ctx.params;
    const r = await runOperation(createPipelineCriteria, { appId, pipelineId, trigger: ctx.body.trigger, envType: ctx.body.env_type, envId: ctx.body.env_id, criteriaAppId: ctx.body.app_id, deploymentType: ctx.body.deployment_type }, operationContext(ctx));
    const p = (await getPipeline(ctx.db, ctx.actor.orgId, appId, pipelineId))!;
    return criteriaJson((await listCriteria(ctx.db, ctx.actor.orgId, appId, pipelineId)).find((c) => c.id === r.id)!, p.name);
  },
});

export const deletePipelineCriteriaRoute = defineRoute({
  operationId: "deletePipelineCriteria",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria/{criteriaId}",
  tag: TAG,
  summary: "Delete trigger criteria",
  params: pipelineParams.extend({ criteriaId: segment("Criteria id") }),
  success: { status: 204, description: "Deleted" },
  errors: [404],
  handle: async (ctx) => {
    await runOperation(deletePipelineCriteria, ctx.params, operationContext(ctx));
  },
});

export const createPipelineRunByTriggerRoute = defineRoute({
  operationId: "createPipelineRunByTriggerCriteria",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/pipeline-runs",
  tag: TAG,
  summary: "A deployment request: runs the pipeline whose deployment_request criteria match the target environment (404 when none does)",
  params: appParams,
  body: z.object({
    // Humanitec's generated client drops `trigger` when it serialises this body.
    trigger: z.literal("deployment_request", { message: 'must be "deployment_request"' }).optional(),
    env_id: z.string().optional(),
    environment: z.string().optional(),
    delta_id: z.string().optional(),
    set_id: z.string().optional(),
    deployment_id: z.string().optional(),
    value_set_version_id: z.string().optional(),
    comment: z.string().optional(),
  }),
  success: { status: 201, description: "The run (queued)", schema: runSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    const b = ctx.body;
    const r = await runOperation(
      requestDeploymentByPipeline,
      { appId: ctx.params.appId, envId: b.env_id ?? b.environment ?? "", deltaId: b.delta_id, setId: b.set_id, deploymentId: b.deployment_id, valueSetVersionId: b.value_set_version_id, comment: b.comment },
      operationContext(ctx),
    );
    return await runWithJobs(ctx, { orgId: ctx.params.orgId, appId: ctx.params.appId, pipelineId: r.pipelineId, runId: r.id });
  },
});
