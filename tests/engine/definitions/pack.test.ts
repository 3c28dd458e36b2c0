/**
 * The in-cluster pack and the built-in defaults: they validate, round-trip through humctl YAML,
 * match as intended, and — when the Go template engine is present — render through the real
 * template-driver pipeline into the Kubernetes objects and outputs the reference asks for, with
 * credentials kept stable by the cookie.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { PersistentVolumeClaim, Secret, Service, Volume } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { exportHumctlYaml, importHumctlYaml, validateDefinition } from "@/lib/engine/definitions";
import { runTemplates } from "@/lib/engine/drivers/template";
import { matchDefinition } from "@/lib/engine/matching";
import { builtinDefaults, DATASTORE_TYPES, inClusterPack, PACK_TYPES } from "@/lib/engine/pack";
import { getResourceType } from "@/lib/engine/resource-types";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("inClusterPack", () => {
  const pack = inClusterPack({ criteria: [{ env_type: "development" }] });

  it("has one definition per pack type, ids prefixed, criteria as chosen", () => {
    expect(pack.map((d) => [d.id, d.type])).toEqual(PACK_TYPES.map((t) => [`incluster-${t}`, t]));
    for (const def of pack) expect(def.criteria).toEqual([{ env_type: "development" }]);
    expect(pack.filter((d) => d.driver_type === "humanitec/template").map((d) => d.type)).toEqual([
      "postgres", "mysql", "redis", "mongodb", "amqp", "volume", "dns", "route", "ingress",
    ]);
  });

  it("every definition validates without errors or warnings", () => {
    for (const def of [...pack, ...builtinDefaults()]) expect(validateDefinition(def), def.id).toEqual([]);
  });

  it("round-trips through humctl YAML", () => {
    const yaml = exportHumctlYaml(pack);
    const back = importHumctlYaml(yaml, { file: "pack.yaml" });
    expect(back.errors).toEqual([]);
    expect(back.definitions).toEqual(pack);
    expect(exportHumctlYaml(back.definitions)).toBe(yaml);
  });

  it("options: subset of types, prefix, images, storage, domain", () => {
    const custom = inClusterPack({
      types: ["postgres", "dns"],
      idPrefix: "dev-",
      images: { postgres: "postgres:16" },
      databaseStorage: "5Gi",
      storageClassName: "fast",
      baseDomain: "apps.example.com",
    });
    expect(custom.map((d) => d.id)).toEqual(["dev-postgres", "dev-dns"]);
    expect(custom[0].driver_inputs?.values).toMatchObject({ image: "postgres:16", storage: "5Gi", storage_class_name: "fast" });
    expect(custom[1].driver_inputs?.values).toMatchObject({ base_domain: "apps.example.com" });
    expect(custom[0].criteria).toEqual([{}]);
  });

  it("criteria are copied, not shared between definitions", () => {
    const criteria = [{ app_id: "shop" }];
    const [a, b] = inClusterPack({ criteria, types: ["redis", "mysql"] });
    a.criteria![0].app_id = "changed";
    expect(b.criteria).toEqual([{ app_id: "shop" }]);
    expect(criteria).toEqual([{ app_id: "shop" }]);
  });

  it("the namespace is <app>-<env> via echo", () => {
    const ns = pack.find((d) => d.type === "k8s-namespace")!;
    expect(ns.driver_type).toBe("humanitec/echo");
    expect(ns.driver_inputs).toEqual({ values: { namespace: "${context.app.id}-${context.env.id}" } });
  });

  it("dns co-provisions the ingress", () => {
    expect(pack.find((d) => d.type === "dns")!.provision).toEqual({ ingress: { is_dependent: true } });
  });
});

describe("builtinDefaults", () => {
  const defaults = builtinDefaults();
  it("are is_default fallbacks matching everything of class default", () => {
    expect(defaults.map((d) => [d.id, d.type, d.is_default])).toEqual([
      ["baton-default-k8s-namespace", "k8s-namespace", true],
      ["baton-default-dns", "dns", true],
      ["baton-default-route", "route", true],
      ["baton-default-ingress", "ingress", true],
    ]);
    const request = { type: "dns", res_id: "shared.web", app_id: "shop", env_id: "dev", env_type: "development" };
    expect(matchDefinition(defaults, request)?.definition.id).toBe("baton-default-dns");
    // An org definition of the same type wins over the fallback.
    const org = { ...inClusterPack({ types: ["dns"], criteria: [{ env_type: "production" }] })[0] };
    expect(matchDefinition([...defaults, org], { ...request, env_type: "production" })?.definition.id).toBe("incluster-dns");
  });
});

// ── rendering through the template-driver pipeline ────────────────────────────────────────

const engineReady = existsSync(path.join(repoRoot, "lib/engine/gotemplate/index.ts")) && existsSync(path.join(repoRoot, "lib/engine/gotemplate/funcs/sprig.ts"));
// Developer machines may have the real Go text/template + Sprig oracle (tools/gotemplate-oracle, not in CI).
const oraclePath = path.join(repoRoot, "tools/gotemplate-oracle/oracle");
const renderer = engineReady ? "baton" : existsSync(oraclePath) ? "go-oracle" : null;
if (!renderer) console.warn("skipping pack rendering tests: neither the Go template engine (lib/engine/gotemplate with Sprig) nor tools/gotemplate-oracle/oracle is there");
else console.info(`pack rendering tests use the ${renderer === "baton" ? "Baton Go template engine" : "real Go oracle"}`);

type Run = { init: unknown; manifests: Record<string, { location: string; data: Record<string, unknown> }>; outputs: Record<string, unknown>; secrets: Record<string, unknown>; cookie: unknown };

const context = { app_id: "shop", env_id: "development", res_id: "modules.api.externals.db" };

/** Replaces the `${context.*}` placeholders the pack uses (the orchestrator does this before templating). */
function resolveContext(value: unknown, extra: Record<string, unknown> = {}): unknown {
  if (typeof value === "string") {
    if (value in extra) return extra[value];
    return value
      .replaceAll("${context.res.id}", context.res_id)
      .replaceAll("${context.app.id}", context.app_id)
      .replaceAll("${context.env.id}", context.env_id);
  }
  if (Array.isArray(value)) return value.map((v) => resolveContext(v, extra));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveContext(v, extra)]));
  return value;
}

