/**
 * Pipelines through Humanitec's own client: a YAML pipeline that deploys, waits for an
 * approval by a deployer of the target environment and promotes the same set; deployment
 * requests routed through a pipeline; apply and clone steps; and a run whose worker died
 * mid-step resuming without repeating a step. Deployments are run by the real deploy worker
 * (GitOps cluster in a local bare repository).
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  ResponseError,
  instanceOfPipeline,
  instanceOfPipelineApprovalRequest,
  instanceOfPipelineDeploymentRequestCriteria,
  instanceOfPipelineJob,
  instanceOfPipelineJobPartial,
  instanceOfPipelineRun,
  instanceOfPipelineStep,
  instanceOfPipelineStepLog,
} from "@humanitec/autogen";
import { logger } from "@/lib/server/logger";
import { advanceRun } from "@/lib/server/pipelines/executor";
import { LeaseLost, claimRunnableRun, keepLease } from "@/lib/server/pipelines/leases";
import { startPipelineRunsForTrigger } from "@/lib/server/pipelines/runs";
import { startPipelineWorker } from "@/lib/server/pipelines/worker";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { eq } from "drizzle-orm";
import { pipelineRuns } from "@/db/tables";
import { writeTransaction } from "@/db/write-transaction";
import { actorFor } from "./helpers";
import { ORG, createHarness, withShop } from "./api/harness";
import { client, settle, world, type World } from "./pipelines-world";
import { queryRow, queryRows } from "../test-db";
import { PROMOTE } from "../engine/pipelines/fixtures";

afterAll(() => setRuntimeForTests(undefined));

/** The client's guard on what came over the wire (absent keys are not filled in). */
async function expectWire(guard: (v: object) => boolean, call: Promise<ApiResponse<unknown>>): Promise<unknown> {
  const response = await call;
  const raw: unknown = await response.raw.clone().json();
  for (const item of Array.isArray(raw) ? raw : [raw]) expect(guard(item as object), JSON.stringify(item).slice(0, 300)).toBe(true);
  return await response.value();
}

/** PROMOTE without its approval job: the deploy step is the first. */
const WITHOUT_APPROVAL = PROMOTE.replace(/ {2}approve:\n[\s\S]*? {2}promote:\n {4}needs: \[approve\]\n/, "  promote:\n").replace("Promote with approval", "Promote without approval");

const setOf = async (w: World, envId: string) => (await w.admin.listDeployments({ orgId: ORG, appId: "shop", envId }))[0]?.set_id;

