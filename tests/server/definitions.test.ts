import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { activeResources, deploymentSets, deployments, environments } from "@/db/schema";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { listAudit } from "@/lib/server/data/audit";
import { criteriaChangeBlastRadius, deleteBlastRadius } from "@/lib/server/data/blast-radius";
import { exportDefinitionsYaml } from "@/lib/server/data/definition-export";
import { getDefinition, getDefinitionDetail, listDefinitionVersions, loadDefinitionsForDeploy, loadDefinitionsForMatching } from "@/lib/server/data/definitions";
import { listResourceUsages } from "@/lib/server/data/resource-usages";
import { SafeError } from "@/lib/server/errors";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { createCustomResourceType, deleteCustomResourceType } from "@/lib/server/operations/custom-resource-types";
import { deleteDefinition } from "@/lib/server/operations/delete-definition";
import { importDefinitions, planHumctlImport } from "@/lib/server/operations/import-definitions";
import { installPack } from "@/lib/server/operations/install-pack";
import { runOperation } from "@/lib/server/operations/operation";
import { replaceDefinitionCriteria } from "@/lib/server/operations/replace-definition-criteria";
import { restoreDefinitionVersion } from "@/lib/server/operations/restore-definition-version";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { ORG, actorFor, rowCounts, seededDb } from "./helpers";

const box = createSecretBox(Buffer.alloc(32, 3));
const SECRET = "s3cr3t-postgres-password-471";

function refused(fn: () => unknown): SafeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SafeError) return e;
    throw e;
  }
  throw new Error("expected the operation to be refused");
}

function setup() {
  const db = seededDb();
  const admin = actorFor(db, "admin@example.com");
  const run = (op: Parameters<typeof runOperation>[0], input: unknown, actor = admin) => runOperation(op, input, { db, actor, secrets: box });
  return { db, admin, run };
}

const echoPostgres = (id: string, extra: object = {}) => ({
  mode: "create",
  id,
  name: `Postgres ${id}`,
  type: "postgres",
  driverType: "humanitec/echo",
  valuesYaml: "host: db.example.com\nport: 5432\nname: app\n",
  secrets: { action: "replace", yaml: `username: app\npassword: ${SECRET}\n` },
  ...extra,
});

describe("definition versions", () => {
  it("every change writes a version; secrets are stored only as ciphertext; unchanged saves write nothing", () => {
    const { db, run } = setup();
    const save = saveDefinition;
    expect(run(save, echoPostgres("pg-one", { criteria: [{ env_type: "development" }] }))).toMatchObject({ created: true, changed: true });
    expect(run(save, { ...echoPostgres("pg-one"), mode: "update", secrets: { action: "keep" } })).toMatchObject({ changed: false, versionId: null });
    run(save, { ...echoPostgres("pg-one"), mode: "update", valuesYaml: "host: db2.example.com\nport: 5432\nname: app\n", secrets: { action: "keep" } });
    const versions = listDefinitionVersions(db, ORG, "pg-one");
    expect(versions.map((v) => [v.number, v.action])).toEqual([
      [2, "updated"],
      [1, "created"],
    ]);
    const stored = JSON.stringify(db.$client.prepare("SELECT * FROM resource_definition_versions").all()) + JSON.stringify(db.$client.prepare("SELECT * FROM resource_definitions").all());
    expect(stored).not.toContain(SECRET);
    const contents = (db.$client.prepare("SELECT content FROM resource_definition_versions").all() as { content: string }[]).map((r) => JSON.parse(r.content));
    expect(contents.every((c) => String(c.secrets_enc).startsWith("v1."))).toBe(true);
    // Kept secrets survive the edit; the deploy loader decrypts them.
    const deployDef = loadDefinitionsForDeploy(db, box, ORG).find((d) => d.id === "pg-one")!;
    expect(deployDef.driver_inputs?.secrets).toEqual({ username: "app", password: SECRET });
    expect(deployDef.driver_inputs?.values).toEqual({ host: "db2.example.com", port: 5432, name: "app" });
    // The criteria from creation stay; matching sees the definition without secrets.
    expect(getDefinition(db, ORG, "pg-one")?.criteria).toEqual([expect.objectContaining({ env_type: "development" })]);
    expect(JSON.stringify(loadDefinitionsForMatching(db, ORG))).not.toContain(SECRET);
    expect(getDefinitionDetail(db, box, ORG, "pg-one")?.secretPaths).toEqual(["username", "password"]);
  });

  it("restores an earlier version, secrets included, as a new 'restored' version", () => {
    const { db, run } = setup();
    const save = saveDefinition;
    run(save, echoPostgres("pg-one", { criteria: [{ env_type: "development" }] }));
    run(save, { ...echoPostgres("pg-one"), mode: "update", valuesYaml: "host: other\n", secrets: { action: "clear" } });
    expect(loadDefinitionsForDeploy(db, box, ORG).find((d) => d.id === "pg-one")!.driver_inputs?.secrets).toBeUndefined();
    const first = listDefinitionVersions(db, ORG, "pg-one").at(-1)!;
    run(restoreDefinitionVersion, { id: "pg-one", versionId: first.id });
    const restored = loadDefinitionsForDeploy(db, box, ORG).find((d) => d.id === "pg-one")!;
    expect(restored.driver_inputs).toEqual({ values: { host: "db.example.com", port: 5432, name: "app" }, secrets: { username: "app", password: SECRET } });
    expect(listDefinitionVersions(db, ORG, "pg-one").map((v) => v.action)).toEqual(["restored", "updated", "created"]);
  });

  it("refuses invalid content with path-named errors, and a second definition with the same id", () => {
    const { db, run } = setup();
    const save = saveDefinition;
    const before = rowCounts(db);
    const bad = refused(() =>
      run(save, { ...echoPostgres("tpl-one"), driverType: "humanitec/template", valuesYaml: "templates:\n  outputs: |\n    host: {{ .init.host \n", secrets: { action: "keep" } }),
    );
    expect(bad.details?.fields?.[0].field).toBe("driver_inputs.values.templates.outputs");
    expect(refused(() => run(save, { ...echoPostgres("yaml-bad"), valuesYaml: "host: [" })).details?.fields?.[0]).toMatchObject({ field: "valuesYaml" });
    expect(rowCounts(db)).toEqual(before);
    run(save, echoPostgres("pg-one"));
    expect(refused(() => run(save, echoPostgres("pg-one"))).code).toBe("conflict");
  });
});

