/**
 * The quickstart against a real Kubernetes API server (scripts/test-cluster), from a shell as a
 * pipeline and a platform engineer run it: `baton apply -f` a humctl `k8s-cluster` definition
 * (token as a secret input) matched to a new environment, create the app and environment,
 * `baton score deploy --image … --wait` while the test plays the kubelet. Then kubectl is asked
 * what the cluster holds: exactly the objects Baton reports as applied; an unchanged redeploy
 * changes no resourceVersion; `score deploy --remove` deletes the workload's objects; a delta
 * setting a module's `deploy.timeout` makes `deploy delta --wait` exit non-zero when pods never
 * become ready.
 *
 * Needs a current `next build` and the test cluster. Skips locally when either is missing and
 * says why; under CI it fails instead (CI must never skip it).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySetParentName, LABEL_PART_OF } from "@/lib/engine/targets/kubernetes";
import { findTestCluster, type TestCluster } from "../engine/k8s/support/cluster";
import { realHarness, type RealSession } from "../engine/k8s/support/harness";
import { hasKubectl, keyOf, kubectl as kubectlAs, namespaceObjects, writeKubeconfig, type KubeItem } from "../engine/k8s/support/kubectl";
import { batonProcess, createApiToken, hasNextBuild, startServer, tempDir, type CliRun, type RunningServer } from "./helpers";

const lookup = await findTestCluster();
const missing = [
  !lookup.cluster ? (lookup as { reason: string }).reason : null,
  !hasNextBuild ? "no .next build (run `flock /tmp/baton-e2e.lock npx next build` first)" : null,
  !hasKubectl ? "no kubectl on PATH (apt-get install kubernetes-client)" : null,
].filter((m): m is string => m !== null);
if (missing.length > 0) {
  if (process.env.CI) throw new Error(`CI must run the Kubernetes quickstart from a shell: ${missing.join("; ")}`);
  console.log(`quickstart-k8s test skipped: ${missing.join("; ")}`);
}

const ADMIN_TOKEN = "quickstart-k8s-admin-token-0123456789";

describe.skipIf(missing.length > 0)("quickstart from a shell, deploying to a real Kubernetes cluster", () => {
  const cluster = lookup.cluster as TestCluster;
  const runId = crypto.randomBytes(3).toString("hex");
  const appId = `qk${runId}`;
  const envId = "cluster";
  const namespace = `${appId}-${envId}`;
  const applySetParent = applySetParentName(appId, envId);
  let server: RunningServer;
  let work: string;
  let env: Record<string, string>;
  let kubeconfig: string;
  let session: RealSession;
  let kubelet: { stop(): Promise<void> } | null = null;

  const startKubelet = () => (kubelet ??= session.harness.kubelet(namespace));
  async function stopKubelet() {
    const k = kubelet;
    kubelet = null;
    await k?.stop();
  }

  async function baton(args: string[], expectCode = 0): Promise<CliRun> {
    const r = await batonProcess(args, env, work).done;
    expect(r.code, `baton ${args.join(" ")}\n${r.stdout}\n${r.stderr}\n--- server ---\n${server.log().slice(-3000)}`).toBe(expectCode);
    return r;
  }

  async function api<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const r = await fetch(`${server.url}/api/v1/orgs/default${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${env.BATON_TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${apiPath} answered ${r.status}: ${await r.text()}`);
    return (await r.json()) as T;
  }
  const envPath = () => `/apps/${appId}/envs/${envId}`;

  /** What Baton says it applied in a deployment: `Kind/name` from its "… applied" events. */
  async function appliedByBaton(deployId: string): Promise<string[]> {
    const events = await api<{ step: string; message: string }[]>("GET", `${envPath()}/deploys/${deployId}/events?per_page=100`);
    return events
      .filter((e) => e.step === "apply" && / applied$/.test(e.message))
      .map((e) => {
        const [kind, ref] = e.message.replace(/ applied$/, "").split(" ");
        return `${kind}/${ref.split("/").pop()}`;
      })
      .sort();
  }

  const kubectl = (args: string[]) => kubectlAs(kubeconfig, args);
  const clusterObjects = () => namespaceObjects(kubeconfig, namespace);

  /** kubectl's view minus the ApplySet parent (Baton's bookkeeping, checked on its own), plus the namespace. */
  function clusterWorkloadObjects(): string[] {
    const objects = clusterObjects();
    expect(objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === applySetParent), "the ApplySet parent ConfigMap").toBeDefined();
    const members = objects.filter((o) => !(o.kind === "ConfigMap" && o.metadata.name === applySetParent));
    // Every object is a member of the environment's set: nothing stray, nothing unlabeled.
    for (const o of members) expect(o.metadata.labels?.[LABEL_PART_OF], `${o.kind}/${o.metadata.name} carries ${LABEL_PART_OF}`).toBeTruthy();
    const ns = JSON.parse(kubectl(["get", "namespace", namespace, "-o", "json"])) as KubeItem;
    return [`Namespace/${ns.metadata.name}`, ...members.map(keyOf)].sort();
  }

  const resourceVersions = () => Object.fromEntries(clusterObjects().map((o) => [keyOf(o), o.metadata.resourceVersion]));

  async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    work = tempDir("baton-quickstart-k8s-");
    session = realHarness(cluster, "quickstart-k8s", runId, false);
    server = await startServer(work, ADMIN_TOKEN);
    env = {
      PATH: process.env.PATH ?? "",
      HOME: work,
      BATON_CONFIG: path.join(work, "baton-config.yaml"),
      BATON_URL: server.url,
      BATON_ORG: "default",
      BATON_APP: appId,
      BATON_ENV: envId,
      BATON_TOKEN: await createApiToken(server.url, ADMIN_TOKEN, "k8s pipeline"),
    };
    kubeconfig = writeKubeconfig(cluster, work);
    fs.writeFileSync(
      path.join(work, "cluster.yaml"),
      `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: test-cluster
entity:
  name: Test cluster
  type: k8s-cluster
  driver_type: humanitec/k8s-cluster
  driver_inputs:
    values:
      loadbalancer: 127.0.0.1
      cluster_data:
        server: ${cluster.server}
        certificate-authority-data: ${cluster.certificateAuthorityData}
    secrets:
      credentials:
        token: ${cluster.adminToken}
  criteria:
    - app_id: ${appId}
      env_id: ${envId}
`,
    );
    fs.writeFileSync(
      path.join(work, "web.yaml"),
      `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      GREETING: hello
service:
  ports:
    www:
      port: 80
      targetPort: 8080
`,
    );
    fs.writeFileSync(path.join(work, "worker.yaml"), `apiVersion: score.dev/v1b1\nmetadata:\n  name: worker\ncontainers:\n  main:\n    image: .\n`);
  }, 360_000);

  afterAll(async () => {
    await stopKubelet().catch(() => undefined);
    await server?.stop();
    // Leave the shared cluster as we found it.
    await session?.harness.admin.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
  });

  let firstDeploy = "";

  it("connects the cluster with a humctl definition and deploys; --wait exits 0 only once the pods are ready", async () => {
    expect((await baton(["apply", "-f", "cluster.yaml"])).stdout).toBe("definition/test-cluster created\n");
    // The token went in as a secret input: the definition never shows it again.
    const def = await api<{ driver_inputs: Record<string, unknown> }>("GET", "/resources/defs/test-cluster");
    expect(JSON.stringify(def)).not.toContain(cluster.adminToken);
    await baton(["create", "app", appId]);
    await baton(["create", "env", envId, "--type", "development"]);

    const started = Date.now();
    const deploying = batonProcess(["score", "deploy", "-f", "web.yaml", "-f", "worker.yaml", "--image", "registry.example/hello:1", "--wait", "-m", "first"], env, work);
    // The objects reach the cluster and the rollout wait begins; without a kubelet nothing becomes ready.
    await waitFor("the Deployments on the cluster", () => {
      const names = clusterObjects().filter((o) => o.kind === "Deployment").map((o) => o.metadata.name).sort();
      return names.join() === "web,worker" || deploying.exited();
    });
    await new Promise((r) => setTimeout(r, 3000));
    expect(deploying.exited(), "score deploy --wait must not exit before the rollout completes").toBe(false);
    const kubeletStarted = Date.now();
    startKubelet();
    const r = await deploying.done;
    expect(r.code, `${r.stdout}\n${r.stderr}\n${server.log().slice(-3000)}`).toBe(0);
    expect(r.exitedAt).toBeGreaterThan(kubeletStarted);
    expect(r.stderr).toMatch(/deployment \w+ succeeded/);
    console.info(`[quickstart-k8s] first deploy with rollout: ${((r.exitedAt - started) / 1000).toFixed(1)} s`);
    const deploys = await api<{ id: string; status: string }[]>("GET", `${envPath()}/deploys`);
    firstDeploy = deploys[0].id;
    const events = await api<{ message: string }[]>("GET", `${envPath()}/deploys/${firstDeploy}/events?per_page=100`);
    expect(events.some((e) => /rolled out/.test(e.message))).toBe(true);
  }, 240_000);

  it("the cluster holds exactly the objects Baton reports for the deployment", async () => {
    const reported = await appliedByBaton(firstDeploy);
    expect(reported).toEqual(expect.arrayContaining(["Deployment/web", "Deployment/worker", "Service/web", `Namespace/${namespace}`]));
    expect(clusterWorkloadObjects()).toEqual(reported);
  });

  it("redeploying the unchanged environment changes nothing on the cluster", async () => {
    const before = resourceVersions();
    const r = await baton(["score", "deploy", "-f", "web.yaml", "-f", "worker.yaml", "--image", "registry.example/hello:1", "--wait", "-o", "json"]);
    expect(r.stderr).toMatch(/succeeded/);
    expect(resourceVersions()).toEqual(before);
  }, 180_000);

  it("removing a workload and redeploying deletes its objects from the cluster", async () => {
    const r = await baton(["score", "deploy", "-f", "worker.yaml", "--remove", "--wait", "-o", "json"]);
    const removal = (JSON.parse(r.stdout) as { id: string }).id;
    const reported = await appliedByBaton(removal);
    const events = (await api<{ message: string }[]>("GET", `${envPath()}/deploys/${removal}/events?per_page=100`)).map((e) => e.message);
    expect(reported, events.join("\n")).not.toContain("Deployment/worker");
    expect(reported).toContain("Deployment/web");
    expect(clusterWorkloadObjects()).toEqual(reported);
    expect(events).toContain("Deployment worker removed");
  }, 180_000);

  it("with a module deploy.timeout and pods that never become ready, --wait exits non-zero after the timeout", async () => {
    await stopKubelet();
    // humctl's draft-delta flow: a new image that never becomes ready, and the module's deploy timeout.
    const delta = (JSON.parse((await baton(["create", "delta", "--name", "never-ready", "-o", "json"])).stdout) as { id: string }).id;
    await baton(["update", "delta", delta, "add", "/modules/update/web", "[]"]);
    await baton(["update", "delta", delta, "add", "/modules/update/web/-", JSON.stringify({ op: "replace", path: "/spec/containers/main/image", value: "registry.example/hello:never-ready" })]);
    await baton(["update", "delta", delta, "add", "/modules/update/web/-", JSON.stringify({ op: "add", path: "/deploy", value: { timeout: 5 } })]);

    const started = Date.now();
    const r = await baton(["deploy", "delta", delta, "--wait", "-o", "json"], 1);
    const seconds = (Date.now() - started) / 1000;
    expect(r.stderr).toMatch(/deployment \w+ failed/);
    expect(r.stderr).toContain(`k8s-rollout-timeout object Deployment/${namespace}/web`);
    expect(r.stderr).toMatch(/not rolled out within 5 s/);
    expect(seconds).toBeGreaterThanOrEqual(5);
    expect(seconds).toBeLessThan(60);
    console.info(`[quickstart-k8s] never-ready deploy exited 1 after ${seconds.toFixed(1)} s`);
  }, 180_000);
});
