/**
 * Plays the kubelet (and the scheduler) for the test cluster, which has neither: registers a Node
 * whose kubelet endpoint is a small HTTPS server here, keeps its Lease fresh so the node
 * lifecycle controller leaves it Ready, binds pods to it and writes their status and events the
 * way a kubelet does (running and ready, crash loop, image pull back-off). The HTTPS server
 * answers the API server's `/containerLogs/…` calls, so `pods/log` goes through the real API
 * server's log endpoint.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createKubeHttp, type KubeHttp } from "@/lib/engine/targets/kubernetes";
import type { TestCluster } from "./cluster";

// Live API objects: their shape is the server's.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export type PodBehaviour =
  | { kind: "ready" }
  | { kind: "crash-loop"; exitCode?: number; restarts?: number }
  | { kind: "image-pull-back-off"; image?: string };

export interface FakeKubelet {
  nodeName: string;
  http: KubeHttp;
  /** Binds every unscheduled pod of the namespace to the node (what the scheduler would do). */
  bindPending(namespace: string): Promise<string[]>;
  /** Writes a bound pod's status and events as the kubelet would for the behaviour. */
  runPod(namespace: string, pod: string, behaviour: PodBehaviour): Promise<void>;
  /** Finishes graceful deletions (a kubelet confirms a stopped pod by deleting it with grace 0). */
  reapTerminating(namespace: string): Promise<string[]>;
  /** Deletes a namespace and, as kubelets do, confirms its pods' deletion so it does not stay Terminating. */
  deleteNamespace(namespace: string): Promise<void>;
  /** Binds and runs each current pod whose name starts with `prefix`; returns their names. */
  runPodsOf(namespace: string, prefix: string, behaviour: PodBehaviour, expected?: number): Promise<string[]>;
  /** What the node's "container runtime" has logged, by namespace/pod/container (current and previous). */
  setLog(namespace: string, pod: string, container: string, text: string, previous?: string): void;
  /** Log requests the API server sent to this kubelet (path + query). */
  readonly logRequests: string[];
  stop(): Promise<void>;
}

const now = () => new Date().toISOString();