type Engine = { render(name: string, text: string, data: unknown): string };

function oracleEngine(seed: number): Engine {
  return {
    render(name, text, data) {
      const request = JSON.stringify({ name, template: text, data: JSON.stringify(data), format: "yaml", seed, funcs: "sprig" });
      const result = spawnSync(oraclePath, { input: `${request}\n`, encoding: "utf8" });
      const response = JSON.parse(result.stdout.trim()) as { ok: boolean; output: string; error: string };
      if (!response.ok) throw new Error(response.error);
      return Buffer.from(response.output, "base64").toString("utf8");
    },
  };
}

const MANIFEST_MODELS: Record<string, new (data: never) => { validate(): void }> = {
  StatefulSet,
  Secret,
  Service,
  PersistentVolumeClaim,
  Ingress,
};

function validateManifest(manifest: { location: string; data: Record<string, unknown> }): void {
  const Model = manifest.location === "volumes" ? Volume : MANIFEST_MODELS[String(manifest.data.kind)];
  expect(Model, `a model for ${String(manifest.data.kind)}`).toBeDefined();
  new Model(manifest.data as never).validate();
}

describe.skipIf(!renderer)("pack templates render (Go template engine)", async () => {
  // Loaded only when present: vitest still runs the body of a skipped describe to collect it.
  const gotemplate = engineReady ? await import("@/lib/engine/gotemplate") : undefined;
  const goTemplateChecker = engineReady ? (await import("@/lib/engine/definitions/go-template-checker")).goTemplateChecker : undefined!;

  function render(def: ResourceDefinition, options: { cookie?: unknown; resource?: Record<string, unknown>; seed?: number; placeholders?: Record<string, unknown>; resId?: string } = {}): Run {
    const seed = options.seed ?? 1;
    let engine: Engine;
    if (gotemplate) {
      const random = gotemplate.seededRandom(seed);
      engine = { render: (name, text, data) => gotemplate.renderTemplate(name, text, gotemplate.toGoValue(data, { integers: "int" }), { random }) };
    } else {
      engine = oracleEngine(seed);
    }
    const values = resolveContext(def.driver_inputs?.values ?? {}, options.placeholders) as Record<string, unknown>;
    if (options.resId) values.res_id = options.resId;
    const run = runTemplates(engine, {
      context: { org_id: "acme", app_id: "shop", env_id: "development", env_type: "development", deploy_id: "d1", type: def.type, class: "default", res_id: options.resId ?? context.res_id, guresid: "0123456789abcdef0123456789abcdef" },
      driver: { values, secrets: {} },
      resource: options.resource ?? {},
      cookie: options.cookie ?? null,
    }) as Run;
    for (const manifest of Object.values(run.manifests)) validateManifest(manifest);
    return run;
  }

  const pack = inClusterPack();
  const byType = (type: string) => pack.find((d) => d.type === type)!;

  it.skipIf(!engineReady)("every template parses with the Go parser", () => {
    for (const def of [...pack, ...builtinDefaults()]) {
      expect(validateDefinition(def, { templateChecker: goTemplateChecker }), def.id).toEqual([]);
    }
  });

  it.each(DATASTORE_TYPES)("%s: Secret + Service + StatefulSet in the namespace, outputs per the type", (type) => {
    const run = render(byType(type));
    expect(Object.keys(run.manifests).sort()).toEqual(["secret.yaml", "service.yaml", "statefulset.yaml"]);
    for (const manifest of Object.values(run.manifests)) expect(manifest.location).toBe("namespace");
    const name = (run.init as { name: string }).name;
    expect(name).toMatch(/^[a-z][a-z0-9-]*-01234567$/);
    expect(name.length).toBeLessThanOrEqual(52);
    expect(run.manifests["statefulset.yaml"].data).toMatchObject({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name } });
    expect(run.manifests["service.yaml"].data).toMatchObject({ kind: "Service", metadata: { name } });
    expect(run.manifests["secret.yaml"].data).toMatchObject({ kind: "Secret", metadata: { name } });
    expect(run.outputs.host).toBe(name);

    // Output keys are those of the resource type; secret keys are in the secrets schema.
    const schema = getResourceType(type)!.outputs_schema;
    for (const key of Object.keys(run.outputs)) expect(Object.keys(schema.values.properties ?? {}), `${type} value ${key}`).toContain(key);
    for (const key of Object.keys(run.secrets)) expect(Object.keys(schema.secrets.properties ?? {}), `${type} secret ${key}`).toContain(key);
    for (const key of schema.values.required ?? []) expect(run.outputs, `${type} requires ${key}`).toHaveProperty(key);
    for (const key of schema.secrets.required ?? []) expect(run.secrets, `${type} requires secret ${key}`).toHaveProperty(key);
    expect(Object.keys(run.outputs)).not.toContain("password");
    expect(typeof run.outputs.port).toBe("number");

    // The Secret carries the generated credentials the container reads with envFrom.
    const secretData = (run.manifests["secret.yaml"].data as { data: Record<string, string> }).data;
    const decoded = Object.values(secretData).map((v) => Buffer.from(v, "base64").toString());
    expect(decoded).toContain(String(run.secrets.password));
  });

  it.each(DATASTORE_TYPES)("%s: the cookie keeps credentials stable across provisionings", (type) => {
    const first = render(byType(type), { seed: 1 });
    const second = render(byType(type), { seed: 2, cookie: first.cookie });
    expect(second.secrets).toEqual(first.secrets);
    expect(second.outputs).toEqual(first.outputs);
    expect(second.manifests).toEqual(first.manifests);
    // Without the cookie, new random credentials are generated.
    const fresh = render(byType(type), { seed: 2 });
    expect(fresh.secrets.password).not.toEqual(first.secrets.password);
  });

  it("postgres outputs host, port 5432, name/database; username/password as secrets", () => {
    const run = render(byType("postgres"));
    expect(run.outputs).toEqual({ host: "postgres-api-db-01234567", port: 5432, name: "api_db", database: "api_db" });
    expect(Object.keys(run.secrets)).toEqual(["username", "password"]);
    expect(String(run.secrets.password)).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it("long res_ids are cut to the StatefulSet limit and stay unique through the GUResID", () => {
    const run = render(byType("postgres"), { resId: `shared.${"a".repeat(80)}` });
    const name = (run.init as { name: string }).name;
    expect(name.length).toBe(52);
    expect(name.endsWith("-01234567")).toBe(true);
  });

  it("volume: a PVC in the namespace and a pod volume of the same name", () => {
    const run = render(byType("volume"), { resId: "modules.api.externals.data" });
    expect(Object.keys(run.manifests).sort()).toEqual(["pvc.yaml", "volume.yaml"]);
    expect(run.manifests["pvc.yaml"]).toMatchObject({ location: "namespace", data: { kind: "PersistentVolumeClaim", metadata: { name: "vol-api-data-01234567" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } });
    expect(run.manifests["pvc.yaml"].data.spec).not.toHaveProperty("storageClassName");
    expect(run.manifests["volume.yaml"]).toEqual({ location: "volumes", data: { name: "vol-api-data-01234567", persistentVolumeClaim: { claimName: "vol-api-data-01234567" } } });
    expect(run.outputs).toMatchObject({ pvcName: "vol-api-data-01234567", source: { persistentVolumeClaim: { claimName: "vol-api-data-01234567" } } });
  });

  it("storage class and size options reach the claims", () => {
    const [pg, vol] = inClusterPack({ types: ["postgres", "volume"], storageClassName: "fast", databaseStorage: "5Gi", volumeCapacity: "2Gi" });
    const claim = (render(pg).manifests["statefulset.yaml"].data as { spec: { volumeClaimTemplates: Array<{ spec: unknown }> } }).spec.volumeClaimTemplates[0].spec;
    expect(claim).toEqual({ accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "5Gi" } } });
    expect(render(vol).manifests["pvc.yaml"].data.spec).toEqual({ accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "2Gi" } } });
  });

  it("dns: <res>-<env>-<app>.<base domain>", () => {
    expect(render(byType("dns"), { resId: "shared.web" }).outputs).toEqual({ host: "web-development-shop.localhost" });
    expect(render(byType("dns"), { resId: "modules.api.externals.dns" }).outputs).toEqual({ host: "api-dns-development-shop.localhost" });
    const long = render(byType("dns"), { resId: `shared.${"x".repeat(70)}` }).outputs.host as string;
    expect(long.split(".")[0].length).toBeLessThanOrEqual(63);
  });

  it("route: echoes params and derives the service from the workload", () => {
    const run = render(byType("route"), { resId: "modules.api.externals.route", resource: { host: "web.localhost", path: "/api", port: 8080 } });
    expect(run.outputs).toEqual({ host: "web.localhost", path: "/api", port: 8080, service: "api" });
  });

  it("ingress: one rule path per route, numeric and named ports", () => {
    const run = render(byType("ingress"), {
      resId: "shared.web",
      placeholders: {
        "${resources.dns.outputs.host}": "web-development-shop.localhost",
        "${resources.dns<route.outputs.path}": ["/", "/api"],
        "${resources.dns<route.outputs.port}": [80, "http"],
        "${resources.dns<route.outputs.service}": ["frontend", "api"],
      },
    });
    expect(run.manifests["ingress.yaml"]).toEqual({
      location: "namespace",
      data: {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "ingress-web-01234567", labels: { "app.kubernetes.io/managed-by": "baton" } },
        spec: {
          rules: [
            {
              host: "web-development-shop.localhost",
              http: {
                paths: [
                  { path: "/", pathType: "Prefix", backend: { service: { name: "frontend", port: { number: 80 } } } },
                  { path: "/api", pathType: "Prefix", backend: { service: { name: "api", port: { name: "http" } } } },
                ],
              },
            },
          ],
        },
      },
    });
  });

  it("ingress: no routes, no Ingress", () => {
    const run = render(byType("ingress"), {
      placeholders: {
        "${resources.dns.outputs.host}": "h.localhost",
        "${resources.dns<route.outputs.path}": [],
        "${resources.dns<route.outputs.port}": [],
        "${resources.dns<route.outputs.service}": [],
      },
    });
    expect(run.manifests).toEqual({});
  });
});
