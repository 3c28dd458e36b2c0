/**
 * Finds the local test cluster (scripts/test-cluster/start), starting it when its binaries are
 * cached. Tests skip only when no cluster can be started; under CI they fail instead.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface TestCluster {
  server: string;
  version: string;
  certificateAuthorityData: string;
  adminToken: string;
  limitedToken: string;
  adminClientCertificateData: string;
  adminClientKeyData: string;
  wrongCertificateAuthorityData: string;
  kubeconfig: string;
}

export const repoRoot = path.resolve(__dirname, "../../../..");
const scripts = path.join(repoRoot, "scripts/test-cluster");
const stateDir = process.env.BATON_TEST_CLUSTER_DIR ?? "/tmp/baton-test-cluster";
const clusterFile = path.join(stateDir, "cluster.json");

export type ClusterLookup = { cluster: TestCluster; startedHere: boolean } | { cluster: null; reason: string };

async function reachable(cluster: TestCluster): Promise<boolean> {
  const { createKubeHttp } = await import("@/lib/engine/targets/kubernetes/http");
  try {
    const response = await createKubeHttp({ server: cluster.server, certificateAuthorityData: cluster.certificateAuthorityData, token: cluster.adminToken, requestTimeoutMs: 3000 }).request({ method: "GET", path: "/readyz" });
    return response.status === 200;
  } catch {
    return false;
  }
}

function read(): TestCluster | null {
  return existsSync(clusterFile) ? (JSON.parse(readFileSync(clusterFile, "utf8")) as TestCluster) : null;
}

export async function findTestCluster(): Promise<ClusterLookup> {
  const running = read();
  if (running && (await reachable(running))) return { cluster: running, startedHere: false };
  try {
    execFileSync(path.join(scripts, "start"), { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } catch (error) {
    const err = error as { status?: number; stderr?: Buffer };
    const why = err.stderr?.toString().trim() || String(error);
    return { cluster: null, reason: `no Kubernetes test cluster could be started (scripts/test-cluster/start exited ${err.status ?? "?"}: ${why}). Build it once with scripts/test-cluster/build (as root, ~7 min).` };
  }
  const started = read();
  if (!started || !(await reachable(started))) return { cluster: null, reason: `scripts/test-cluster/start ran but ${clusterFile} does not describe a reachable cluster` };
  return { cluster: started, startedHere: true };
}

export function stopTestCluster(): void {
  execFileSync(path.join(scripts, "stop"), { stdio: "ignore", timeout: 60_000 });
}