async function call(http: KubeHttp, method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown, contentType?: string): Promise<Obj> {
  const response = await http.request({ method, path, ...(body !== undefined ? { body } : {}), ...(contentType ? { contentType } : {}) });
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Obj;
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fake-kubelet-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "k.pem"), "-out", path.join(dir, "c.pem"), "-days", "1", "-subj", "/CN=fake-kubelet"], { stdio: "ignore" });
    return { key: readFileSync(path.join(dir, "k.pem"), "utf8"), cert: readFileSync(path.join(dir, "c.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeKubelet(cluster: TestCluster, nodeName: string): Promise<FakeKubelet> {
  const http = createKubeHttp({ server: cluster.server, certificateAuthorityData: cluster.certificateAuthorityData, token: cluster.adminToken });
  const logs = new Map<string, { current: string; previous?: string }>();
  const logRequests: string[] = [];

  // The kubelet's API: only what pods/log needs.
  const server = https.createServer(selfSignedCertificate(), (req, res) => {
    const url = new URL(req.url ?? "/", "https://kubelet");
    const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    logRequests.push(`${url.pathname}${url.search}`);
    const entry = match ? logs.get(match.slice(1).map(decodeURIComponent).join("/")) : undefined;
    if (!entry) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("container not found");
      return;
    }
    const previous = url.searchParams.get("previous") === "true";
    const text = previous ? entry.previous : entry.current;
    if (text === undefined) {
      res.writeHead(400, { "Content-Type": "text/plain" }).end(`previous terminated container "${match![3]}" in pod "${match![2]}" not found`);
      return;
    }
    const tail = Number(url.searchParams.get("tailLines") ?? "0");
    const lines = text.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
    res.writeHead(200, { "Content-Type": "text/plain" }).end((tail > 0 ? lines.slice(-tail) : lines).map((l) => `${l}\n`).join(""));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const existing = await http.request({ method: "GET", path: `/api/v1/nodes/${nodeName}` });
  if (existing.status === 404) await call(http, "POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: nodeName, labels: { "kubernetes.io/hostname": nodeName } } });
  const heartbeat = async () => {
    const at = now();
    await call(http, "PATCH", `/api/v1/nodes/${nodeName}/status`, {
      status: {
        conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "fake kubelet is posting ready status", lastHeartbeatTime: at, lastTransitionTime: at }],
        addresses: [{ type: "InternalIP", address: "127.0.0.1" }, { type: "Hostname", address: "127.0.0.1" }],
        daemonEndpoints: { kubeletEndpoint: { Port: port } },
        capacity: { cpu: "8", memory: "16Gi", pods: "110" },
        allocatable: { cpu: "8", memory: "16Gi", pods: "110" },
        nodeInfo: { kubeletVersion: "v1.20.2-fake", containerRuntimeVersion: "fake://1", osImage: "fake", kernelVersion: "", architecture: "amd64", operatingSystem: "linux", bootID: "", machineID: "", systemUUID: "", kubeProxyVersion: "" },
      },
    }, "application/strategic-merge-patch+json");
    const lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: nodeName, namespace: "kube-node-lease" }, spec: { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace("Z", "000Z") } };
    const got = await http.request({ method: "GET", path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${nodeName}` });
    if (got.status === 404) await call(http, "POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", lease);
    else await call(http, "PATCH", `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${nodeName}`, { spec: lease.spec }, "application/merge-patch+json");
  };
  await heartbeat();
  const timer = setInterval(() => void heartbeat().catch(() => {}), 10_000);

  const event = async (pod: Obj, type: "Normal" | "Warning", reason: string, message: string, count = 1) => {
    const ns = pod.metadata.namespace;
    await call(http, "POST", `/api/v1/namespaces/${ns}/events`, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { generateName: `${pod.metadata.name}.`, namespace: ns },
      involvedObject: { apiVersion: "v1", kind: "Pod", name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid, fieldPath: `spec.containers{${pod.spec.containers[0].name}}` },
      type,
      reason,
      message,
      count,
      firstTimestamp: now(),
      lastTimestamp: now(),
      source: { component: "kubelet", host: nodeName },
      reportingComponent: "kubelet",
      reportingInstance: nodeName,
    });
  };

  const kubelet: FakeKubelet = {
    nodeName,
    http,
    logRequests,
    async bindPending(namespace) {
      const pods = (await call(http, "GET", `/api/v1/namespaces/${namespace}/pods`)).items as Obj[];
      const bound: string[] = [];
      for (const pod of pods.filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp)) {
        await call(http, "POST", `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/binding`, { apiVersion: "v1", kind: "Binding", metadata: { name: pod.metadata.name, namespace }, target: { apiVersion: "v1", kind: "Node", name: nodeName } });
        bound.push(pod.metadata.name);
      }
      return bound;
    },
    async reapTerminating(namespace) {
      const pods = (await call(http, "GET", `/api/v1/namespaces/${namespace}/pods`)).items as Obj[];
      const reaped: string[] = [];
      for (const pod of pods.filter((p) => p.metadata.deletionTimestamp)) {
        await http.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}`, body: { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } } });
        reaped.push(pod.metadata.name);
      }
      return reaped;
    },
    async deleteNamespace(namespace) {
      await http.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` });
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await http.request({ method: "GET", path: `/api/v1/namespaces/${namespace}` })).status !== 404) {
        await kubelet.reapTerminating(namespace).catch(() => []);
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    async runPod(namespace, name, behaviour) {
      const pod = await call(http, "GET", `/api/v1/namespaces/${namespace}/pods/${name}`);
      if (pod.spec.nodeName !== nodeName) throw new Error(`pod ${namespace}/${name} is not bound to ${nodeName} (bindPending first)`);
      const started = now();
      const ready = behaviour.kind === "ready";
      const containerStatuses = (pod.spec.containers as Obj[]).map((c, i) => {
        const base = { name: c.name, image: c.image, imageID: "", ready, started: ready };
        if (behaviour.kind === "ready") return { ...base, restartCount: 0, containerID: `fake://${name}-${i}`, imageID: `fake://${c.image}`, state: { running: { startedAt: started } } };
        if (behaviour.kind === "crash-loop") {
          const restarts = behaviour.restarts ?? 4;
          return {
            ...base,
            restartCount: restarts,
            containerID: `fake://${name}-${i}-${restarts}`,
            state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 1m20s restarting failed container=${c.name} pod=${name}_${namespace}(${pod.metadata.uid})` } },
            lastState: { terminated: { exitCode: behaviour.exitCode ?? 1, reason: "Error", startedAt: started, finishedAt: started, containerID: `fake://${name}-${i}-${restarts - 1}` } },
          };
        }
        return { ...base, image: behaviour.image ?? c.image, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${behaviour.image ?? c.image}"` } } };
      });
      const containersReady = ready ? "True" : "False";
      const notReady = ready ? {} : { reason: "ContainersNotReady", message: `containers with unready status: [${(pod.spec.containers as Obj[]).map((c) => c.name).join(" ")}]` };
      await call(http, "PATCH", `/api/v1/namespaces/${namespace}/pods/${name}/status`, {
        status: {
          phase: ready || behaviour.kind === "crash-loop" ? "Running" : "Pending",
          hostIP: "127.0.0.1",
          podIP: "10.244.0.10",
          startTime: started,
          conditions: [
            { type: "Initialized", status: "True", lastTransitionTime: started },
            { type: "Ready", status: containersReady, lastTransitionTime: started, ...notReady },
            { type: "ContainersReady", status: containersReady, lastTransitionTime: started, ...notReady },
            { type: "PodScheduled", status: "True", lastTransitionTime: started },
          ],
          containerStatuses,
        },
      }, "application/merge-patch+json");
      const container = pod.spec.containers[0];
      if (behaviour.kind === "ready") {
        await event(pod, "Normal", "Started", `Started container ${container.name}`);
      } else if (behaviour.kind === "crash-loop") {
        await event(pod, "Warning", "BackOff", "Back-off restarting failed container", behaviour.restarts ?? 4);
      } else {
        await event(pod, "Warning", "Failed", `Failed to pull image "${behaviour.image ?? container.image}": rpc error: code = NotFound desc = failed to pull and unpack image: not found`);
        await event(pod, "Normal", "BackOff", `Back-off pulling image "${behaviour.image ?? container.image}"`);
      }
    },
    async runPodsOf(namespace, prefix, behaviour, expected = 1) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        await kubelet.bindPending(namespace);
        const pods = ((await call(http, "GET", `/api/v1/namespaces/${namespace}/pods`)).items as Obj[]).filter((p) => p.metadata.name.startsWith(prefix) && !p.metadata.deletionTimestamp && p.spec.nodeName === nodeName);
        if (pods.length >= expected) {
          for (const pod of pods) await kubelet.runPod(namespace, pod.metadata.name, behaviour);
          return pods.map((p) => p.metadata.name as string).sort();
        }
        if (Date.now() > deadline) throw new Error(`only ${pods.length} of ${expected} pods "${prefix}*" appeared in ${namespace}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    setLog(namespace, pod, container, text, previous) {
      logs.set(`${namespace}/${pod}/${container}`, { current: text, ...(previous !== undefined ? { previous } : {}) });
    },
    async stop() {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await http.request({ method: "DELETE", path: `/api/v1/nodes/${nodeName}` });
      await http.request({ method: "DELETE", path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${nodeName}` });
    },
  };
  return kubelet;
}