describe("criteria", () => {
  it("refuses duplicates within a definition and against another definition of the type", () => {
    const { run } = setup();
    const save = saveDefinition;
    run(save, echoPostgres("pg-dev", { criteria: [{ env_type: "development" }] }));
    run(save, echoPostgres("pg-two"));
    const within = refused(() => run(replaceDefinitionCriteria, { id: "pg-two", criteria: [{ app_id: "shop" }, { app_id: "shop", class: "default" }] }));
    expect(within.message).toContain("criteria[1]: duplicate criterion");
    const across = refused(() => run(replaceDefinitionCriteria, { id: "pg-two", criteria: [{ env_type: "development" }] }));
    expect(across.message).toContain('resource definition "pg-dev" of the same type already has this rule');
    // Another type may hold the same rule.
    run(saveDefinition, { ...echoPostgres("redis-dev", { criteria: [{ env_type: "development" }] }), type: "redis" });
    expect(run(replaceDefinitionCriteria, { id: "pg-two", criteria: [{ env_type: "staging" }, { env_type: "staging", class: "large" }] })).toMatchObject({ criteria: [{ env_type: "staging" }, { env_type: "staging", class: "large" }] });
  });
});

function shopWithUsages(db: Db, run: ReturnType<typeof setup>["run"]) {
  run(createApplication, { id: "shop" });
  run(createEnvironment, { appId: "shop", id: "staging", type: "staging" });
  const now = new Date().toISOString();
  // shop/development: an active postgres provisioned from pg-dev.
  db.insert(activeResources)
    .values({ orgId: ORG, appId: "shop", envId: "development", type: "postgres", class: "default", resId: "shared.db", guResId: "g1", envType: "development", defId: "pg-dev", driverType: "humanitec/echo", updatedAt: now })
    .run();
  // shop/staging: its current deployment set has a workload with a private postgres.
  db.insert(deploymentSets).values({ id: "set1", orgId: ORG, content: { version: 0, modules: { api: { profile: "p", spec: {}, externals: { cache: { type: "postgres" } } } }, shared: {} }, createdAt: now }).run();
  db.insert(deployments).values({ id: "dep1", orgId: ORG, appId: "shop", envId: "staging", setId: "set1", status: "succeeded", statusChangedAt: now, createdAt: now, createdBy: "x" }).run();
  db.update(environments).set({ lastDeployId: "dep1" }).where(eq(environments.id, "staging")).run();
}