describe("pipelines", () => {
  it("waits for a production deployer's approval, then promotes development's set to production", async () => {
    const w = await world();
    try {
      const schema = (await w.developer.getLatestPipelineDefinitionSchema({ orgId: ORG })) as { properties: Record<string, unknown> };
      expect(Object.keys(schema.properties)).toContain("jobs");
      const bad = await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE.replace("needs: [approve]", "needs: [aprove]") as unknown as object }).catch((e: ResponseError) => e.response);
      expect((bad as Response).status).toBe(422);
      expect(((await (bad as Response).json()) as { message: string }).message).toContain('jobs.promote.needs.0: line 14: "aprove" is not a job');
      // a developer of the app may not write pipelines
      expect(await w.developer.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE as unknown as object }).catch((e: ResponseError) => e.response.status)).toBe(403);

      const pipeline = (await expectWire(instanceOfPipeline, w.admin.createPipelineRaw({ orgId: ORG, appId: "shop", body: PROMOTE as unknown as object }))) as { id: string; trigger_types: string[] };
      expect(pipeline).toMatchObject({ id: "promote-with-approval", trigger_types: ["pipeline_call"] });
      await expectWire(instanceOfPipeline, w.developer.listPipelinesRaw({ orgId: ORG, appId: "shop" }));

      // the developer (who cannot deploy to production) starts the run
      const run = (await expectWire(instanceOfPipelineRun, w.developer.createPipelineRunRaw({ orgId: ORG, appId: "shop", pipelineId: pipeline.id, PipelineRunCreateBody: { inputs: {} } }))) as { id: string };
      const waiting = await settle(w, pipeline.id, run.id);
      expect(waiting).toMatchObject({ status: "waiting", waiting_for: { approve: "approval" }, env_ids: ["development", "production"] });
      const [approval] = (await expectWire(instanceOfPipelineApprovalRequest, w.developer.listPipelineApprovalRequestsRaw({ orgId: ORG, appId: "shop", status: "waiting" }))) as { id: string; env_id: string; job_id: string }[];
      expect(approval).toMatchObject({ env_id: "production", job_id: "approve" });
      const ids = { orgId: ORG, appId: "shop", pipelineId: pipeline.id, runId: run.id, jobId: "approve", approvalId: approval.id };
      // not a production deployer: refused, even though they started the run
      expect(await w.developer.approvePipelineApprovalRequest(ids).catch((e: ResponseError) => e.response.status)).toBe(403);
      expect(await setOf(w, "production")).toBeUndefined();
      const approved = (await expectWire(instanceOfPipelineApprovalRequest, w.admin.approvePipelineApprovalRequestRaw(ids))) as { status: string; approved_by: string };
      expect(approved).toMatchObject({ status: "approved", approved_by: w.h.userIds.admin });
      expect(await w.admin.denyPipelineApprovalRequest(ids).catch((e: ResponseError) => e.response.status)).toBe(409);

      const done = await settle(w, pipeline.id, run.id);
      expect(done.status).toBe("succeeded");
      expect(await setOf(w, "production")).toBe(await setOf(w, "development"));
      await expectWire(instanceOfPipelineJobPartial, w.developer.listPipelineJobsRaw({ orgId: ORG, appId: "shop", pipelineId: pipeline.id, runId: run.id }));
      const job = (await expectWire(instanceOfPipelineJob, w.developer.getPipelineJobRaw({ orgId: ORG, appId: "shop", pipelineId: pipeline.id, runId: run.id, jobId: "promote" }))) as { steps: object[] };
      expect(job.steps.length).toBe(1);
      for (const s of job.steps) expect(instanceOfPipelineStep(s)).toBe(true);
      expect(job.steps[0]).toMatchObject({ status: "succeeded", related_entities: { env_id: "production" } });
      const logs = (await expectWire(instanceOfPipelineStepLog, w.developer.listPipelineStepLogsRaw({ orgId: ORG, appId: "shop", pipelineId: pipeline.id, runId: run.id, jobId: "promote", stepIndex: 0 }))) as { message: string }[];
      expect(logs.map((l) => l.message).join("\n")).toMatch(/Deploying what development runs .* succeeded/s);

      // restart = a new run with the same inputs; cancelling it while it waits ends it
      const again = (await expectWire(instanceOfPipelineRun, w.developer.restartPipelineRunRaw({ orgId: ORG, appId: "shop", pipelineId: pipeline.id, runId: run.id }))) as { id: string };
      expect(again.id).not.toBe(run.id);
      await settle(w, pipeline.id, again.id);
      await w.developer.cancelPipelineRun({ orgId: ORG, appId: "shop", pipelineId: pipeline.id, runId: again.id });
      expect((await settle(w, pipeline.id, again.id, (s) => s === "cancelled")).status).toBe("cancelled");
      expect((await w.admin.listPipelineApprovalRequests({ orgId: ORG, appId: "shop", run: [again.id] }))[0].status).toBe("cancelled");
    } finally {
      await w.stop();
    }
  }, 120_000);

  it("fails a deploy step into production started by a non-deployer without a deployer's approval", async () => {
    const w = await world();
    try {
      const p = (await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: WITHOUT_APPROVAL as unknown as object }))!;
      const run = (await w.developer.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: p.id, PipelineRunCreateBody: { inputs: {} } }))!;
      expect((await settle(w, p.id, run.id)).status).toBe("failed");
      const job = await w.admin.getPipelineJob({ orgId: ORG, appId: "shop", pipelineId: p.id, runId: run.id, jobId: "promote" });
      expect(job.steps[0].status).toBe("failed");
      expect(job.steps[0].status_message).toContain('may not deploy to environment "production" (type "production")');
      expect(job.steps[0].status_message).toContain('needs the deployer grant on environment type "production" (they have it on "development", "staging")');
      expect(await setOf(w, "production")).toBeUndefined();
      // an approval for another environment does not count: the gate approves development, deploys production
      const elsewhere = (await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE.replace("Promote with approval", "Wrong gate").replace("env_id: production }", "env_id: development }") as unknown as object }))!;
      const wrong = (await w.developer.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: elsewhere.id, PipelineRunCreateBody: { inputs: {} } }))!;
      await settle(w, elsewhere.id, wrong.id);
      const [approval] = await w.admin.listPipelineApprovalRequests({ orgId: ORG, appId: "shop", run: [wrong.id] });
      await w.admin.approvePipelineApprovalRequest({ orgId: ORG, appId: "shop", pipelineId: elsewhere.id, runId: wrong.id, jobId: "approve", approvalId: approval.id });
      expect((await settle(w, elsewhere.id, wrong.id)).status).toBe("failed");
      expect(await setOf(w, "production")).toBeUndefined();
      // the same developer's run of the gated pipeline, approved by an administrator, deploys
      const gate = (await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE as unknown as object }))!;
      const gated = (await w.developer.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: gate.id, PipelineRunCreateBody: { inputs: {} } }))!;
      await settle(w, gate.id, gated.id);
      const [ok] = await w.admin.listPipelineApprovalRequests({ orgId: ORG, appId: "shop", run: [gated.id] });
      await w.admin.approvePipelineApprovalRequest({ orgId: ORG, appId: "shop", pipelineId: gate.id, runId: gated.id, jobId: "approve", approvalId: ok.id });
      expect((await settle(w, gate.id, gated.id)).status).toBe("succeeded");
      expect(await setOf(w, "production")).toBe(await setOf(w, "development"));
    } finally {
      await w.stop();
    }
  }, 120_000);

  it("routes a deployment request to production through the pipeline whose criteria match", async () => {
    const w = await world();
    try {
      const yaml = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Production gate
on:
  deployment_request: {}
jobs:
  deploy:
    steps:
      - uses: actions/humanitec/approve@v1
        with: { message: "Deploy to \${{ inputs.env_id }}?", env_id: "\${{ inputs.env_id }}" }
      - uses: actions/humanitec/deploy@v1
        with: { env_id: "\${{ inputs.env_id }}", set_id: "\${{ inputs.set_id }}", comment: "\${{ inputs.comment }}" }
`;
      const p = await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: yaml as unknown as object });
      const criteria = await expectWire(instanceOfPipelineDeploymentRequestCriteria, w.admin.createPipelineCriteriaRaw({ orgId: ORG, appId: "shop", pipelineId: p!.id, PipelineCriteriaCreateBody: { trigger: "deployment_request", env_type: "production" } }));
      expect(criteria).toMatchObject({ trigger: "deployment_request", env_type: "production", pipeline_name: "Production gate" });
      expect(await w.admin.createPipelineCriteria({ orgId: ORG, appId: "shop", pipelineId: p!.id, PipelineCriteriaCreateBody: { trigger: "deployment_request", env_type: "production" } }).catch((e: ResponseError) => e.response.status)).toBe(409);
      const setId = (await setOf(w, "development"))!;
      const run = (await expectWire(instanceOfPipelineRun, w.developer.createPipelineRunByTriggerCriteriaRaw({ orgId: ORG, appId: "shop", PipelineRunCreateByTriggerCriteriaBody: { trigger: "deployment_request", env_id: "production", set_id: setId, comment: "release 1" } }))) as { id: string; pipeline_id: string; trigger: string };
      expect(run).toMatchObject({ pipeline_id: p!.id, trigger: "deployment_request" });
      // no pipeline matches development: Humanitec's 404
      expect(await w.developer.createPipelineRunByTriggerCriteria({ orgId: ORG, appId: "shop", PipelineRunCreateByTriggerCriteriaBody: { trigger: "deployment_request", env_id: "development", set_id: setId } }).catch((e: ResponseError) => e.response.status)).toBe(404);
      await settle(w, p!.id, run.id);
      const [approval] = await w.admin.listPipelineApprovalRequests({ orgId: ORG, appId: "shop", run: [run.id] });
      expect(approval.message).toBe("Deploy to production?");
      await w.admin.approvePipelineApprovalRequest({ orgId: ORG, appId: "shop", pipelineId: p!.id, runId: run.id, jobId: "deploy", approvalId: approval.id });
      expect((await settle(w, p!.id, run.id)).status).toBe("succeeded");
      const [prod] = await w.admin.listDeployments({ orgId: ORG, appId: "shop", envId: "production" });
      expect(prod).toMatchObject({ set_id: setId, comment: "release 1", status: "succeeded" });
    } finally {
      await w.stop();
    }
  }, 120_000);

  it("applies an inline delta, clones into a new environment, and denial fails the run", async () => {
    const w = await world();
    try {
      const yaml = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Apply and clone
on:
  pipeline_call:
    inputs:
      image: { type: string, required: true }
jobs:
  apply:
    steps:
      - uses: actions/humanitec/apply@v1
        with:
          env_id: development
          delta:
            modules:
              update:
                web: [{ op: replace, path: /spec/containers/main/image, value: "\${{ inputs.image }}" }]
      - uses: actions/humanitec/wait@v1
        with: { duration: 50ms }
  clone:
    needs: apply
    steps:
      - uses: actions/humanitec/clone@v1
        with: { from_env_id: development, env_id: qa, env_type: staging }
`;
      const p = (await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: yaml as unknown as object }))!;
      const missing = await w.developer.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: p.id, PipelineRunCreateBody: { inputs: {} } }).catch((e: ResponseError) => e.response);
      expect(((await (missing as Response).json()) as { message: string }).message).toContain("inputs.image: is required");
      const run = (await w.developer.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: p.id, PipelineRunCreateBody: { inputs: { image: "nginx:1.28" } } }))!;
      expect((await settle(w, p.id, run.id)).status).toBe("succeeded");
      const devSet = (await setOf(w, "development"))!;
      expect(await setOf(w, "qa")).toBe(devSet);
      const row = await queryRow<{ content: string | object }>(w.h.db, "SELECT content FROM deployment_sets WHERE id = ?", devSet);
      expect(JSON.stringify(row?.content)).toContain("nginx:1.28");

      // a denied approval fails the run and the job after it does not run
      const gate = (await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE.replace("Promote with approval", "Gate") as unknown as object }))!;
      const denied = (await w.developer.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: gate.id, PipelineRunCreateBody: { inputs: {} } }))!;
      await settle(w, gate.id, denied.id);
      const [approval] = await w.admin.listPipelineApprovalRequests({ orgId: ORG, appId: "shop", run: [denied.id] });
      await w.admin.denyPipelineApprovalRequest({ orgId: ORG, appId: "shop", pipelineId: gate.id, runId: denied.id, jobId: "approve", approvalId: approval.id });
      expect((await settle(w, gate.id, denied.id)).status).toBe("failed");
      const jobs = await w.admin.listPipelineJobs({ orgId: ORG, appId: "shop", pipelineId: gate.id, runId: denied.id });
      expect(jobs.map((j) => [j.id, j.status])).toEqual([["approve", "failed"], ["promote", "cancelled"]]);
    } finally {
      await w.stop();
    }
  }, 120_000);

  it("resumes a run whose worker died mid-step without repeating a step", async () => {
    const w = await world();
    await w.pipelines.stop();
    try {
      const yaml = WITHOUT_APPROVAL.replace("Promote without approval", "Promote") + "  settle:\n    needs: promote\n    steps:\n      - uses: actions/humanitec/wait@v1\n        with: { duration: 10ms }\n";
      const p = (await w.admin.createPipeline({ orgId: ORG, appId: "shop", body: yaml as unknown as object }))!;
      // started by a production deployer: no approval needed
      const { id: runId } = (await w.admin.createPipelineRun({ orgId: ORG, appId: "shop", pipelineId: p.id, PipelineRunCreateBody: { inputs: {} } }))!;
      // worker A takes the run and starts the deploy step (the deployment is queued) …
      const leaseMs = 60_000;
      expect(await claimRunnableRun(w.h.db, { orgId: ORG, holder: "worker-a", leaseMs })).toBe(runId);
      await advanceRun({ db: w.h.db, holder: "worker-a", leaseMs }, runId);
      const started = await queryRows<{ status: string }>(w.h.db, "SELECT status FROM pipeline_steps WHERE run_id = ?", runId);
      expect(started.map((s) => s.status)).toEqual(["executing"]);
      // … and dies holding its lease, which then expires
      await w.h.db.update(pipelineRuns).set({ leaseHolder: "worker-a", leaseExpiresAt: new Date(Date.now() - 1000).toISOString(), wakeAt: null }).where(eq(pipelineRuns.id, runId));
      // worker B takes over and finishes the run
      const b = startPipelineWorker({ db: w.h.db, orgId: ORG, log: logger, pollMs: 20, holder: "worker-b", onDeploymentQueued: () => w.deploys.kick() });
      w.pipelines = b;
      expect((await settle(w, p.id, runId)).status).toBe("succeeded");
      // one deployment to production, the step recorded once; A may no longer write
      expect((await w.admin.listDeployments({ orgId: ORG, appId: "shop", envId: "production" })).length).toBe(1);
      const steps = await queryRows<{ job_id: string; status: string }>(w.h.db, "SELECT job_id, status FROM pipeline_steps WHERE run_id = ? ORDER BY job_id", runId);
      expect(steps).toEqual([{ job_id: "promote", status: "succeeded" }, { job_id: "settle", status: "succeeded" }]);
      await expect(writeTransaction(w.h.db, `${ORG}/apps/shop`, (tx) => keepLease(tx, runId, "worker-a", leaseMs))).rejects.toBeInstanceOf(LeaseLost);
    } finally {
      await w.stop();
    }
  }, 120_000);

  it("starts the runs of pipelines with the automation_rule trigger", async () => {
    const h = await createHarness();
    await withShop(h);
    const admin = client(h.tokens.admin);
    await admin.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE.replace("pipeline_call: {}", "automation_rule: {}") as unknown as object });
    await admin.createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE.replace("Promote with approval", "Manual only") as unknown as object });
    const started = await startPipelineRunsForTrigger(h.db, await actorFor(h.db, "admin@example.com"), { appId: "shop", trigger: "automation_rule", inputs: { env_id: "development", set_id: "abc" } });
    expect(started.length).toBe(1);
    const [run] = await admin.listPipelineRuns({ orgId: ORG, appId: "shop", pipelineId: "promote-with-approval" });
    expect(run).toMatchObject({ id: started[0], trigger: "automation_rule", inputs: { env_id: "development", set_id: "abc" } });
  });
});
