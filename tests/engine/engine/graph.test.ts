import { describe, expect, it } from "vitest";
import { plan } from "@/lib/engine/plan";
import { baseDefinitions, context, def, workload } from "./helpers";

const deps = (p: Awaited<ReturnType<typeof plan>>, key: string) => p.graph.nodes.find((n) => n.key === key)?.depends_on;

describe("resource graph", () => {
  it("a shared resource used by two workloads is one node", async () => {
    const p = await plan({
      context,
      definitions: [...baseDefinitions(), def("db", "postgres", "humanitec/echo", { driver_inputs: { values: { host: "db.internal", port: 5432 } } })],
      workloads: [
        { score: workload("api", { containers: { main: { image: "api:1", variables: { DB: "${resources.db.host}" } } }, resources: { db: { type: "postgres", id: "main-db" } } }) },
        { score: workload("worker", { containers: { main: { image: "w:1", variables: { DB: "${resources.store.host}:${resources.store.port}" } } }, resources: { store: { type: "postgres", id: "main-db" } } }) },
      ],
    });
    expect(p.errors).toEqual([]);
    const dbNodes = p.graph.nodes.filter((n) => n.type === "postgres");
    expect(dbNodes.map((n) => n.key)).toEqual(["postgres.default#shared.main-db"]);
    expect(deps(p, "workload.default#modules.api")).toContain("postgres.default#shared.main-db");
    expect(deps(p, "workload.default#modules.worker")).toContain("postgres.default#shared.main-db");
    const env = (name: string) => (p.objects.find((o) => o.kind === "Deployment" && (o.metadata as { name: string }).name === name) as { spec: { template: { spec: { containers: { env: unknown }[] } } } }).spec.template.spec.containers[0].env;
    expect(env("worker")).toEqual([{ name: "DB", value: "db.internal:5432" }]);
    expect(env("api")).toEqual([{ name: "DB", value: "db.internal" }]);
  });

  it("propagates class and id to referenced resources, and keeps explicit ones", async () => {
    const p = await plan({
      context,
      definitions: [
        ...baseDefinitions(),
        def("wl", "workload", "humanitec/echo", { driver_inputs: { values: { sa: "${resources.k8s-service-account.outputs.name}" } } }),
        def("sa", "k8s-service-account", "humanitec/echo", { driver_inputs: { values: { name: "sa-${context.res.id}" } } }),
        def("s3-admin", "s3", "humanitec/echo", {
          criteria: [{ class: "admin" }],
          driver_inputs: { values: { bucket: "${resources['s3.concrete'].outputs.bucket}", region: "${resources.config.outputs.region}", account: "${resources['config.default#org-config'].outputs.account}" } },
        }),
        def("s3-concrete", "s3", "humanitec/echo", { criteria: [{ class: "concrete" }], driver_inputs: { values: { bucket: "bucket-${context.res.id}" } } }),
        def("config-admin", "config", "humanitec/echo", { criteria: [{ class: "admin" }], driver_inputs: { values: { region: "eu-west-1" } } }),
        def("config-org", "config", "humanitec/echo", { criteria: [{ res_id: "org-config" }], driver_inputs: { values: { account: "123" } } }),
      ],
      workloads: [{ score: workload("api", { resources: { files: { type: "s3", class: "admin" } } }) }],
    });
    expect(p.errors).toEqual([]);
    const keys = p.graph.nodes.map((n) => n.key);
    expect(keys).toContain("k8s-service-account.default#modules.api");
    expect(keys).toContain("s3.concrete#modules.api.externals.files");
    expect(keys).toContain("config.admin#modules.api.externals.files");
    expect(keys).toContain("config.default#org-config");
    const s3 = p.graph.nodes.find((n) => n.key === "s3.admin#modules.api.externals.files")!;
    expect(s3.outputs.values).toEqual({ bucket: "bucket-modules.api.externals.files", region: "eu-west-1", account: "123" });
    const order = p.graph.order;
    expect(order.indexOf("s3.concrete#modules.api.externals.files")).toBeLessThan(order.indexOf("s3.admin#modules.api.externals.files"));
    expect(p.graph.nodes.find((n) => n.key === "workload.default#modules.api")!.outputs.values).toEqual({ sa: "sa-modules.api" });
  });

  it("co-provisions with is_dependent and match_dependents, and selectors return lists", async () => {
    const p = await plan({
      context,
      definitions: [
        ...baseDefinitions(),
        def("s3", "s3", "humanitec/echo", {
          driver_inputs: { values: { bucket: "b-${context.res.guresid}" } },
          provision: { "aws-policy": { match_dependents: true }, "audit-log#audit": { is_dependent: true } },
        }),
        def("policy", "aws-policy", "humanitec/echo", { driver_inputs: { values: { arn: "arn:${resources.s3.outputs.bucket}" } } }),
        def("audit", "audit-log", "humanitec/echo", { driver_inputs: { values: { ok: true } } }),
        def("wl", "workload", "humanitec/echo", { driver_inputs: { values: { role: "${resources.aws-role.outputs.arn}" } } }),
        def("role", "aws-role", "humanitec/echo", { driver_inputs: { values: { arn: "role", policies: "${resources.workload>aws-policy.outputs.arn}" } } }),
      ],
      workloads: [{ score: workload("api", { resources: { one: { type: "s3" }, two: { type: "s3" } } }) }],
    });
    expect(p.errors).toEqual([]);
    const policyOne = "aws-policy.default#modules.api.externals.one";
    const policyTwo = "aws-policy.default#modules.api.externals.two";
    // match_dependents: the workload depending on the s3 also depends on its policy
    expect(deps(p, "workload.default#modules.api")).toEqual(expect.arrayContaining([policyOne, policyTwo]));
    // the policy references the s3, so it comes after it; is_dependent puts the audit log after the s3
    expect(deps(p, policyOne)).toContain("s3.default#modules.api.externals.one");
    expect(deps(p, "audit-log.default#audit")).toEqual(expect.arrayContaining(["s3.default#modules.api.externals.one", "s3.default#modules.api.externals.two"]));
    // the selector finds both policies the workload depends on, as a list
    const role = p.graph.nodes.find((n) => n.key === "aws-role.default#modules.api")!;
    expect(role.depends_on).toEqual(expect.arrayContaining([policyOne, policyTwo]));
    const policies = role.outputs.values.policies as string[];
    expect(policies).toHaveLength(2);
    expect(policies.every((arn) => /^arn:b-[0-9a-f]{40}$/.test(arn))).toBe(true);
  });

  it("reports a cycle naming its nodes", async () => {
    const p = await plan({
      context,
      definitions: [
        ...baseDefinitions(),
        def("a", "config", "humanitec/echo", { criteria: [{ class: "a" }], driver_inputs: { values: { x: "${resources['config.b'].outputs.y}" } } }),
        def("b", "config", "humanitec/echo", { criteria: [{ class: "b" }], driver_inputs: { values: { y: "${resources['config.a'].outputs.x}" } } }),
      ],
      workloads: [{ score: workload("api", { resources: { cfg: { type: "config", class: "a" } } }) }],
    });
    const cycle = p.errors.find((e) => e.code === "cycle");
    expect(cycle?.message).toContain("config.a#modules.api.externals.cfg → config.b#modules.api.externals.cfg → config.a#modules.api.externals.cfg");
    expect(p.objects).toEqual([]);
  });

  it("reports a resource no definition matches, naming type, class and res_id", async () => {
    const p = await plan({ context, definitions: baseDefinitions(), workloads: [{ score: workload("api", { resources: { q: { type: "kafka-topic", class: "fast" } } }) }] });
    const noMatch = p.errors.filter((e) => e.code === "no-match");
    expect(noMatch).toHaveLength(1);
    expect(noMatch[0].object_id).toBe("kafka-topic.fast#modules.api.externals.q");
    expect(noMatch[0].message).toContain('type "kafka-topic", class "fast", res_id "modules.api.externals.q"');
  });

  it("an unmatched k8s-namespace is an error, an unmatched workload or base-env is not", async () => {
    const p = await plan({ context, definitions: [baseDefinitions()[1]], workloads: [{ score: workload("api") }] });
    expect(p.errors.map((e) => `${e.code} ${e.object_id}`)).toEqual(["no-match k8s-namespace.default#k8s-namespace"]);
    expect(p.graph.nodes.find((n) => n.type === "workload")!.status).toBe("unmatched");
  });

  it("names a driver that is not available", async () => {
    const p = await plan({
      context,
      definitions: [...baseDefinitions(), def("tf", "postgres", "humanitec/terraform")],
      workloads: [{ score: workload("api", { resources: { db: { type: "postgres" } } }) }],
    });
    const e = p.errors.find((x) => x.code === "driver-unavailable");
    expect(e?.message).toContain('driver "humanitec/terraform"');
    expect(p.errors.find((x) => x.code === "dependency-failed")?.object_id).toBe("workload.default#modules.api");
  });
});