describe("blast radius and delete", () => {
  it("lists usages from active resources, deployment sets and workloads", () => {
    const { db, run } = setup();
    shopWithUsages(db, run);
    run(saveWorkloadVersion, { appId: "shop", scoreYaml: "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\nresources:\n    db:\n      type: postgres\n      id: db\n    env:\n      type: environment\n" });
    const usages = listResourceUsages(db, ORG).filter((u) => u.type === "postgres");
    expect(usages.map((u) => [u.app_id, u.env_id, u.res_id, u.sources.join("+")])).toEqual([
      ["shop", "development", "shared.db", "active resource+workload"],
      ["shop", "staging", "modules.api.externals.cache", "deployment set"],
      ["shop", "staging", "shared.db", "workload"],
    ]);
  });

  it("shows which (app, env, res_id) would switch before a criteria change or a delete; delete in use is refused unless forced", () => {
    const { db, run } = setup();
    const save = saveDefinition;
    run(save, echoPostgres("pg-dev", { criteria: [{}] }));
    run(save, echoPostgres("pg-staging"));
    shopWithUsages(db, run);

    const report = criteriaChangeBlastRadius(db, ORG, "pg-staging", [{ env_type: "staging" }]);
    expect(report.summary.total).toBe(1);
    expect(report.changes).toEqual([expect.objectContaining({ appId: "shop", envId: "staging", resId: "modules.api.externals.cache", from: "pg-dev", to: "pg-staging", sources: ["deployment set"] })]);

    const del = deleteBlastRadius(db, ORG, "pg-dev");
    expect(del.changes.map((c) => [c.envId, c.resId, c.to])).toEqual([
      ["development", "shared.db", null],
      ["staging", "modules.api.externals.cache", null],
    ]);
    const err = refused(() => run(deleteDefinition, { id: "pg-dev" }));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain("shop/development shared.db (postgres)");
    expect(getDefinition(db, ORG, "pg-dev")).toBeDefined();

    expect(run(deleteDefinition, { id: "pg-dev", force: true })).toMatchObject({ outcome: "marked" });
    expect(getDefinition(db, ORG, "pg-dev")?.is_deleted).toBe(true);
    expect(loadDefinitionsForMatching(db, ORG).some((d) => d.id === "pg-dev")).toBe(false);
    expect(listDefinitionVersions(db, ORG, "pg-dev")[0].action).toBe("deleted");
    // Not in use: gone for good.
    expect(run(deleteDefinition, { id: "pg-staging" })).toMatchObject({ outcome: "deleted" });
    expect(getDefinition(db, ORG, "pg-staging")).toBeUndefined();
  });
});

describe("import, export and the pack", () => {
  const YAML = `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: pg-imported
entity:
  name: imported
  type: postgres
  driver_type: humanitec/echo
  driver_inputs:
    values:
      host: h
    secrets:
      password: ${SECRET}
  criteria:
    - env_type: staging
`;

  it("previews new / updated / unchanged and criteria replaced; keeps stored secrets when the file has none", () => {
    const { db, run } = setup();
    const importOp = importDefinitions;
    expect(planHumctlImport(db as never, box, ORG, YAML).entries).toEqual([expect.objectContaining({ id: "pg-imported", status: "new", secrets: "from file" })]);
    run(importOp, { yaml: YAML });
    expect(planHumctlImport(db as never, box, ORG, YAML).entries[0]).toMatchObject({ status: "unchanged", criteriaReplaced: false });
    const changed = YAML.replace("env_type: staging", "env_type: production");
    expect(planHumctlImport(db as never, box, ORG, changed).entries[0]).toMatchObject({ status: "updated", criteriaReplaced: true });

    const exported = exportDefinitionsYaml(db, box, ORG, ["pg-imported"], { secrets: "omit" });
    expect(exported).not.toContain(SECRET);
    expect(planHumctlImport(db as never, box, ORG, exported).entries[0]).toMatchObject({ status: "unchanged", secrets: "kept" });
    run(importOp, { yaml: exported.replace("host: h", "host: h2") });
    expect(loadDefinitionsForDeploy(db, box, ORG).find((d) => d.id === "pg-imported")!.driver_inputs?.secrets).toEqual({ password: SECRET });
    expect(exportDefinitionsYaml(db, box, ORG, undefined, { secrets: "include" })).toContain(SECRET);
  });

  it("refuses a whole file with an error, naming document, line and field", () => {
    const { db, run } = setup();
    const before = rowCounts(db);
    const bad = `${YAML}---\n${YAML.replace("pg-imported", "pg-b").replace("type: postgres", "type: no-such-type")}`;
    const err = refused(() => run(importDefinitions, { yaml: bad }));
    expect(err.details?.fields?.[0]).toMatchObject({ field: expect.stringContaining("document 2, line"), message: 'unknown resource type "no-such-type"' });
    expect(rowCounts(db)).toEqual(before);
  });

  it("installs the in-cluster pack with chosen criteria in one call; installing again changes nothing", () => {
    const { db, run } = setup();
    const pack = installPack;
    const first = run(pack, { criteria: [{ env_type: "development" }] }) as { definitions: { id: string; status: string }[] };
    expect(first.definitions.map((d) => d.id)).toContain("incluster-postgres");
    expect(first.definitions.every((d) => d.status === "new")).toBe(true);
    expect(getDefinition(db, ORG, "incluster-postgres")?.criteria).toEqual([expect.objectContaining({ env_type: "development" })]);
    const again = run(pack, { criteria: [{ env_type: "development" }] }) as { definitions: { status: string }[] };
    expect(again.definitions.every((d) => d.status === "unchanged")).toBe(true);
  });
});

