import { describe, expect, it } from "vitest";
import { buildPicture, describeNode, originOf, withValuesNodes, type StoredGraph, type StoredGraphNode } from "@/components/graph/model";

const node = (n: Partial<StoredGraphNode> & Pick<StoredGraphNode, "key" | "res_id" | "type">): StoredGraphNode => ({
  class: "default",
  def_id: null,
  driver_type: null,
  depends_on: [],
  status: "provisioned",
  ...n,
});

const graph: StoredGraph = {
  nodes: [
    node({ key: "base-env.default#base-env", res_id: "base-env", type: "base-env", status: "unmatched", origin: "implicit" }),
    node({ key: "k8s-cluster.default#k8s-cluster", res_id: "k8s-cluster", type: "k8s-cluster", def_id: "local-gitops", origin: "implicit" }),
    node({ key: "postgres.default#shared.db", res_id: "shared.db", type: "postgres", def_id: "incluster-postgres", origin: "shared" }),
    node({ key: "workload.default#modules.web", res_id: "modules.web", type: "workload", status: "unmatched", origin: "workload", depends_on: ["postgres.default#shared.db"] }),
  ],
};

describe("graph words", () => {
  it("says what each node is, and never 'unmatched' for a node that is fine", () => {
    const words = graph.nodes.map((n) => describeNode(n).short);
    expect(words).toEqual(["implicit · optional", "implicit · local-gitops", "by incluster-postgres", "workload"]);
    for (const n of graph.nodes) expect(describeNode(n).long).not.toMatch(/unmatched/);
    expect(describeNode(graph.nodes[3]).long).toContain("The workload web itself");
    expect(buildPicture(graph).nodes.map((b) => b.role)).toEqual(words);
  });

  it("names failures in the words a developer acts on", () => {
    const failed = node({ key: "postgres.default#shared.db", res_id: "shared.db", type: "postgres", status: "failed", origin: "shared" });
    expect(describeNode(failed)).toMatchObject({ short: "failed: no definition" });
    expect(describeNode(failed).long).toContain("No definition matched this resource.");
    expect(describeNode({ ...failed, def_id: "pg" }).short).toBe("failed (pg)");
    expect(describeNode({ ...failed, status: "skipped" }).short).toBe("not provisioned");
  });

  it("infers the origin of nodes stored before origins were recorded", () => {
    const strip = (n: StoredGraphNode) => ({ ...n, origin: undefined });
    expect(graph.nodes.map((n) => originOf(strip(n)))).toEqual(["implicit", "implicit", "shared", "workload"]);
    expect(originOf(node({ key: "redis.default#modules.web.externals.cache", res_id: "modules.web.externals.cache", type: "redis" }))).toBe("external");
  });

  it("adds a node for each Score resource of type environment, which the workload depends on", () => {
    const g = withValuesNodes(graph, [
      { workload: "web", name: "env", reads: ["MOTD"] },
      { workload: "gone", name: "env", reads: [] },
    ]);
    const env = g.nodes.find((n) => n.type === "environment")!;
    expect(env).toMatchObject({ res_id: "modules.web.externals.env", origin: "values", reads: ["MOTD"] });
    expect(describeNode(env)).toMatchObject({ short: "values" });
    expect(describeNode(env).long).toContain("It reads MOTD.");
    expect(g.nodes.find((n) => n.type === "workload")!.depends_on).toContain(env.key);
    // A workload not in the graph gets no orphan node; the input is not changed.
    expect(g.nodes).toHaveLength(graph.nodes.length + 1);
    expect(graph.nodes[3].depends_on).toEqual(["postgres.default#shared.db"]);
  });
});
