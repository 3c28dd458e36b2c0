import { describe, expect, it } from "vitest";
import { createDriverRegistry } from "@/lib/engine/drivers/registry";
import type { Driver } from "@/lib/engine/drivers/types";
import { plan } from "@/lib/engine/plan";
import { checkObject } from "@/lib/engine/render/validate";
import { baseDefinitions, context, def, workload } from "./helpers";

// Kubernetes objects are walked freely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const find = (objects: Obj[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

const dbDefinition = def("db", "postgres", "humanitec/echo", {
  driver_inputs: { values: { host: "pg.internal", port: 5432, name: "app" }, secrets: { username: "admin", password: "s3cr3t-pw" } },
});

describe("rendering", () => {
  it("a secret taints the whole variable: it goes to a Secret, referenced by secretKeyRef", async () => {
    const p = await plan({
      context,
      definitions: [...baseDefinitions(), dbDefinition],
      values: { MOTD: { value: "hello" }, API_KEY: { value: "k-123", secret: true } },
      workloads: [
        {
          score: workload("api", {
            containers: {
              main: {
                image: "api:1",
                variables: {
                  DB_URL: "postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}:${resources.db.port}/${resources.db.name}",
                  DB_HOST: "${resources.db.host}",
                  DB_PORT: "${resources.db.port}",
                  MOTD: "${resources.env.MOTD}",
                  KEY: "${resources.env.API_KEY}",
                },
                files: { "/etc/app/db.conf": { mode: "0600", content: "password=${resources.db.password}" }, "/etc/app/motd": { content: "${resources.env.MOTD}" } },
              },
            },
            service: { ports: { web: { port: 80, targetPort: 8080 } } },
            resources: { db: { type: "postgres" }, env: { type: "environment" } },
          }),
        },
      ],
    });
    expect(p.errors).toEqual([]);
    const deployment = find(p.objects, "Deployment", "api")!;
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: Obj) => [e.name, e]));
    expect(env.DB_HOST).toEqual({ name: "DB_HOST", value: "pg.internal" });
    expect(env.DB_PORT).toEqual({ name: "DB_PORT", value: "5432" });
    expect(env.MOTD).toEqual({ name: "MOTD", value: "hello" });
    expect(env.DB_URL.valueFrom.secretKeyRef.name).toBe("api-env");
    expect(env.KEY.valueFrom.secretKeyRef.name).toBe("api-env");
    expect(JSON.stringify(deployment)).not.toContain("s3cr3t-pw");
    expect(JSON.stringify(deployment)).not.toContain("k-123");
    const secret = find(p.objects, "Secret", "api-env")!;
    expect(Buffer.from(secret.data[env.DB_URL.valueFrom.secretKeyRef.key], "base64").toString()).toBe("postgres://admin:s3cr3t-pw@pg.internal:5432/app");
    // the file with a password becomes a Secret volume; the other stays a ConfigMap
    const fileSecret = find(p.objects, "Secret", "api-main-secret-files")!;
    expect(Object.values(fileSecret.data).map((v) => Buffer.from(v as string, "base64").toString())).toEqual(["password=s3cr3t-pw"]);
    const configMap = find(p.objects, "ConfigMap", "api-main-files")!;
    expect(Object.values(configMap.data)).toEqual(["hello"]);
    expect(JSON.stringify(configMap)).not.toContain("s3cr3t-pw");
    const mounts = container.volumeMounts.map((m: Obj) => m.mountPath).sort();
    expect(mounts).toEqual(["/etc/app/db.conf", "/etc/app/motd"]);
    // service with protocol, labels and selector
    const service = find(p.objects, "Service", "api")!;
    expect(service.spec.ports).toEqual([{ name: "web", port: 80, targetPort: 8080, protocol: "TCP" }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.metadata.labels).toMatchObject({ "app.kubernetes.io/name": "api", "app.kubernetes.io/managed-by": "baton", "baton.dev/app": "shop", "baton.dev/env": "dev" });
    expect(find(p.objects, "Namespace", "shop-dev")).toBeDefined();
    expect(deployment.metadata.namespace).toBe("shop-dev");
  });

  it("renders a StatefulSet when annotated as score-k8s does, with probes and resources", async () => {
    const p = await plan({
      context,
      definitions: baseDefinitions(),
      workloads: [
        {
          score: workload("db", {
            metadata: { name: "db", annotations: { "k8s.score.dev/kind": "StatefulSet", team: "data" } },
            containers: {
              main: {
                image: "postgres:17",
                resources: { limits: { cpu: "500m", memory: "256Mi" } },
                livenessProbe: { httpGet: { path: "/health", port: 8080 } },
                readinessProbe: { exec: { command: ["pg_isready"] } },
              },
            },
          }),
        },
      ],
    });
    expect(p.errors).toEqual([]);
    const sts = find(p.objects, "StatefulSet", "db")!;
    expect(sts.spec.serviceName).toBe("db-headless-svc");
    const c = sts.spec.template.spec.containers[0];
    expect(c.livenessProbe).toEqual({ httpGet: { path: "/health", port: 8080 } });
    expect(c.readinessProbe).toEqual({ exec: { command: ["pg_isready"] } });
    expect(c.resources).toEqual({ limits: { cpu: "500m", memory: "256Mi" } });
    expect(sts.spec.template.metadata.annotations).toEqual({ team: "data" });
    expect(find(p.objects, "Service", "db-headless-svc")!.spec.clusterIP).toBe("None");
  });

  it("applies a workload resource's outputs.update patch before rendering", async () => {
    const patcher: Driver = {
      type: "test/patch",
      provision: (input) => ({
        values: {},
        secrets: {},
        manifests: [{ name: "sidecar", location: "containers", data: { name: "sidecar", image: "otel:1" } }],
        workloadUpdate: [
          { op: "add", path: "/spec/serviceAccountName", value: input.driver.values.sa as string },
          { op: "add", path: "/spec/pod/labels", value: { team: "core" } },
        ],
      }),
    };
    const p = await plan({
      context,
      drivers: createDriverRegistry({ extra: [patcher] }),
      definitions: [...baseDefinitions(), def("wl", "workload", "test/patch", { driver_inputs: { values: { sa: "sa-${context.res.id}" } } })],
      workloads: [{ score: workload("api") }],
    });
    expect(p.errors).toEqual([]);
    const podSpec = find(p.objects, "Deployment", "api")!.spec.template;
    expect(podSpec.spec.serviceAccountName).toBe("sa-modules.api");
    expect(podSpec.metadata.labels.team).toBe("core");
    expect(podSpec.spec.containers.map((c: Obj) => c.name)).toEqual(["main", "sidecar"]);
  });

  it("own checks catch bad names, ports, selectors and unknown fields", () => {
    const problems = checkObject({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "Bad_Name" },
      spec: {
        selector: { matchLabels: { app: "x" } },
        template: { metadata: { labels: { app: "y" } }, spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: 70000 }], bogus: 1 }] } },
      },
    });
    expect(problems.join("\n")).toMatch(/metadata.name "Bad_Name" is not a valid DNS-1123 subdomain/);
    expect(problems.join("\n")).toMatch(/port 70000 is outside 1–65535/);
    expect(problems.join("\n")).toMatch(/matchLabels.app=x is not among the pod template labels/);
    expect(problems.join("\n")).toMatch(/unknown field "bogus"/);
  });

  it("treats kinds named like Object.prototype members as unknown kinds, not a crash", () => {
    for (const kind of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(checkObject({ apiVersion: "example.com/v1", kind, metadata: { name: "x" }, spec: {} })).toEqual([]);
    }
  });
});

