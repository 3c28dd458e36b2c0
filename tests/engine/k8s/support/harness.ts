/**
 * What a test case sees: targets and checks for named credentials, an admin client for
 * assertions, and a fake kubelet. Backed by the real cluster (optionally recording) or by a
 * recorded fixture.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { checkCluster, createKubernetesTarget, type ClusterCheck, type KubernetesTarget, type KubernetesTargetOptions } from "@/lib/engine/targets/kubernetes";
import { createKubeHttp, type KubeHttp } from "@/lib/engine/targets/kubernetes/http";
import type { TestCluster } from "./cluster";
import { recordingHttp, Replay, type Exchange, type Fixture } from "./recording";

export type Credentials = "admin" | "admin-cert" | "limited" | "wrong-ca";

export interface Harness {
  mode: "real" | "double";
  /** Namespace unique to this run of the case (the recorded one when replaying). */
  namespace(suffix?: string): string;
  target(credentials: Credentials, options?: Omit<KubernetesTargetOptions, "server">): KubernetesTarget;
  check(credentials: Credentials, namespace?: string): Promise<ClusterCheck>;
  /** Admin client for assertions and for playing other actors (kubectl edit, the kubelet). */
  admin: KubeHttp;
  /** Mark every pod of `namespace` Running and Ready until the returned stop() is called. */
  kubelet(namespace: string): { stop(): Promise<void> };
  /** Poll interval for rollout waits (fast against the double). */
  pollMs: number;
}

export const fixturesDir = path.resolve(__dirname, "../fixtures");
export const fixturePath = (name: string) => path.join(fixturesDir, `${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.json`);

function connection(cluster: TestCluster, credentials: Credentials) {
  const base = { server: cluster.server, certificateAuthorityData: cluster.certificateAuthorityData };
  switch (credentials) {
    case "admin":
      return { ...base, token: cluster.adminToken };
    case "admin-cert":
      return { ...base, clientCertificateData: cluster.adminClientCertificateData, clientKeyData: cluster.adminClientKeyData };
    case "limited":
      return { ...base, token: cluster.limitedToken };
    case "wrong-ca":
      return { ...base, certificateAuthorityData: cluster.wrongCertificateAuthorityData, token: cluster.adminToken };
  }
}

/** Connection fields for the double: placeholders, never real secrets (nothing is sent anywhere). */
function fakeConnection(server: string, credentials: Credentials) {
  const pem = Buffer.from("-----BEGIN CERTIFICATE-----\nrecorded\n-----END CERTIFICATE-----\n").toString("base64");
  const base = { server, certificateAuthorityData: pem };
  return credentials === "admin-cert" ? { ...base, clientCertificateData: pem, clientKeyData: pem } : { ...base, token: `recorded-${credentials}` };
}

interface Pod {
  metadata: { name: string; deletionTimestamp?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

function makeKubelet(admin: KubeHttp, pollMs: number) {
  return (namespace: string) => {
    let running = true;
    let failure: unknown;
    const loop = (async () => {
      while (running && !failure) {
        const list = await admin.request({ method: "GET", path: `/api/v1/namespaces/${namespace}/pods` });
        if (list.status !== 200) throw new Error(`kubelet: listing pods answered ${list.status}`);
        const items = (list.body as { items?: Pod[] }).items ?? [];
        for (const pod of items) {
          const ready = (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
          if (ready || pod.metadata.deletionTimestamp) continue;
          const patched = await admin.request({
            method: "PATCH",
            path: `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/status`,
            contentType: "application/merge-patch+json",
            body: { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }, { type: "ContainersReady", status: "True" }] } },
          });
          // 404: the pod went away meanwhile (its ReplicaSet was scaled down); anything else is a broken test.
          if (patched.status !== 200 && patched.status !== 404) throw new Error(`kubelet: marking pod ${pod.metadata.name} ready answered ${patched.status}: ${JSON.stringify(patched.body)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    })().catch((error: unknown) => {
      failure = error;
    });
    return {
      async stop() {
        running = false;
        await loop;
        if (failure) throw failure;
      },
    };
  };
}

export interface RealSession {
  harness: Harness;
  /** Writes the fixture when recording, then deletes the case's namespaces (not recorded). */
  finish(): Promise<void>;
}

export function realHarness(cluster: TestCluster, caseName: string, runId: string, record: boolean): RealSession {
  const log: Exchange[] = [];
  const clients = new Map<Credentials, KubeHttp>();
  const http = (credentials: Credentials) => {
    let client = clients.get(credentials);
    if (!client) {
      const inner = createKubeHttp({ ...connection(cluster, credentials), requestTimeoutMs: 10_000 });
      client = record ? recordingHttp(inner, credentials, log) : inner;
      clients.set(credentials, client);
    }
    return client;
  };
  const pollMs = 200;
  const namespaces = new Set<string>();
  const harness: Harness = {
    mode: "real",
    namespace: (suffix = "") => {
      const name = `bt-${caseName.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 30)}${suffix}-${runId}`;
      namespaces.add(name);
      return name;
    },
    target: (credentials, options) => createKubernetesTarget({ ...connection(cluster, credentials), rolloutPollIntervalMs: pollMs, ...options, http: http(credentials) }),
    check: (credentials, namespace) => checkCluster({ ...connection(cluster, credentials), ...(namespace ? { namespace } : {}), http: http(credentials) }),
    admin: http("admin"),
    kubelet: makeKubelet(http("admin"), 150),
    pollMs,
  };
  return {
    harness,
    async finish() {
      // A cluster that outlives the run (a developer's) should not collect every case's namespace.
      const cleaner = createKubeHttp({ ...connection(cluster, "admin"), requestTimeoutMs: 10_000 });
      for (const namespace of namespaces) await cleaner.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` });
      if (!record) return;
      if (!existsSync(fixturesDir)) mkdirSync(fixturesDir, { recursive: true });
      const fixture: Fixture = { case: caseName, run_id: runId, server: cluster.server, server_version: cluster.version, recorded_with: "tests/engine/k8s/real.test.ts (BATON_RECORD_K8S=1)", exchanges: log };
      // One exchange per line: compact, and a re-recording diffs by request.
      const { exchanges, ...header } = fixture;
      const head = JSON.stringify(header, null, 1).replace(/\n}$/, "");
      writeFileSync(fixturePath(caseName), `${head},\n "exchanges": [\n${exchanges.map((e) => JSON.stringify(e)).join(",\n")}\n ]\n}\n`);
    },
  };
}

export function doubleHarness(caseName: string): { harness: Harness; replay: Replay } | null {
  const file = fixturePath(caseName);
  if (!existsSync(file)) return null;
  const fixture = JSON.parse(readFileSync(file, "utf8")) as Fixture;
  const replay = new Replay(fixture);
  const pollMs = 5;
  const harness: Harness = {
    mode: "double",
    namespace: (suffix = "") => `bt-${caseName.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 30)}${suffix}-${fixture.run_id}`,
    target: (credentials, options) => createKubernetesTarget({ ...fakeConnection(fixture.server, credentials), rolloutPollIntervalMs: pollMs, ...options, http: replay.http(credentials) }),
    check: (credentials, namespace) => checkCluster({ ...fakeConnection(fixture.server, credentials), ...(namespace ? { namespace } : {}), http: replay.http(credentials) }),
    admin: replay.http("admin"),
    kubelet: makeKubelet(replay.http("admin"), 1),
    pollMs,
  };
  return { harness, replay };
}
