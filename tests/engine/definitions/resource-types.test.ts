import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_RESOURCE_TYPES,
  getResourceType,
  validateCustomResourceType,
  validateCustomTypeId,
} from "@/lib/engine/resource-types";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const shared = path.resolve(repoRoot, "../shared");
const hasShared = existsSync(path.join(shared, "compat"));
if (!hasShared) console.warn(`skipping corpus type coverage: ${shared} not found (shared/ must sit beside the repo)`);

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

function documents(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .filter((d) => d.errors.length === 0)
    .map((d) => d.toJS());
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Placeholder type names used only by the Score spec's own test fixtures. */
const FIXTURE_TYPES = new Set(["Resource-One", "Resource-Two", "Type-Three", "type-one", "type-two", "something", "example-provisioner-resource"]);

describe("built-in resource type catalogue", () => {
  it("has every type the issue lists", () => {
    const required = [
      "workload", "k8s-cluster", "k8s-namespace", "base-env", "postgres", "mysql", "mysql-instance", "redis", "mongodb",
      "amqp", "rabbitmq", "dns", "route", "ingress", "tls-cert", "volume", "s3", "config", "environment", "service",
      "endpoint", "k8s-service-account", "horizontal-pod-autoscaler", "aws-policy", "aws-role", "agent",
    ];
    for (const type of required) expect(getResourceType(type), type).toBeDefined();
  });

  it("types are unique, well-formed and have values + secrets output schemas", () => {
    expect(new Set(BUILTIN_RESOURCE_TYPES.map((t) => t.type)).size).toBe(BUILTIN_RESOURCE_TYPES.length);
    for (const t of BUILTIN_RESOURCE_TYPES) {
      expect(["direct", "indirect", "implicit"]).toContain(t.use);
      expect(t.outputs_schema.values.type).toBe("object");
      expect(t.outputs_schema.secrets.type).toBe("object");
      expect(t.builtin).toBe(true);
      expect(Object.isFrozen(t)).toBe(true);
    }
  });

  it.each([
    ["postgres", ["host", "port", "name", "database"], ["username", "password"]],
    ["mysql", ["host", "port", "name", "database"], ["username", "password"]],
    ["redis", ["host", "port"], ["username", "password"]],
    ["mongodb", ["host", "port", "name"], ["username", "password", "connection"]],
    ["amqp", ["host", "port", "vhost"], ["username", "password"]],
    ["dns", ["host", "url"], []],
    ["k8s-namespace", ["namespace"], []],
    ["agent", [], ["url"]],
  ])("%s outputs: values %j, secrets %j", (type, values, secrets) => {
    const t = getResourceType(type)!;
    expect(Object.keys(t.outputs_schema.values.properties ?? {})).toEqual(values);
    expect(Object.keys(t.outputs_schema.secrets.properties ?? {})).toEqual(secrets);
  });

  it("implicit types are the ones added to every deployment", () => {
    expect(BUILTIN_RESOURCE_TYPES.filter((t) => t.use === "implicit").map((t) => t.type)).toEqual([
      "workload", "k8s-cluster", "k8s-namespace", "base-env", "logging",
    ]);
  });
});

describe.skipIf(!hasShared)("corpus type coverage", () => {
  it("every type used by the Humanitec definitions corpus is in the catalogue", () => {
    const missing = new Set<string>();
    for (const file of yamlFiles(path.join(shared, "compat/humanitec/definitions"))) {
      for (const doc of documents(file)) {
        const entity = isObject(doc) && isObject(doc.entity) ? doc.entity : undefined;
        if (typeof entity?.type === "string" && !getResourceType(entity.type)) missing.add(entity.type);
        for (const key of Object.keys(isObject(entity?.provision) ? entity.provision : {})) {
          const type = key.split(/[.#]/)[0];
          if (!getResourceType(type)) missing.add(type);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("every type used by the Score examples and provisioners is in the catalogue", () => {
    const missing = new Set<string>();
    const seen = new Set<string>();
    const score = path.join(shared, "compat/score");
    for (const file of [...yamlFiles(path.join(score, "examples")), ...yamlFiles(path.join(score, "edge-valid"))]) {
      for (const doc of documents(file)) {
        if (!isObject(doc) || !isObject(doc.resources)) continue;
        for (const res of Object.values(doc.resources)) {
          if (isObject(res) && typeof res.type === "string") seen.add(res.type);
        }
      }
    }
    for (const file of yamlFiles(path.join(score, "provisioners"))) {
      for (const doc of documents(file)) {
        for (const entry of Array.isArray(doc) ? doc : []) {
          if (isObject(entry) && typeof entry.type === "string") seen.add(entry.type);
        }
      }
    }
    for (const type of seen) if (!FIXTURE_TYPES.has(type) && !getResourceType(type)) missing.add(type);
    expect(seen.size).toBeGreaterThan(20);
    expect([...missing]).toEqual([]);
  });
});

describe("custom resource types", () => {
  it.each([
    ["acme/queue", []],
    ["queue", ['custom resource type "queue" must be prefixed with the organization id: "acme/queue"']],
    ["other/queue", ['custom resource type "other/queue" must be prefixed with this organization\'s id "acme/", not "other/"']],
    ["acme/Queue", ['custom resource type name "Queue" must be lowercase letters, digits and dashes, starting and ending with a letter or digit']],
    ["acme/", ['custom resource type name "" must be lowercase letters, digits and dashes, starting and ending with a letter or digit']],
  ])("validateCustomTypeId(%s)", (id, expected) => {
    expect(validateCustomTypeId(id, "acme")).toEqual(expected);
  });

  it("validateCustomResourceType checks the whole entry", () => {
    expect(
      validateCustomResourceType(
        { type: "acme/queue", name: "Queue", use: "direct", outputs_schema: { values: { type: "object" }, secrets: { type: "object" } } },
        "acme",
      ),
    ).toEqual([]);
    expect(validateCustomResourceType({ type: "postgres", name: "", use: "sideways" as never, inputs_schema: [] as never }, "acme")).toEqual([
      { path: "type", message: 'custom resource type "postgres" must be prefixed with the organization id: "acme/postgres"' },
      { path: "type", message: '"postgres" is a built-in type' },
      { path: "name", message: "name is required" },
      { path: "use", message: "use must be one of direct, indirect, implicit" },
      { path: "inputs_schema", message: "must be a JSON schema object" },
    ]);
    const bad = validateCustomResourceType({ type: "acme/q", name: "Q", inputs_schema: { type: "object", properties: { a: { type: "nope" } } } }, "acme");
    expect(bad).toHaveLength(1);
    expect(bad[0].path).toBe("inputs_schema");
    expect(bad[0].message).toMatch(/^invalid JSON schema: /);
  });
});
