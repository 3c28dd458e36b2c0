import { describe, expect, it } from "vitest";
import type { DeploymentGraph, DeploymentGraphNode } from "@/lib/server/data/deployments";
import { resourceDifferences } from "@/lib/server/deploy/resource-diff";

const node = (n: Partial<DeploymentGraphNode> & Pick<DeploymentGraphNode, "type" | "res_id">): DeploymentGraphNode => ({
  key: `${n.type}.${n.class ?? "default"}#${n.res_id}`,
  class: "default",
  guresid: "g",
  def_id: null,
  driver_type: null,
  depends_on: [],
  status: "provisioned",
  outputs: { values: {}, secrets: {} },
  ...n,
});
const graph = (...nodes: DeploymentGraphNode[]): DeploymentGraph => ({ nodes, order: [] });

describe("resource differences between two deployments", () => {
  it("puts a declared resource that matched another definition first, then implicit ones, with the value outputs that differ", () => {
    const dev = graph(
      node({ type: "k8s-namespace", res_id: "k8s-namespace", def_id: "ns", outputs: { values: { namespace: "shop-development" }, secrets: {} } }),
      node({ type: "base-env", res_id: "base-env", def_id: "dev-env" }),
      node({ type: "postgres", res_id: "shared.db", def_id: "incluster-postgres", outputs: { values: { host: "db-dev", port: 5432 }, secrets: { password: "***" } } }),
      node({ type: "workload", res_id: "modules.web", outputs: { values: { a: 1 }, secrets: {} } }),
    );
    const staging = graph(
      node({ type: "k8s-namespace", res_id: "k8s-namespace", def_id: "ns", outputs: { values: { namespace: "shop-staging" }, secrets: {} } }),
      node({ type: "base-env", res_id: "base-env", def_id: "staging-env" }),
      node({ type: "postgres", res_id: "shared.db", def_id: "staging-postgres", outputs: { values: { host: "db-staging", port: 5432 }, secrets: { password: "***" } } }),
      node({ type: "workload", res_id: "modules.web", outputs: { values: { a: 2 }, secrets: {} } }),
    );
    expect(resourceDifferences(dev, staging)).toEqual([
      { type: "postgres", resId: "shared.db", change: "changed", from: { defId: "incluster-postgres", class: "default" }, to: { defId: "staging-postgres", class: "default" }, values: ["host"] },
      { type: "base-env", resId: "base-env", change: "changed", from: { defId: "dev-env", class: "default" }, to: { defId: "staging-env", class: "default" }, values: [] },
      { type: "k8s-namespace", resId: "k8s-namespace", change: "changed", from: { defId: "ns", class: "default" }, to: { defId: "ns", class: "default" }, values: ["namespace"] },
    ]);
  });

  it("reports class changes, added and removed resources, and nothing for identical ones", () => {
    const a = graph(node({ type: "redis", res_id: "shared.cache", def_id: "r" }), node({ type: "s3", res_id: "modules.web.externals.files", def_id: "s" }));
    const b = graph(node({ type: "redis", res_id: "shared.cache", class: "large", def_id: "r" }), node({ type: "dns", res_id: "modules.web.externals.dns", def_id: "d" }));
    expect(resourceDifferences(a, b).map((d) => [d.change, d.resId, d.from?.class, d.to?.class])).toEqual([
      ["changed", "shared.cache", "default", "large"],
      ["added", "modules.web.externals.dns", undefined, "default"],
      ["removed", "modules.web.externals.files", "default", undefined],
    ]);
    expect(resourceDifferences(a, a)).toEqual([]);
    expect(resourceDifferences(null, null)).toEqual([]);
  });
});
