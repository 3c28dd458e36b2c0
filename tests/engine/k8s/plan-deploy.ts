/**
 * The engine end to end against the real apiserver: Score → plan() with a humanitec/k8s-cluster
 * definition pointing at the test cluster → targetFromClusterOutputs → apply, as the deploy job
 * does. Then a workload is removed and the environment redeployed, then redeployed unchanged.
 */
import { expect } from "vitest";
import { plan } from "@/lib/engine/plan";
import { applySetId, applySetParentName, targetFromClusterOutputs } from "@/lib/engine/targets/kubernetes";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import type { ScoreWorkload } from "@/lib/engine/score/types";
import type { TestCluster } from "./support/cluster";
import { realHarness } from "./support/harness";


function definitions(cluster: TestCluster): ResourceDefinition[] {
  return [
    { id: "ns", name: "ns", type: "k8s-namespace", driver_type: "humanitec/echo", criteria: [{}], driver_inputs: { values: { namespace: "${context.app.id}-${context.env.id}" } } },
    {
      id: "test-cluster",
      name: "test-cluster",
      type: "k8s-cluster",
      driver_type: "humanitec/k8s-cluster",
      criteria: [{}],
      driver_inputs: { values: { loadbalancer: "127.0.0.1", cluster_data: { server: cluster.server, "certificate-authority-data": cluster.certificateAuthorityData } }, secrets: { credentials: { token: cluster.adminToken } } },
    },
  ];
}

const score = (name: string, port?: number): ScoreWorkload => ({
  apiVersion: "score.dev/v1b1",
  metadata: { name },
  containers: { main: { image: `registry.example/${name}:1`, variables: { MODE: "test" } } },
  ...(port ? { service: { ports: { http: { port, targetPort: 8080 } } } } : {}),
});

/** Run by real.test.ts (one file, so the cluster it may have started outlives every case). */
export async function deployScoreThroughPlan(cluster: TestCluster, runId: string): Promise<void> {
  {
    const context = { org_id: "acme", app_id: "shop", env_id: `e${runId}`, env_type: "development" };
    const deployPlan = async (workloads: ScoreWorkload[]) => {
      const p = await plan({ context, definitions: definitions(cluster), workloads: workloads.map((s) => ({ score: s })) });
      expect(p.errors).toEqual([]);
      const node = p.graph.nodes.find((n) => n.type === "k8s-cluster")!;
      return { p, target: targetFromClusterOutputs(node.outputs.values, node.outputs.secrets, { description: p.target, rolloutTimeoutSeconds: 60, rolloutPollIntervalMs: 200 }) };
    };
    const { harness } = realHarness(cluster, "plan", runId, false);

    const first = await deployPlan([score("web", 80), score("worker")]);
    const ns = first.p.namespace!;
    expect(ns).toBe(`shop-e${runId}`);
    const kubelet = harness.kubelet(ns);
    let result;
    try {
      result = await first.target.apply({ app_id: "shop", env_id: context.env_id, deploy_id: "d1", namespace: ns, objects: first.p.objects });
    } finally {
      await kubelet.stop();
    }
    expect(result.applied.length).toBe(first.p.objects.length);

    // What kubectl get would show: exactly the plan's objects carry the environment's set id.
    const id = applySetId({ name: applySetParentName("shop", context.env_id), namespace: ns });
    const members = async () => {
      const names: string[] = [];
      for (const [path, kind] of [[`/apis/apps/v1/namespaces/${ns}/deployments`, "Deployment"], [`/api/v1/namespaces/${ns}/services`, "Service"], [`/api/v1/namespaces/${ns}/secrets`, "Secret"], [`/api/v1/namespaces/${ns}/configmaps`, "ConfigMap"]] as const) {
        const list = await harness.admin.request({ method: "GET", path, query: { labelSelector: `applyset.kubernetes.io/part-of=${id}` } });
        for (const item of (list.body as { items: { metadata: { name: string } }[] }).items) names.push(`${kind}/${item.metadata.name}`);
      }
      return names.sort();
    };
    const planned = (p: typeof first.p) => p.objects.filter((o) => o.kind !== "Namespace").map((o) => `${String(o.kind)}/${(o.metadata as { name: string }).name}`).sort();
    expect(await members()).toEqual(planned(first.p));

    const second = await deployPlan([score("web", 80)]);
    const pruned = await second.target.apply({ app_id: "shop", env_id: context.env_id, deploy_id: "d2", namespace: ns, objects: second.p.objects, previous: result.applied });
    const removed = first.p.objects.filter((o) => !second.p.objects.some((k) => k.kind === o.kind && (k.metadata as { name: string }).name === (o.metadata as { name: string }).name));
    expect(removed.map((o) => String(o.kind))).toContain("Deployment");
    expect(pruned.pruned.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(removed.map((o) => `${String(o.kind)}/${(o.metadata as { name: string }).name}`).sort());
    expect(await members()).toEqual(planned(second.p));

    const third = await deployPlan([score("web", 80)]);
    const unchanged = await third.target.apply({ app_id: "shop", env_id: context.env_id, deploy_id: "d3", namespace: ns, objects: third.p.objects, previous: pruned.applied });
    expect(unchanged.pruned).toEqual([]);
    expect(unchanged.outcomes!.length).toBe(third.p.objects.length);
    expect(unchanged.outcomes!.filter((o) => o.ref.kind !== "Namespace" && o.action !== "unchanged")).toEqual([]);
    await harness.admin.request({ method: "DELETE", path: `/api/v1/namespaces/${ns}` });
  }
}
