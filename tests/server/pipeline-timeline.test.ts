/**
 * What the portal reads of a pipeline run: the timeline (jobs in `needs` order, steps with
 * logs, the waiting approval) and the overview's pending approvals, with who may decide
 * (whoever may deploy to the approval's environment type, as the API decides) — on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/lib/server/logger";
import { listPendingApprovals } from "@/lib/server/pipelines/pending-approvals";
import { loadRunTimeline } from "@/lib/server/pipelines/timeline";
import { startPipelineWorker, type PipelineWorker } from "@/lib/server/pipelines/worker";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { actorFor } from "./helpers";
import { ORG, callApi, createHarness, withShop, type Harness } from "./api/harness";

const PIPELINE = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Approve then wait
on:
  pipeline_call: {}
jobs:
  approve:
    steps:
      - name: Approve promotion
        uses: actions/humanitec/approve@v1
        with: { message: "Ship it to production?", env_id: production }
  later:
    needs: [approve]
    steps:
      - name: Pause
        uses: actions/humanitec/wait@v1
        with: { duration: 1s }
`;

let h: Harness;
let worker: PipelineWorker;
let pipelineId: string;
let runId: string;

beforeAll(async () => {
  h = await createHarness();
  await withShop(h);
  await callApi("POST", `/orgs/${ORG}/apps/shop/envs`, { token: h.tokens.admin, body: { id: "production", name: "Production", type: "production" } });
  const created = await callApi("POST", `/orgs/${ORG}/apps/shop/pipelines`, { token: h.tokens.admin, rawBody: PIPELINE, headers: { "content-type": "application/x-yaml" } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  pipelineId = (created.body as { id: string }).id;
  const run = await callApi("POST", `/orgs/${ORG}/apps/shop/pipelines/${pipelineId}/runs`, { token: h.tokens.developer, body: { inputs: {} } });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  runId = (run.body as { id: string }).id;
  worker = startPipelineWorker({ db: h.db, orgId: ORG, log: logger, pollMs: 20 });
  await settle((s) => s === "waiting");
});

afterAll(async () => {
  await worker?.stop();
  setRuntimeForTests(undefined);
});

async function settle(done: (status: string) => boolean) {
  const admin = await actorFor(h.db, "admin@example.com");
  for (let i = 0; i < 200; i++) {
    await worker.idle();
    const t = await loadRunTimeline(h.db, admin, "shop", pipelineId, runId);
    if (t && done(t.run.status)) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the run did not settle");
}

describe("the run timeline", () => {
  it("shows jobs in needs order, the started step with its log, the pending one from the definition, and the waiting approval", async () => {
    const t = (await loadRunTimeline(h.db, await actorFor(h.db, "developer@baton.local"), "shop", pipelineId, runId))!;
    expect(t.run).toMatchObject({ status: "waiting", finished: false, trigger: "pipeline_call" });
    expect(t.jobs.map((j) => [j.id, j.needs, j.status])).toEqual([["approve", [], "executing"], ["later", ["approve"], "queued"]]);
    expect(t.jobs[0].steps[0]).toMatchObject({ name: "Approve promotion", status: "executing" });
    expect(t.jobs[0].steps[0].logs.map((l) => l.message)).toEqual([expect.stringContaining("Ship it to production?")]);
    expect(t.jobs[1].steps).toEqual([expect.objectContaining({ name: "Pause", status: "pending", createdAt: null, logs: [] })]);
    expect(t.approvals).toEqual([expect.objectContaining({ jobId: "approve", envId: "production", envType: "production", status: "waiting", message: "Ship it to production?" })]);
  });

  it("lets decide only those who may deploy to the approval's environment type; cancel and restart those who may edit workloads", async () => {
    const of = async (email: string) => (await loadRunTimeline(h.db, await actorFor(h.db, email), "shop", pipelineId, runId))!;
    const developer = await of("developer@baton.local");
    expect([developer.approvals[0].canDecide, developer.canControl]).toEqual([false, true]);
    const manager = await of("manager@baton.local");
    expect([manager.approvals[0].canDecide, manager.canControl]).toEqual([false, false]);
    const admin = await of("admin@example.com");
    expect([admin.approvals[0].canDecide, admin.canControl]).toEqual([true, true]);
    expect(await loadRunTimeline(h.db, await actorFor(h.db, "admin@example.com"), "shop", pipelineId, "no-such-run")).toBeUndefined();
  });
});

describe("pending approvals on the overview", () => {
  it("lists the waiting approval to whoever sees the app, marking who may decide, and nothing to an outsider", async () => {
    const manager = await listPendingApprovals(h.db, await actorFor(h.db, "manager@baton.local"));
    expect(manager).toEqual([expect.objectContaining({ appId: "shop", appName: "Shop", pipelineId, pipelineName: "Approve then wait", runId, envId: "production", envType: "production", message: "Ship it to production?", canDecide: false })]);
    expect((await listPendingApprovals(h.db, await actorFor(h.db, "admin@example.com")))[0].canDecide).toBe(true);
    expect(await listPendingApprovals(h.db, await actorFor(h.db, "outsider@example.com"))).toEqual([]);
  });

  it("drops it once approved, and the run goes on to its end", async () => {
    const approvalId = (await listPendingApprovals(h.db, await actorFor(h.db, "admin@example.com")))[0].id;
    const approved = await callApi("POST", `/orgs/${ORG}/apps/shop/pipelines/${pipelineId}/runs/${runId}/jobs/approve/approvals/${approvalId}/approve`, { token: h.tokens.admin });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(await listPendingApprovals(h.db, await actorFor(h.db, "manager@baton.local"))).toEqual([]);
    const t = await settle((s) => s === "succeeded" || s === "failed");
    expect(t.run).toMatchObject({ status: "succeeded", finished: true });
    expect(t.jobs[1].steps[0]).toMatchObject({ status: "succeeded", completedAt: expect.any(String) });
    expect(t.approvals[0]).toMatchObject({ status: "approved", decidedBy: "admin@example.com", canDecide: false });
  });
});
