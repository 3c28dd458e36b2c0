/**
 * The target against a real kube-apiserver v1.20.2 (scripts/test-cluster). Skips only when no
 * cluster can be started, and never under CI. BATON_RECORD_K8S=1 rewrites the double's fixtures.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySetId, applySetParentName, createKubernetesTarget } from "@/lib/engine/targets/kubernetes";
import { deployment, namespaceObject, service, targetCases } from "./cases";
import { deployScoreThroughPlan } from "./plan-deploy";
import { findTestCluster, stopTestCluster, type ClusterLookup } from "./support/cluster";
import { realHarness } from "./support/harness";

const lookup: ClusterLookup = await findTestCluster();
if (!lookup.cluster) {
  if (process.env.CI) throw new Error(`CI must run the Kubernetes integration tests: ${lookup.reason}`);
  console.warn(`[k8s] SKIPPING real-cluster tests: ${lookup.reason}`);
}
const record = process.env.BATON_RECORD_K8S === "1";
const runId = randomBytes(3).toString("hex");

afterAll(() => {
  // A cluster these tests started is theirs to stop; one started by CI or a developer stays.
  if (lookup.cluster && lookup.startedHere) stopTestCluster();
});

describe.skipIf(!lookup.cluster)(`Kubernetes target against a real kube-apiserver${lookup.cluster ? ` ${lookup.cluster.version}` : ""}`, () => {
  beforeAll(() => {
    if (lookup.cluster) console.info(`[k8s] cluster ${lookup.cluster.server} ${lookup.cluster.version}, run ${runId}${record ? ", recording fixtures" : ""}`);
  });

  for (const testCase of targetCases) {
    it(testCase.name, async () => {
      const session = realHarness(lookup.cluster!, testCase.name, runId, record);
      await testCase.run(session.harness);
      await session.finish();
    }, 90_000);
  }

  it("Score → plan() → k8s-cluster outputs → apply; remove a workload; redeploy unchanged", () => deployScoreThroughPlan(lookup.cluster!, runId), 120_000);

  it("reports the server version and full permissions for the admin token", async () => {
    const session = realHarness(lookup.cluster!, "version", runId, false);
    expect(await session.harness.check("admin")).toEqual({ ok: true, version: lookup.cluster!.version, problems: [] });
  });
});

/** kubectl ≥ 1.27 (ApplySet support) on PATH, e.g. the Cloud SDK's; Debian's kubectl 1.20 has none. */
function kubectlWithApplySet(): string | null {
  try {
    const out = execFileSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const minor = Number.parseInt(String(JSON.parse(out).clientVersion?.minor ?? "0"), 10);
    return minor >= 27 ? "kubectl" : null;
  } catch {
    return null;
  }
}
const kubectl = lookup.cluster ? kubectlWithApplySet() : null;
if (lookup.cluster && !kubectl) console.warn("[k8s] skipping the kubectl ApplySet interoperability test: no kubectl >= 1.27 on PATH");

describe.skipIf(!lookup.cluster || !kubectl)("ApplySet interoperability with kubectl", () => {
  it("kubectl finds exactly Baton's objects by the set id and recognizes the set as Baton's", async () => {
    const cluster = lookup.cluster!;
    const ns = `bt-kubectl-${runId}`;
    const target = createKubernetesTarget({ server: cluster.server, certificateAuthorityData: cluster.certificateAuthorityData, token: cluster.adminToken, wait: false });
    await target.apply({ app_id: "shop", env_id: ns, deploy_id: "d1", namespace: ns, objects: [namespaceObject(ns), service(ns, "web"), deployment(ns, "web")] });
    const id = applySetId({ name: applySetParentName("shop", ns), namespace: ns });
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfig, KUBECTL_APPLYSET: "true" };
    const run = (args: string[], input?: string) => spawnSync(kubectl!, args, { env, encoding: "utf8", ...(input ? { input } : {}) });

    const listed = run(["get", "deployments,services,configmaps", "-n", ns, "-l", `applyset.kubernetes.io/part-of=${id}`, "-o", "name"]);
    expect(listed.stdout.trim().split("\n").sort()).toEqual(["deployment.apps/web", "service/web"]);

    // kubectl validates the parent (id = hash of its name/namespace/kind) and then, as KEP-3659
    // requires, refuses to mutate a set another tool manages.
    const manifest = JSON.stringify({ apiVersion: "v1", kind: "List", items: [service(ns, "web")] });
    const pruned = run(["apply", "--server-side", "-n", ns, "--prune", `--applyset=configmap/${applySetParentName("shop", ns)}`, "-f", "-"], manifest);
    expect(pruned.status).not.toBe(0);
    expect(pruned.stderr).toMatch(new RegExp(`ApplySet parent object "configmaps\\./${applySetParentName("shop", ns).replace(/\./g, "\\.")}" already exists and is managed by tooling "baton" instead of "kubectl"`));
  }, 60_000);
});
