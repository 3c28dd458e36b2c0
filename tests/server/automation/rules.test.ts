/**
 * Automation rules through Humanitec's own client: a rule on shop/development deploys a newly
 * registered image version whose ref matches, exactly once however many workers race, and
 * never on behalf of a creator who may no longer deploy there. Runs on SQLite and, with
 * BATON_DATABASE_URL, on PostgreSQL.
 */
import { afterAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Configuration, PublicApi, ResponseError, instanceOfAutomationRuleResponse, type ApiResponse, type AutomationRuleRequest } from "@humanitec/autogen";
import { automationTriggers, deployments, envTypeRoles } from "@/db/tables";
import { claimTrigger } from "@/lib/server/automation/leases";
import { startAutomationWorker, type AutomationWorker } from "@/lib/server/automation/worker";
import { getDeployment, getSet } from "@/lib/server/data/deployments";
import { logger } from "@/lib/server/logger";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { PROMOTE } from "../../engine/pipelines/fixtures";
import { ORG, callApi, createHarness, dispatch, withDeployment, withShop, type Harness } from "../api/harness";

afterAll(() => setRuntimeForTests(undefined));

function client(token: string): PublicApi {
  return new PublicApi(new Configuration({ basePath: "http://baton.test/api/v1", headers: { Authorization: `Bearer ${token}` }, fetchApi: async (url, init) => await dispatch(new Request(String(url), init)) }));
}

