/**
 * The world the pipeline tests run in (tests/server/pipelines.test.ts, tests/cli/pipelines.test.ts):
 * app shop with development deployed and production, a GitOps cluster in a local bare
 * repository, the real deploy and pipeline workers.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { Configuration, PublicApi } from "@humanitec/autogen";
import { startWorker, type Worker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { startPipelineWorker, type PipelineWorker } from "@/lib/server/pipelines/worker";
import { getRuntime } from "@/lib/server/runtime";
import { ORG, createHarness, dispatch, withShop, type Harness } from "./api/harness";

export function client(token: string): PublicApi {
  return new PublicApi(new Configuration({ basePath: "http://baton.test/api/v1", headers: { Authorization: `Bearer ${token}` }, fetchApi: async (url, init) => await dispatch(new Request(String(url), init)) }));
}

const WEB = { profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image: "nginx:1.27" } } } };

export interface World {
  h: Harness;
  admin: PublicApi;
  developer: PublicApi;
  deploys: Worker;
  pipelines: PipelineWorker;
  stop(): Promise<void>;
}

/** App shop with development (deployed, succeeded) and production, a GitOps cluster, both workers. */
export async function world(): Promise<World> {
  const h = await createHarness();
  await withShop(h);
  const admin = client(h.tokens.admin);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "baton-pipelines-"));
  const remote = path.join(dataDir, "gitops.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
  await admin.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "repo", name: "Repo", type: "k8s-cluster", driver_type: "humanitec/k8s-cluster-git", driver_inputs: { values: { url: remote, branch: "main" } }, criteria: [{ app_id: "shop" }] } });
  await admin.createEnvironment({ orgId: ORG, appId: "shop", EnvironmentDefinitionRequest: { id: "production", name: "Production", type: "production" } });
  const deploys = startWorker({ db: h.db, secrets: (await getRuntime()).secrets, dataDir, orgId: ORG, log: logger, pollMs: 20 });
  const pipelines = startPipelineWorker({ db: h.db, orgId: ORG, log: logger, pollMs: 20, onDeploymentQueued: () => deploys.kick() });
  const delta = await admin.orgsOrgIdAppsAppIdDeltasPost({ orgId: ORG, appId: "shop", DeltaRequest: { metadata: { env_id: "development" }, modules: { add: { web: WEB } } } });
  const d = await admin.createDeployment({ orgId: ORG, appId: "shop", envId: "development", DeploymentRequest: { delta_id: delta.id, comment: "first" } });
  deploys.kick();
  await deploys.idle();
  expect((await admin.getDeployment({ orgId: ORG, appId: "shop", envId: "development", deployId: d.id })).status).toBe("succeeded");
  return { h, admin, developer: client(h.tokens.developer), deploys, pipelines, stop: async () => { await pipelines.stop(); await deploys.stop(); } };
}

/** Lets both workers work until the run ends or waits for an approval. */
export async function settle(w: World, pipelineId: string, runId: string, until: (status: string) => boolean = (s) => ["succeeded", "failed", "cancelled", "waiting"].includes(s)) {
  for (let i = 0; i < 300; i++) {
    await w.pipelines.idle();
    await w.deploys.idle();
    const run = await w.admin.getPipelineRun({ orgId: ORG, appId: "shop", pipelineId, runId });
    if (until(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the run did not settle");
}

