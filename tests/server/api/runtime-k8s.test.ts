import { queryRows } from "../../test-db";
/**
 * Humanitec's runtime API (`/apps/{appId}/runtime`, `/envs/{envId}/runtime`, `…/replicas`,
 * `…/paused`) driven through the official client against an environment Baton deployed to the
 * real test kube-apiserver; the fake kubelet (tests/engine/k8s/support/kubelet.ts) runs the pods.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Configuration,
  PublicApi,
  ResponseError,
  instanceOfEnvironmentRuntimeInfoResponse,
  instanceOfRuntimeInfoContainerStatus,
  instanceOfRuntimeInfoModule,
  instanceOfRuntimeInfoModuleController,
  instanceOfRuntimeInfoPod,
  instanceOfRuntimeInfoResponseV1,
  instanceOfRuntimeInfoResponseV2,
} from "@humanitec/autogen";
import { loadOverview, parseOverviewQuery } from "@/lib/server/data/overview";
import { runtimeHealth, withRuntimeHealth } from "@/lib/server/deploy/environment-runtime";
import { startWorker, type Worker } from "@/lib/server/deploy/worker";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { logger } from "@/lib/server/logger";
import { getRuntime, setRuntimeForTests } from "@/lib/server/runtime";
import { setFetchForTests } from "@/lib/cli/remote/client";
import { setFollowSignalForTests } from "@/lib/cli/commands/logs";
import { findTestCluster, type TestCluster } from "../../engine/k8s/support/cluster";
import { baton, routeFetchToHandlers } from "../../cli/helpers";
import { startFakeKubelet, type FakeKubelet } from "../../engine/k8s/support/kubelet";
import { actorFor } from "../helpers";
import { ORG, callApi, createHarness, dispatch, withShop, type Harness } from "./harness";

const lookup = await findTestCluster();
if (!lookup.cluster) {
  if (process.env.CI) throw new Error(`CI must run the Kubernetes runtime API tests: ${lookup.reason}`);
  console.log(`runtime API k8s tests skipped: ${lookup.reason}`);
}

// Raw JSON bodies: the guards are applied to what came over the wire.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** callApi with the body as the JSON object the route answers. */
const api = async (...args: Parameters<typeof callApi>) => {
  const r = await callApi(...args);
  return { ...r, body: r.body as Obj };
};

function client(token: string): PublicApi {
  return new PublicApi(new Configuration({ basePath: "http://baton.test/api/v1", headers: { Authorization: `Bearer ${token}` }, fetchApi: (url, init) => dispatch(new Request(String(url), init)) }));
}

const SCORE = (name: string) => `apiVersion: score.dev/v1b1\nmetadata:\n  name: ${name}\ncontainers:\n  main:\n    image: registry.example/${name}:1\n`;