async function rawOf(call: Promise<ApiResponse<unknown>>): Promise<Record<string, unknown>[]> {
  const raw: unknown = await (await call).raw.clone().json();
  return (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
}

const MAIN_ONLY: AutomationRuleRequest = { type: "update", artefacts_filter: ["nginx"], match_ref: "^refs/heads/main$" };

/** shop/development running web on nginx:1.27 (its first deployment finished), and the automation workers to start. */
async function world(): Promise<{ h: Harness; workers: AutomationWorker[]; start(n?: number): AutomationWorker[]; stop(): Promise<void> }> {
  const h = await createHarness();
  await withShop(h);
  const first = await withDeployment(h);
  // No deploy worker here: the first deployment is taken as finished.
  await h.db.update(deployments).set({ status: "succeeded" }).where(eq(deployments.id, first));
  const workers: AutomationWorker[] = [];
  return {
    h,
    workers,
    start(n = 1) {
      for (let i = 0; i < n; i++) workers.push(startAutomationWorker({ db: h.db, orgId: ORG, log: logger, pollMs: 60_000, holder: `test-${i}` }));
      return workers;
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

async function register(h: Harness, version: string, ref: string, name = "nginx") {
  return await client(h.tokens.developer).createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name, version, ref } });
}

async function triggersOf(h: Harness, ruleId: string) {
  return await h.db.select().from(automationTriggers).where(eq(automationTriggers.ruleId, ruleId));
}

async function autoDeployments(h: Harness) {
  return (await h.db.select().from(deployments).where(and(eq(deployments.appId, "shop"), eq(deployments.envId, "development")))).filter((d) => d.comment.startsWith("Auto-deployment"));
}

describe("automation rules", () => {
  it("round-trips rules through the client and deploys a matching version with the rule in the comment", async () => {
    const w = await world();
    try {
      const api = client(w.h.tokens.developer);
      const created = await rawOf(api.createAutomationRuleRaw({ orgId: ORG, appId: "shop", envId: "development", AutomationRuleRequest: MAIN_ONLY }));
      expect(instanceOfAutomationRuleResponse(created[0])).toBe(true);
      expect(created[0]).toMatchObject({ active: true, type: "update", update_to: "branch", artefacts_filter: ["nginx"], exclude_artefacts_filter: false, match_ref: "^refs/heads/main$" });
      const ruleId = String(created[0].id);
      const listed = await rawOf(api.listAutomationRulesRaw({ orgId: ORG, appId: "shop", envId: "development" }));
      expect(listed.map((r) => r.id)).toEqual([ruleId]);
      for (const r of listed) expect(instanceOfAutomationRuleResponse(r)).toBe(true);
      const got = await api.getAutomationRule({ orgId: ORG, appId: "shop", envId: "development", ruleId });
      expect(got.match_ref).toBe("^refs/heads/main$");

      // Registering writes the trigger in the same transaction; the worker acts on it.
      const v = await register(w.h, "1.28", "refs/heads/main");
      expect((await triggersOf(w.h, ruleId)).map((t) => t.status)).toEqual(["queued"]);
      const [worker] = w.start();
      await worker.idle();
      const [t] = await triggersOf(w.h, ruleId);
      expect(t).toMatchObject({ status: "deployed", artefactVersionId: v!.id, image: "nginx:1.28" });
      const d = (await getDeployment(w.h.db, ORG, "shop", t.deploymentId!))!;
      expect(d.comment).toBe(`Auto-deployment (rule ${ruleId}): nginx:1.28`);
      expect(d.createdBy).toBe("developer@baton.local");
      const set = (await getSet(w.h.db, d.setId))!;
      expect((set.modules.web.spec.containers as Record<string, { image: string }>).main.image).toBe("nginx:1.28");
      const audit = await callApi("GET", `/orgs/${ORG}/audit-logs`, { token: w.h.tokens.admin });
      expect(JSON.stringify(audit.body)).toContain(`app/shop/env/development/deploy/${d.id}`);

      // PUT replaces, DELETE removes.
      const replaced = await rawOf(api.updateAutomationRuleRaw({ orgId: ORG, appId: "shop", envId: "development", ruleId, AutomationRuleRequest: { ...MAIN_ONLY, active: false, match_ref: "^refs/tags/v" } }));
      expect(instanceOfAutomationRuleResponse(replaced[0])).toBe(true);
      expect(replaced[0]).toMatchObject({ id: ruleId, active: false, match_ref: "^refs/tags/v" });
      await api.deleteAutomationRule({ orgId: ORG, appId: "shop", envId: "development", ruleId });
      const gone = await api.getAutomationRule({ orgId: ORG, appId: "shop", envId: "development", ruleId }).catch((e: ResponseError) => e.response.status);
      expect(gone).toBe(404);
    } finally {
      await w.stop();
    }
  });

  it("does nothing for a ref that does not match, another image, or a paused rule", async () => {
    const w = await world();
    try {
      const api = client(w.h.tokens.developer);
      const rule = await api.createAutomationRule({ orgId: ORG, appId: "shop", envId: "development", AutomationRuleRequest: MAIN_ONLY });
      const paused = await api.createAutomationRule({ orgId: ORG, appId: "shop", envId: "development", AutomationRuleRequest: { type: "update", active: false } });
      await register(w.h, "1.29", "refs/heads/feature");
      await register(w.h, "1.30", "refs/heads/main2");
      await register(w.h, "2", "refs/heads/main", "redis");
      expect(await triggersOf(w.h, rule.id)).toEqual([]);
      expect(await triggersOf(w.h, paused.id)).toEqual([]);

      // Paused after a trigger was queued: the worker skips it.
      await register(w.h, "1.31", "refs/heads/main");
      await api.updateAutomationRule({ orgId: ORG, appId: "shop", envId: "development", ruleId: rule.id, AutomationRuleRequest: { ...MAIN_ONLY, active: false } });
      await w.start()[0].idle();
      expect((await triggersOf(w.h, rule.id)).map((t) => [t.status, t.message])).toEqual([["skipped", "The rule is paused"]]);
      expect(await autoDeployments(w.h)).toEqual([]);
    } finally {
      await w.stop();
    }
  });

  it("skips with the reason when the rule's creator lost the right to deploy there", async () => {
    const w = await world();
    try {
      const rule = await client(w.h.tokens.developer).createAutomationRule({ orgId: ORG, appId: "shop", envId: "development", AutomationRuleRequest: MAIN_ONLY });
      await w.h.db.delete(envTypeRoles).where(and(eq(envTypeRoles.userId, w.h.userIds.developer), eq(envTypeRoles.envTypeId, "development")));
      await register(w.h, "1.28", "refs/heads/main");
      await w.start()[0].idle();
      const [t] = await triggersOf(w.h, rule.id);
      expect(t.status).toBe("skipped");
      expect(t.message).toContain('developer@baton.local may no longer deploy to environment "development" (type "development")');
      expect(t.deploymentId).toBeNull();
      expect(await autoDeployments(w.h)).toEqual([]);
    } finally {
      await w.stop();
    }
  });

  it("refuses an invalid match_ref naming the field and the position, and non-deployers", async () => {
    const h = await createHarness();
    await withShop(h);
    const bad = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/rules`, { token: h.tokens.developer, body: { type: "update", match_ref: "refs/heads/(main" } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("match_ref");
    expect(JSON.stringify(bad.body)).toContain("missing closing )");
    expect(JSON.stringify(bad.body)).toContain("at character 17");
    const repeat = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/rules`, { token: h.tokens.developer, body: { type: "update", match_ref: "^refs/heads/a**" } });
    expect(repeat.status).toBe(422);
    expect(JSON.stringify(repeat.body)).toContain("at character 14");
    const viewer = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/rules`, { token: h.tokens.viewer, body: { type: "update" } });
    expect(viewer.status).toBe(403);
    const wrongType = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/rules`, { token: h.tokens.developer, body: { type: "delete" } });
    expect(JSON.stringify(wrongType.body)).toContain("type");
  });

  it("starts the app's automation_rule pipelines with the new set instead of deploying", async () => {
    const w = await world();
    try {
      await client(w.h.tokens.admin).createPipeline({ orgId: ORG, appId: "shop", body: PROMOTE.replace("pipeline_call: {}", "automation_rule: {}") as unknown as object });
      const rule = await client(w.h.tokens.developer).createAutomationRule({ orgId: ORG, appId: "shop", envId: "development", AutomationRuleRequest: MAIN_ONLY });
      await register(w.h, "1.28", "refs/heads/main");
      await w.start()[0].idle();
      const [t] = await triggersOf(w.h, rule.id);
      expect(t.status).toBe("pipeline");
      expect(t.pipelineRunIds).toHaveLength(1);
      expect(await autoDeployments(w.h)).toEqual([]);
      const [run] = await client(w.h.tokens.admin).listPipelineRuns({ orgId: ORG, appId: "shop", pipelineId: "promote-with-approval" });
      expect(run).toMatchObject({ id: t.pipelineRunIds![0], trigger: "automation_rule", inputs: { env_id: "development", comment: `Auto-deployment (rule ${rule.id}): nginx:1.28` } });
      const set = (await getSet(w.h.db, String((run.inputs as Record<string, unknown>).set_id)))!;
      expect((set.modules.web.spec.containers as Record<string, { image: string }>).main.image).toBe("nginx:1.28");
    } finally {
      await w.stop();
    }
  });

  it("acts on a trigger once when workers race for it", async () => {
    const w = await world();
    try {
      const rule = await client(w.h.tokens.developer).createAutomationRule({ orgId: ORG, appId: "shop", envId: "development", AutomationRuleRequest: MAIN_ONLY });
      await register(w.h, "1.28", "refs/heads/main");
      const [trigger] = await triggersOf(w.h, rule.id);
      // Two claims at once: one wins.
      const claims = await Promise.all([claimTrigger(w.h.db, { orgId: ORG, holder: "a", leaseMs: 30_000 }), claimTrigger(w.h.db, { orgId: ORG, holder: "b", leaseMs: 30_000 })]);
      expect(claims.filter(Boolean)).toEqual([trigger.id]);
      // Handed back as if its worker died, then three workers race.
      await w.h.db.update(automationTriggers).set({ leaseExpiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(automationTriggers.id, trigger.id));
      await Promise.all(w.start(3).map((x) => x.idle()));
      expect((await triggersOf(w.h, rule.id)).map((t) => t.status)).toEqual(["deployed"]);
      expect(await autoDeployments(w.h)).toHaveLength(1);
    } finally {
      await w.stop();
    }
  });
});