describe("permissions", () => {
  it("a developer or a manager cannot change definitions; nothing is written", () => {
    const { db, run } = setup();
    const before = rowCounts(db);
    for (const email of ["developer@baton.local", "manager@baton.local"]) {
      const actor = actorFor(db, email);
      for (const [op, input] of [
        [saveDefinition, echoPostgres("pg-x")],
        [replaceDefinitionCriteria, { id: "pg-x", criteria: [] }],
        [deleteDefinition, { id: "pg-x" }],
        [importDefinitions, { yaml: "a: 1" }],
        [installPack, { criteria: [{}] }],
        [restoreDefinitionVersion, { id: "pg-x", versionId: "v" }],
      ] as const) {
        expect(refused(() => run(op as never, input, actor)).code, `${email} ${(op as { name: string }).name}`).toBe("forbidden");
      }
    }
    expect(rowCounts(db)).toEqual(before);
  });

  it("no operation result, preview or page data function returns a secret; the audit log names what changed but never a secret", () => {
    const { db, run } = setup();
    const results: unknown[] = [];
    results.push(run(saveDefinition, echoPostgres("pg-one", { criteria: [{ env_type: "staging" }] })));
    results.push(run(saveDefinition, { ...echoPostgres("pg-one"), mode: "update", secrets: { action: "replace", yaml: `password: ${SECRET}-2\n` } }));
    results.push(run(restoreDefinitionVersion, { id: "pg-one", versionId: listDefinitionVersions(db, ORG, "pg-one").at(-1)!.id }));
    results.push(run(replaceDefinitionCriteria, { id: "pg-one", criteria: [{ env_type: "production" }] }));
    results.push(criteriaChangeBlastRadius(db, ORG, "pg-one", [{}]), deleteBlastRadius(db, ORG, "pg-one"));
    results.push(getDefinitionDetail(db, box, ORG, "pg-one"), listDefinitionVersions(db, ORG, "pg-one"), loadDefinitionsForMatching(db, ORG));
    results.push(exportDefinitionsYaml(db, box, ORG, undefined, { secrets: "omit" }));
    expect(JSON.stringify(results)).not.toContain(SECRET);
    run(importDefinitions, { yaml: `apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: pg-two\nentity:\n  name: two\n  type: postgres\n  driver_type: humanitec/echo\n  driver_inputs:\n    secrets:\n      password: ${SECRET}\n  criteria: []\n` });
    const audit = listAudit(db, ORG);
    expect(audit.map((a) => a.action)).toEqual(["definition.import", "definition.criteria.replace", "definition.restore", "definition.save", "definition.save"]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });
});

describe("custom resource types", () => {
  it("administrators add <orgId>/<name> types that definitions can use; deletion is refused while definitions use them", () => {
    const { db, run } = setup();
    expect(refused(() => run(createCustomResourceType, { type: "queue", name: "Queue" })).message).toContain(`must be prefixed with the organization id: "${ORG}/queue"`);
    expect(refused(() => run(createCustomResourceType, { type: `${ORG}/queue`, name: "Queue" }, actorFor(db, "manager@baton.local"))).code).toBe("forbidden");
    run(createCustomResourceType, { type: `${ORG}/queue`, name: "Queue", outputsValuesSchemaYaml: "type: object\nproperties:\n  url: {type: string}\n" });
    run(saveDefinition, { ...echoPostgres("queue-echo"), type: `${ORG}/queue`, secrets: { action: "keep" } });
    expect(refused(() => run(deleteCustomResourceType, { type: `${ORG}/queue` })).message).toContain('used by resource definition(s) "queue-echo"');
    run(deleteDefinition, { id: "queue-echo" });
    run(deleteCustomResourceType, { type: `${ORG}/queue` });
  });
});