describe.skipIf(!lookup.cluster)("runtime API against a real cluster", () => {
  const cluster = lookup.cluster as TestCluster;
  const runId = crypto.randomBytes(3).toString("hex");
  const namespace = "shop-development";
  let h: Harness;
  let worker: Worker;
  let kubelet: FakeKubelet;
  const env = { orgId: ORG, appId: "shop", envId: "development" };

  beforeAll(async () => {
    h = await createHarness();
    await withShop(h);
    const def = await api("POST", `/orgs/${ORG}/resources/defs`, {
      token: h.tokens.admin,
      body: { id: `cluster-${runId}`, name: "Test cluster", type: "k8s-cluster", driver_type: "humanitec/k8s-cluster", driver_inputs: { values: { loadbalancer: "127.0.0.1", cluster_data: { server: cluster.server, "certificate-authority-data": cluster.certificateAuthorityData } }, secrets: { credentials: { token: cluster.adminToken } } }, criteria: [{ app_id: "shop" }] },
    });
    expect(def.status).toBe(201);
    const admin = await actorFor(h.db, "admin@example.com");
    for (const name of ["web", "worker"]) await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: SCORE(name) }, { db: h.db, actor: admin, requestId: "fixture" });
    kubelet = await startFakeKubelet(cluster, `node-api-${runId}`);
    const runtime = await getRuntime();
    worker = startWorker({ db: runtime.db, secrets: runtime.secrets, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "baton-runtime-")), orgId: ORG, log: logger, pollMs: 50 });
    expect(await deployWhileKubeletRuns()).toBe("succeeded");
  }, 120_000);

  /** Deploys shop/development and plays the kubelet (every pod ready) until the worker is done; the deployment's status. */
  async function deployWhileKubeletRuns(): Promise<string> {
    const deployed = await api("POST", `/orgs/${ORG}/apps/shop/envs/development/deploys`, { token: h.tokens.admin, body: {} });
    expect(deployed.status).toBe(201);
    worker.kick();
    let done = false;
    const running = (async () => {
      while (!done) {
        await kubelet.bindPending(namespace).catch(() => []);
        for (const prefix of ["web-", "worker-"]) await kubelet.runPodsOf(namespace, prefix, { kind: "ready" }).catch(() => []);
        await kubelet.reapTerminating(namespace).catch(() => []);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await worker.idle();
    done = true;
    await running;
    return (await api("GET", `/orgs/${ORG}/apps/shop/envs/development/deploys/${deployed.body.id}`, { token: h.tokens.admin })).body.status;
  }

  afterAll(async () => {
    await worker?.stop();
    await kubelet?.deleteNamespace(namespace);
    await kubelet?.stop();
    setRuntimeForTests(undefined);
  });

  it("GET …/runtime: every workload Running, in the client's V1 and V2 shapes", async () => {
    const raw = (await (await client(h.tokens.viewer).getRuntimeRaw(env)).raw.json()) as Obj;
    expect(instanceOfRuntimeInfoResponseV1(raw) && instanceOfRuntimeInfoResponseV2(raw)).toBe(true);
    expect(raw).toMatchObject({ namespace, state: "available", paused: false });
    expect(Object.keys(raw.modules).sort()).toEqual(["web", "worker"]);
    for (const module of Object.values(raw.modules) as Obj[]) {
      expect(instanceOfRuntimeInfoModule(module)).toBe(true);
      expect(module).toMatchObject({ status: "Running", status_class: "Success" });
      for (const controller of Object.values(module.controllers) as Obj[]) {
        expect(instanceOfRuntimeInfoModuleController(controller)).toBe(true);
        for (const pod of controller.pods) {
          expect(instanceOfRuntimeInfoPod(pod)).toBe(true);
          for (const c of pod.containerStatuses) expect(instanceOfRuntimeInfoContainerStatus(c)).toBe(true);
        }
      }
    }
  });

  it("a crash loop makes the workload Failed, the app summary Failure, with reason and logs (secrets masked)", async () => {
    const [pod] = await kubelet.runPodsOf(namespace, "worker-", { kind: "crash-loop", restarts: 3 });
    kubelet.setLog(namespace, pod, "main", "ok\n", `connecting with token ${cluster.adminToken}\nfatal: connection refused\n`);
    const fresh = await api("GET", `/orgs/${ORG}/apps/shop/envs/development/runtime?fresh=true`, { token: h.tokens.viewer });
    const worker = fresh.body.modules.worker;
    expect(worker).toMatchObject({ status: "Failed", status_class: "Failure" });
    const container = (Object.values(worker.controllers)[0] as Obj).pods[0].containerStatuses[0];
    expect(container).toMatchObject({ restart_count: 3, status: "waiting", state: { waiting: { reason: "CrashLoopBackOff" } }, last_termination: { exit_code: 1 } });

    const summary = await client(h.tokens.viewer).listRuntimeRaw({ orgId: ORG, appId: "shop", id: ["development"] });
    const list = (await summary.raw.json()) as Obj[];
    expect(list).toHaveLength(1);
    expect(instanceOfEnvironmentRuntimeInfoResponse(list[0])).toBe(true);
    expect(list[0]).toMatchObject({ id: "development", paused: false, status: "Failure" });

    // the overview shows the environment as deployed but unhealthy
    const runtime = await getRuntime();
    const overview = await withRuntimeHealth(runtime.db, runtime.secrets, ORG, await loadOverview(runtime.db, await actorFor(h.db, "manager@baton.local"), parseOverviewQuery({})));
    expect(overview.rows.find((r) => r.id === "shop")!.envs.find((e) => e.id === "development")).toMatchObject({ status: "succeeded", runtime: "unhealthy", runtimeReason: "worker: CrashLoopBackOff" });

    const logs = await api("GET", `/orgs/${ORG}/apps/shop/envs/development/runtime/logs?pod=${pod}&container=main&previous=true`, { token: h.tokens.viewer });
    expect(logs.status).toBe(200);
    expect(logs.body.logs).toBe("connecting with token ***\nfatal: connection refused\n");
    expect(JSON.stringify(logs.body)).not.toContain(cluster.adminToken);
    const foreign = await api("GET", `/orgs/${ORG}/apps/shop/envs/development/runtime/logs?pod=kube-apiserver`, { token: h.tokens.viewer });
    expect(foreign.status).toBe(404);
  });

  it("baton get runtime shows each pod's containers; baton logs reads, and --follow keeps reading, a workload's log", async () => {
    routeFetchToHandlers();
    try {
      const cli = { BATON_URL: "http://baton.test", BATON_TOKEN: h.tokens.viewer, BATON_ORG: ORG, BATON_APP: "shop", BATON_ENV: "development", BATON_CONFIG: path.join(os.tmpdir(), "baton-cli-none.yaml") };
      const table = await baton(["get", "runtime"], cli);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/^WORKLOAD +CONTROLLER +REPLICAS +POD +PHASE +CONTAINER +STATE +RESTARTS\n/);
      expect(table.stdout).toMatch(/\nweb +Deployment\/web +1\/1 +web-\S+ +Running +main +running +0\n/);
      // the Deployment's ready count lags the pod's crash loop
      expect(table.stdout).toMatch(/\nworker +Deployment\/worker +[01]\/1 +worker-\S+ +Running +main +waiting \(CrashLoopBackOff\) +3\n/);
      const json = await baton(["get", "runtime", "-o", "json"], cli);
      expect(JSON.parse(json.stdout)).toMatchObject({ namespace, state: "available", modules: { web: expect.anything(), worker: expect.anything() } });

      const workerPod = (/\nworker +\S+ +\S+ +(worker-\S+)/.exec(table.stdout) ?? [])[1];
      const previous = await baton(["logs", "worker", "--previous"], cli);
      expect(previous).toMatchObject({ code: 0, stdout: "connecting with token ***\nfatal: connection refused\n" });
      expect((await baton(["logs", "worker", "--pod", "worker-nope"], cli)).stderr).toBe(`error: --pod worker-nope: not a pod of workload "worker"; its pods are ${workerPod}\n`);
      expect((await baton(["logs", "worker", "--container", "sidecar"], cli)).stderr).toContain(`--container sidecar: pod ${workerPod} has main`);
      expect((await baton(["logs", "db"], cli)).stderr).toContain('workload "db" is not running in namespace shop-development; it has web, worker');

      const webPod = (/\nweb +\S+ +\S+ +(web-\S+)/.exec(table.stdout) ?? [])[1];
      kubelet.setLog(namespace, webPod, "main", "listening on :8080\n");
      const stop = new AbortController();
      setFollowSignalForTests(stop.signal);
      const before = kubelet.logRequests.length;
      const following = baton(["logs", "web", "--follow", "--interval", "1", "--tail", "10"], cli);
      // The log grows after the first read; the follower stops once it has read the longer log.
      const reads = () => kubelet.logRequests.slice(before).filter((r) => r.includes(webPod)).length;
      while (reads() < 1) await new Promise((r) => setTimeout(r, 50));
      kubelet.setLog(namespace, webPod, "main", "listening on :8080\nGET / 200\n");
      while (reads() < 3) await new Promise((r) => setTimeout(r, 50));
      stop.abort();
      const followed = await following;
      expect(followed).toMatchObject({ code: 0, stdout: "listening on :8080\nGET / 200\n" });
      expect(kubelet.logRequests.slice(before).find((r) => r.includes(webPod))).toContain("tailLines=10");
    } finally {
      setFollowSignalForTests(undefined);
      setFetchForTests(undefined);
    }
  }, 30_000);

  it("patchReplicas and updatePaused: refused to a viewer, done and audited for the developer", async () => {
    await expect(client(h.tokens.viewer).patchReplicas({ ...env, request_body: { web: 2 } })).rejects.toSatisfy((e: unknown) => e instanceof ResponseError && e.response.status === 403);
    await expect(client(h.tokens.viewer).updatePaused({ ...env, body: true })).rejects.toSatisfy((e: unknown) => e instanceof ResponseError && e.response.status === 403);
    const developer = client(h.tokens.developer);
    await developer.patchReplicas({ ...env, request_body: { web: 2 } });
    const bad = await api("PATCH", `/orgs/${ORG}/apps/shop/envs/development/runtime/replicas`, { token: h.tokens.developer, body: { web: -1 } });
    expect(bad.status).toBe(422);
    const unknown = await api("PATCH", `/orgs/${ORG}/apps/shop/envs/development/runtime/replicas`, { token: h.tokens.developer, body: { nope: 1 } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/workload "nope"/);

    await developer.updatePaused({ ...env, body: true });
    let r = (await api("GET", `/orgs/${ORG}/apps/shop/envs/development/runtime`, { token: h.tokens.viewer })).body;
    expect(r.paused).toBe(true);
    expect((await withRuntimeHealth(h.db, (await getRuntime()).secrets, ORG, { rows: [{ id: "shop", envs: [{ id: "development", status: "succeeded" as string | null, runtime: undefined as ReturnType<typeof runtimeHealth> }] }] })).rows[0].envs[0].runtime).toBe("paused");
    expect((Object.values(r.modules.web.controllers)[0] as Obj).paused_replicas).toBe(2);
    // A paused environment takes no deployment (it would scale back up what was paused).
    const refused = await api("POST", `/orgs/${ORG}/apps/shop/envs/development/deploys`, { token: h.tokens.admin, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/"shop\/development" is paused .* by developer@baton\.local.*resume it before deploying/);
    await developer.updatePaused({ ...env, body: false });
    r = (await api("GET", `/orgs/${ORG}/apps/shop/envs/development/runtime`, { token: h.tokens.viewer })).body;
    expect(r.paused).toBe(false);
    expect((Object.values(r.modules.web.controllers)[0] as Obj).replicas).toBe(2);
    // Resumed, it deploys again; the Score workload sets no replica count, so the scale to 2 survives the deployment.
    expect(await deployWhileKubeletRuns()).toBe("succeeded");
    r = (await api("GET", `/orgs/${ORG}/apps/shop/envs/development/runtime`, { token: h.tokens.viewer })).body;
    expect((Object.values(r.modules.web.controllers)[0] as Obj).replicas).toBe(2);

    const restarted = await api("POST", `/orgs/${ORG}/apps/shop/envs/development/runtime/restart`, { token: h.tokens.developer, body: { workload: "web" } });
    expect(restarted.status).toBe(204);

    const audit = await queryRows<{ action: string; target: string }>(h.db, "SELECT action, target FROM audit_log WHERE action LIKE 'env.runtime.%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(["env.runtime.scale", "env.runtime.scale", "env.runtime.pause", "env.runtime.resume", "env.runtime.restart"]);
    expect(new Set(audit.map((a) => a.target))).toEqual(new Set(["app/shop/env/development/runtime"]));
  });
});
