import { describe, expect, it } from "vitest";
import { dependencyGraph } from "@/lib/engine/graph";
import { matchDefinition } from "@/lib/engine/matching";
import { baseDefinitions, context, def } from "./helpers";

describe("dependency graph of provision requests", () => {
  const definitions = [
    ...baseDefinitions(),
    def("db", "postgres", "humanitec/echo", { driver_inputs: { values: { host: "db", user: "${resources.postgres-user.outputs.name}", ns: "${resources.k8s-namespace.outputs.namespace}" } } }),
    def("user", "postgres-user", "humanitec/echo", { driver_inputs: { values: { name: "app" } }, provision: { "config#audit": { is_dependent: false } } }),
    def("audit", "config", "humanitec/echo", { criteria: [{ res_id: "audit" }], driver_inputs: { values: { level: "all" } } }),
  ];

  it("holds the requested resources and what their definitions reference or co-provision, dependencies first", () => {
    const { nodes, errors } = dependencyGraph({ requests: [{ id: "modules.web.externals.db", type: "postgres", params: { extensions: ["pgcrypto"] } }], context, definitions, match: matchDefinition });
    expect(errors).toEqual([]);
    const keys = nodes.map((n) => `${n.type}#${n.res_id}`);
    expect(keys).toEqual(expect.arrayContaining(["postgres#modules.web.externals.db", "postgres-user#modules.web.externals.db", "k8s-namespace#modules.web.externals.db", "config#audit"]));
    expect(keys).not.toContain("workload#modules.web");
    expect(keys).not.toContain("k8s-cluster#k8s-cluster");
    // a referenced resource takes the referrer's id (Humanitec's rule)
    expect(keys.filter((k) => k.startsWith("k8s-namespace"))).toEqual(["k8s-namespace#modules.web.externals.db"]);
    const db = nodes.find((n) => n.type === "postgres")!;
    expect(db).toMatchObject({ definition: { id: "db" }, params: { extensions: ["pgcrypto"] } });
    const user = nodes.find((n) => n.type === "postgres-user")!;
    expect(db.depends_on).toContain(user.guresid);
    expect(keys.indexOf("postgres-user#modules.web.externals.db")).toBeLessThan(keys.indexOf("postgres#modules.web.externals.db"));
  });

  it("names a requested resource nothing matches; a shared id works with or without its prefix", () => {
    const { nodes, errors } = dependencyGraph({ requests: [{ id: "cache", type: "redis" }, { id: "shared.other", type: "postgres-user" }], context, definitions, match: matchDefinition });
    expect(errors.map((e) => [e.code, e.object_id])).toEqual([["no-match", "redis.default#shared.cache"]]);
    expect(nodes.map((n) => n.res_id).sort()).toEqual(["audit", "shared.other"]);
  });
});
