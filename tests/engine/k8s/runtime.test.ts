/**
 * The runtime read model and actions against the real kube-apiserver + controller-manager
 * (scripts/test-cluster), with tests/engine/k8s/support/kubelet.ts playing scheduler and kubelet.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createKubernetesTarget,
  KubernetesTargetError,
  readContainerLog,
  readEnvironmentRuntime,
  restartWorkload,
  scaleWorkloads,
  setEnvironmentPaused,
  type EnvironmentRuntime,
  type KubeHttp,
} from "@/lib/engine/targets/kubernetes";
import { deployment, namespaceObject } from "./cases";
import { findTestCluster, stopTestCluster, type ClusterLookup } from "./support/cluster";
import { startFakeKubelet, type FakeKubelet } from "./support/kubelet";

const lookup: ClusterLookup = await findTestCluster();
if (!lookup.cluster) {
  if (process.env.CI) throw new Error(`CI must run the Kubernetes integration tests: ${lookup.reason}`);
  console.warn(`[k8s] SKIPPING runtime tests: ${lookup.reason}`);
}
const runId = randomBytes(3).toString("hex");
const ns = `bt-rt-${runId}`;
const scope = { app_id: "shop", env_id: ns, namespace: ns };
let kubelet: FakeKubelet;
let http: KubeHttp;

const withEnvLabels = (object: Record<string, unknown>) => {
  // What the renderer puts on pod templates: the env labels logs are checked against.
  const o = structuredClone(object) as { spec: { template: { metadata: { labels: Record<string, string> } } } };
  Object.assign(o.spec.template.metadata.labels, { "baton.dev/app": scope.app_id, "baton.dev/env": scope.env_id });
  return o;
};

async function until(read: () => Promise<EnvironmentRuntime>, ok: (r: EnvironmentRuntime) => boolean, what: string): Promise<EnvironmentRuntime> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await read();
    if (ok(r)) return r;
    if (Date.now() > deadline) throw new Error(`${what} not reached: ${JSON.stringify(r.workloads.map((w) => [w.id, w.status, w.controllers.map((c) => c.message)]))}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}
const read = () => readEnvironmentRuntime(http, scope);
const workload = (r: EnvironmentRuntime, id: string) => r.workloads.find((w) => w.id === id)!;

afterAll(async () => {
  if (!lookup.cluster) return;
  await kubelet?.deleteNamespace(ns);
  await kubelet?.stop();
  if (lookup.startedHere) stopTestCluster();
});

describe.skipIf(!lookup.cluster)("runtime read model and actions against a real kube-apiserver", () => {
  beforeAll(async () => {
    kubelet = await startFakeKubelet(lookup.cluster!, `node-${runId}`);
    http = kubelet.http;
    const target = createKubernetesTarget({ server: lookup.cluster!.server, certificateAuthorityData: lookup.cluster!.certificateAuthorityData, token: lookup.cluster!.adminToken, wait: false });
    await target.apply({
      app_id: scope.app_id,
      env_id: scope.env_id,
      deploy_id: "d1",
      namespace: ns,
      objects: [namespaceObject(ns), withEnvLabels(deployment(ns, "web", "nginx:1.25", 2)), withEnvLabels(deployment(ns, "worker", "busybox:1.36")), withEnvLabels(deployment(ns, "api", "registry.invalid/api:nope"))],
    });
  }, 60_000);

  it("pods nobody scheduled show as Starting, Pending (unscheduled)", async () => {
    const r = await until(read, (x) => workload(x, "web")?.controllers[0].pods.length === 2, "two web pods");
    expect(workload(r, "web")).toMatchObject({ status: "Starting", status_class: "Warning" });
    expect(workload(r, "web").controllers[0].pods.map((p) => p.status)).toEqual(["Pending (unscheduled)", "Pending (unscheduled)"]);
  });

  it("ready pods, a crash loop and an image pull back-off, with reasons, restarts and events", async () => {
    await kubelet.runPodsOf(ns, "web-", { kind: "ready" }, 2);
    const [workerPod] = await kubelet.runPodsOf(ns, "worker-", { kind: "crash-loop", exitCode: 2, restarts: 5 });
    await kubelet.runPodsOf(ns, "api-", { kind: "image-pull-back-off" });
    const r = await until(read, (x) => workload(x, "web").status === "Running", "web Running");

    const web = workload(r, "web");
    expect(web).toMatchObject({ status: "Running", status_class: "Success" });
    expect(web.controllers[0]).toMatchObject({ kind: "Deployment", name: "web", replicas: 2, ready_replicas: 2 });
    expect(web.controllers[0].replica_sets).toHaveLength(1);
    expect(web.controllers[0].revision).toBe(web.controllers[0].replica_sets[0].revision);
    expect(web.controllers[0].pods.every((p) => p.ready && p.phase === "Running" && p.node === kubelet.nodeName)).toBe(true);

    const worker = workload(r, "worker");
    expect(worker).toMatchObject({ status: "Failed", status_class: "Failure" });
    expect(worker.controllers[0].message).toBe("1 of 1 pods failing: CrashLoopBackOff");
    const pod = worker.controllers[0].pods[0];
    expect(pod).toMatchObject({ name: workerPod, status: "CrashLoopBackOff", ready: false });
    expect(pod.containers[0]).toMatchObject({ name: "main", image: "busybox:1.36", ready: false, restart_count: 5, status: "waiting", state: { waiting: { reason: "CrashLoopBackOff" } }, last_termination: { exit_code: 2, reason: "Error" } });
    expect(worker.events).toContainEqual(expect.objectContaining({ object: `Pod/${workerPod}`, type: "Warning", reason: "BackOff", count: 5 }));

    const api = workload(r, "api");
    expect(api.status).toBe("Failed");
    expect(api.controllers[0].pods[0]).toMatchObject({ status: "ImagePullBackOff", phase: "Pending" });
    expect(api.events.filter((e) => e.object.startsWith("Pod/")).map((e) => e.reason).sort()).toEqual(["BackOff", "Failed"]);
    // the controller's own events (ScalingReplicaSet) are part of the workload's story too
    expect(web.events.some((e) => e.object === "Deployment/web" && e.reason === "ScalingReplicaSet")).toBe(true);
  }, 60_000);

  it("reads the current and the previous container's log through the API server's pods/log endpoint", async () => {
    const r = await read();
    const podName = workload(r, "worker").controllers[0].pods[0].name;
    kubelet.setLog(ns, podName, "main", "line 1\nline 2\nline 3\n", "starting\npanic: no DATABASE_URL\n");
    expect(await readContainerLog(http, scope, { pod: podName, container: "main", tailLines: 2 })).toBe("line 2\nline 3\n");
    expect(await readContainerLog(http, scope, { pod: podName, container: "main", previous: true })).toBe("starting\npanic: no DATABASE_URL\n");
    expect(kubelet.logRequests.at(-1)).toContain("previous=true");
    // a pod of another environment (or none) is refused before the cluster is asked for logs
    await expect(readContainerLog(http, { ...scope, env_id: "other" }, { pod: podName })).rejects.toThrow(/is not a pod of shop\/other/);
  });

  it("scales a workload, rejects an unknown one", async () => {
    expect(await scaleWorkloads(http, scope, { web: 3 })).toEqual({ scaled: [{ workload: "web", from: 2, to: 3 }] });
    const r = await until(read, (x) => workload(x, "web").controllers[0].pods.length === 3, "third web pod");
    expect(workload(r, "web").controllers[0].replicas).toBe(3);
    await expect(scaleWorkloads(http, scope, { nope: 1 })).rejects.toThrow(KubernetesTargetError);
  }, 40_000);

  it("pause scales every workload to zero and resume restores each count", async () => {
    const paused = await setEnvironmentPaused(http, scope, true);
    expect(paused.changed.map((c) => c.workload).sort()).toEqual(["api", "web", "worker"]);
    const r = await until(async () => (await kubelet.reapTerminating(ns), read()), (x) => x.workloads.every((w) => w.status === "Stopped"), "all Stopped");
    expect(r.paused).toBe(true);
    expect(workload(r, "web").controllers[0]).toMatchObject({ replicas: 0, paused_replicas: 3 });
    // pausing twice changes nothing; scaling while paused changes what resume restores
    expect((await setEnvironmentPaused(http, scope, true)).changed).toEqual([]);
    await scaleWorkloads(http, scope, { web: 1 });
    expect(workload(await read(), "web").controllers[0]).toMatchObject({ replicas: 0, paused_replicas: 1 });

    const resumed = await setEnvironmentPaused(http, scope, false);
    expect(resumed.changed).toContainEqual({ workload: "web", replicas: 1 });
    const after = await read();
    expect(after.paused).toBe(false);
    expect(workload(after, "web").controllers[0]).toMatchObject({ replicas: 1 });
    expect(workload(after, "web").controllers[0].paused_replicas).toBeUndefined();
  }, 60_000);

  it("restart replaces the pods with a new ReplicaSet (rollout restart)", async () => {
    const before = await until(read, (x) => workload(x, "web").controllers[0].replica_sets.length >= 1, "web rs");
    const oldRevision = workload(before, "web").controllers[0].revision;
    expect(await restartWorkload(http, scope, "web")).toEqual({ restarted: ["Deployment/web"] });
    const after = await until(read, (x) => workload(x, "web").controllers[0].revision !== oldRevision, "new web revision");
    expect(workload(after, "web").controllers[0].revision).not.toBe(oldRevision);
  }, 40_000);
});
