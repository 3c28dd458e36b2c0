import { afterEach, describe, expect, it } from "vitest";
import { layoutPicture } from "@/components/graph/layout";
import { buildPicture, criterionFields, dependentsOf, typeColour, type StoredGraph } from "@/components/graph/model";
import { getDeploymentDetail } from "@/lib/server/data/deployments";
import { latestEnvironmentGraph } from "@/lib/server/data/environment-graph";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { ORG } from "./helpers";
import { deployFixture } from "./deploy-fixture";

let stopWorker: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
});

/** A synthetic graph: `workloads` workloads each with its own postgres, all on one namespace and cluster. */
function bigGraph(workloads: number): StoredGraph {
  const nodes: StoredGraph["nodes"] = [
    { key: "k8s-cluster.default#k8s-cluster", res_id: "k8s-cluster", type: "k8s-cluster", class: "default", def_id: "c", driver_type: "x", depends_on: [], status: "provisioned" },
    { key: "k8s-namespace.default#k8s-namespace", res_id: "k8s-namespace", type: "k8s-namespace", class: "default", def_id: "n", driver_type: "x", depends_on: ["k8s-cluster.default#k8s-cluster"], status: "provisioned" },
  ];
  for (let i = 0; i < workloads; i++) {
    nodes.push({ key: `postgres.default#modules.w${i}.externals.db`, res_id: `modules.w${i}.externals.db`, type: "postgres", class: "default", def_id: null, driver_type: null, depends_on: [], status: i % 10 === 0 ? "failed" : "provisioned" });
    nodes.push({ key: `workload.default#modules.w${i}`, res_id: `modules.w${i}`, type: "workload", class: "default", def_id: "wl", driver_type: "x", depends_on: [`postgres.default#modules.w${i}.externals.db`, "k8s-namespace.default#k8s-namespace"], status: "provisioned" });
  }
  return { nodes };
}

describe("resource graph picture", () => {
  it("draws a real deployment's graph: one box per node, one arrow per dependency, laid out dependents first", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hi" }, f.ctx);
    const { id } = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    const graph = (await getDeploymentDetail(f.db, ORG, "shop", id))!.graph!;
    expect(await latestEnvironmentGraph(f.db, ORG, "shop", "development")).toMatchObject({ deploymentId: id, status: "succeeded" });

    const picture = buildPicture(graph);
    expect(picture.grouped).toBe(false);
    expect(picture.nodes.map((n) => n.id).sort()).toEqual(graph.nodes.map((n) => n.key).sort());
    const arrows = graph.nodes.flatMap((n) => n.depends_on.filter((d) => graph.nodes.some((m) => m.key === d)).map((d) => `${n.key}->${d}`));
    expect(picture.edges.map((e) => e.id).sort()).toEqual([...new Set(arrows)].sort());
    expect(arrows.length).toBeGreaterThan(0);

    const pg = graph.nodes.find((n) => n.type === "postgres")!;
    expect(pg.def_id).toBe("incluster-postgres");
    expect(criterionFields(pg.criterion)).toEqual([["env_type", "development"]]);
    // Secrets reach the picture masked only.
    expect(Object.values(pg.outputs.secrets)).toContain("***");
    const workload = graph.nodes.find((n) => n.type === "workload")!;
    expect(dependentsOf(graph).get(pg.key)).toContain(workload.key);

    const positions = await layoutPicture(picture);
    expect(positions.size).toBe(picture.nodes.length);
    for (const e of picture.edges) expect(positions.get(e.source)!.x, e.id).toBeLessThan(positions.get(e.target)!.x);
  });

  it("groups graphs over 300 nodes by type, counting failures and dependencies", async () => {
    const graph = bigGraph(200); // 402 nodes
    expect(buildPicture(bigGraph(149)).grouped).toBe(false); // 300 nodes: still drawn one by one
    const picture = buildPicture(graph);
    expect(picture.grouped).toBe(true);
    const byId = new Map(picture.nodes.map((n) => [n.id, n]));
    expect(byId.get("group:workload")).toMatchObject({ count: 200, failed: 0 });
    expect(byId.get("group:postgres")).toMatchObject({ count: 200, failed: 20, status: "failed", sublabel: "200 resources, 20 failed" });
    expect(picture.edges.find((e) => e.id === "group:workload->group:postgres")?.count).toBe(200);
    expect(picture.edges.find((e) => e.id === "group:workload->group:k8s-namespace")?.count).toBe(200);
    const positions = await layoutPicture(picture);
    expect(positions.size).toBe(4);
  });

  it("gives each type a stable colour", () => {
    expect(typeColour("postgres")).toBe(typeColour("postgres"));
    expect(typeColour("my-org/queue")).toMatch(/^#[0-9a-f]{6}$/);
    expect(criterionFields(null)).toEqual([]);
    expect(criterionFields({ id: "c1", env_type: "staging", class: "default" })).toEqual([
      ["env_type", "staging"],
      ["class", "default"],
    ]);
  });
});