describe("reuse of active resources", () => {
  let generated = 0;
  const passwordDriver: Driver = {
    type: "test/password",
    provision: (input) => {
      const cookie = (input.cookie ?? null) as { password?: string } | null;
      const password = cookie?.password ?? `pw-${++generated}-${Math.random().toString(36).slice(2)}`;
      return { values: { host: "db", size: input.driver.values.size }, secrets: { password }, manifests: [], cookie: { password } };
    },
  };
  const drivers = createDriverRegistry({ extra: [passwordDriver] });
  const score = workload("api", {
    containers: { main: { image: "api:1", variables: { PW: "${resources.db.password}" } } },
    resources: { db: { type: "postgres" } },
  });
  const defs = (size: string) => [...baseDefinitions(), def("db", "postgres", "test/password", { driver_inputs: { values: { size } } })];

  it("keeps generated passwords: unchanged inputs reuse outputs, changed inputs pass the cookie back", async () => {
    const first = await plan({ context, drivers, definitions: defs("1Gi"), workloads: [{ score }] });
    expect(first.errors).toEqual([]);
    const key = "postgres.default#modules.api.externals.db";
    const firstPw = first.graph.nodes.find((n) => n.key === key)!.outputs.secrets.password;
    const callsBefore = generated;

    const second = await plan({ context, drivers, definitions: defs("1Gi"), workloads: [{ score }], previous: first.resources });
    const node = second.graph.nodes.find((n) => n.key === key)!;
    expect(node.status).toBe("reused");
    expect(node.outputs.secrets.password).toBe(firstPw);
    expect(generated).toBe(callsBefore);

    const third = await plan({ context, drivers, definitions: defs("2Gi"), workloads: [{ score }], previous: second.resources });
    const changed = third.graph.nodes.find((n) => n.key === key)!;
    expect(changed.status).toBe("provisioned");
    expect(changed.outputs.values.size).toBe("2Gi");
    expect(changed.outputs.secrets.password).toBe(firstPw);

    const fresh = await plan({ context, drivers, definitions: defs("1Gi"), workloads: [{ score }] });
    expect(fresh.graph.nodes.find((n) => n.key === key)!.outputs.secrets.password).not.toBe(firstPw);
  });
});
