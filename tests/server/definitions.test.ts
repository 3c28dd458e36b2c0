import { jsonColumn, queryRows } from "../test-db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { activeResources, deploymentSets, deployments, environments } from "@/db/tables";
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

async function refused(fn: () => unknown): Promise<SafeError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SafeError) return e;
    throw e;
  }
  throw new Error("expected the operation to be refused");
}

async function setup() {
  const db = await seededDb();
  const admin = await actorFor(db, "admin@example.com");
  const run = async (op: Parameters<typeof runOperation>[0], input: unknown, actor = admin) => await runOperation(op, input, { db, actor, secrets: box });
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
  it("every change writes a version; secrets are stored only as ciphertext; unchanged saves write nothing", async () => {
    const { db, run } = await setup();
    const save = saveDefinition;
    expect(await run(save, echoPostgres("pg-one", { criteria: [{ env_type: "development" }] }))).toMatchObject({ created: true, changed: true });
    expect(await run(save, { ...echoPostgres("pg-one"), mode: "update", secrets: { action: "keep" } })).toMatchObject({ changed: false, versionId: null });
    await run(save, { ...echoPostgres("pg-one"), mode: "update", valuesYaml: "host: db2.example.com\nport: 5432\nname: app\n", secrets: { action: "keep" } });
    const versions = await listDefinitionVersions(db, ORG, "pg-one");
    expect(versions.map((v) => [v.number, v.action])).toEqual([
      [2, "updated"],
      [1, "created"],
    ]);
    const stored = JSON.stringify((await queryRows(db, "SELECT * FROM resource_definition_versions"))) + JSON.stringify((await queryRows(db, "SELECT * FROM resource_definitions")));
    expect(stored).not.toContain(SECRET);
    const contents = (await queryRows<{ content: unknown }>(db, "SELECT content FROM resource_definition_versions")).map((r) => jsonColumn<{ secrets_enc?: string }>(r.content));
    expect(contents.every((c) => String(c.secrets_enc).startsWith("v1."))).toBe(true);
    // Kept secrets survive the edit; the deploy loader decrypts them.
    const deployDef = (await loadDefinitionsForDeploy(db, box, ORG)).find((d) => d.id === "pg-one")!;
    expect(deployDef.driver_inputs?.secrets).toEqual({ username: "app", password: SECRET });
    expect(deployDef.driver_inputs?.values).toEqual({ host: "db2.example.com", port: 5432, name: "app" });
    // The criteria from creation stay; matching sees the definition without secrets.
    expect((await getDefinition(db, ORG, "pg-one"))?.criteria).toEqual([expect.objectContaining({ env_type: "development" })]);
    expect(JSON.stringify(await loadDefinitionsForMatching(db, ORG))).not.toContain(SECRET);
    expect((await getDefinitionDetail(db, box, ORG, "pg-one"))?.secretPaths).toEqual(["username", "password"]);
  });

  it("restores an earlier version, secrets included, as a new 'restored' version", async () => {
    const { db, run } = await setup();
    const save = saveDefinition;
    await run(save, echoPostgres("pg-one", { criteria: [{ env_type: "development" }] }));
    await run(save, { ...echoPostgres("pg-one"), mode: "update", valuesYaml: "host: other\n", secrets: { action: "clear" } });
    expect((await loadDefinitionsForDeploy(db, box, ORG)).find((d) => d.id === "pg-one")!.driver_inputs?.secrets).toBeUndefined();
    const first = (await listDefinitionVersions(db, ORG, "pg-one")).at(-1)!;
    await run(restoreDefinitionVersion, { id: "pg-one", versionId: first.id });
    const restored = (await loadDefinitionsForDeploy(db, box, ORG)).find((d) => d.id === "pg-one")!;
    expect(restored.driver_inputs).toEqual({ values: { host: "db.example.com", port: 5432, name: "app" }, secrets: { username: "app", password: SECRET } });
    expect((await listDefinitionVersions(db, ORG, "pg-one")).map((v) => v.action)).toEqual(["restored", "updated", "created"]);
  });

  it("refuses invalid content with path-named errors, and a second definition with the same id", async () => {
    const { db, run } = await setup();
    const save = saveDefinition;
    const before = await rowCounts(db);
    const bad = await refused(async () =>
      await run(save, { ...echoPostgres("tpl-one"), driverType: "humanitec/template", valuesYaml: "templates:\n  outputs: |\n    host: {{ .init.host \n", secrets: { action: "keep" } }),
    );
    expect(bad.details?.fields?.[0].field).toBe("driver_inputs.values.templates.outputs");
    expect((await refused(async () => await run(save, { ...echoPostgres("yaml-bad"), valuesYaml: "host: [" }))).details?.fields?.[0]).toMatchObject({ field: "valuesYaml" });
    expect(await rowCounts(db)).toEqual(before);
    await run(save, echoPostgres("pg-one"));
    expect((await refused(async () => await run(save, echoPostgres("pg-one")))).code).toBe("conflict");
  });
});

describe("criteria", () => {
  it("refuses duplicates within a definition and against another definition of the type", async () => {
    const { run } = await setup();
    const save = saveDefinition;
    await run(save, echoPostgres("pg-dev", { criteria: [{ env_type: "development" }] }));
    await run(save, echoPostgres("pg-two"));
    const within = await refused(async () => await run(replaceDefinitionCriteria, { id: "pg-two", criteria: [{ app_id: "shop" }, { app_id: "shop", class: "default" }] }));
    expect(within.message).toContain("criteria[1]: duplicate criterion");
    const across = await refused(async () => await run(replaceDefinitionCriteria, { id: "pg-two", criteria: [{ env_type: "development" }] }));
    expect(across.message).toContain('resource definition "pg-dev" of the same type already has this rule');
    // Another type may hold the same rule.
    await run(saveDefinition, { ...echoPostgres("redis-dev", { criteria: [{ env_type: "development" }] }), type: "redis" });
    expect(await run(replaceDefinitionCriteria, { id: "pg-two", criteria: [{ env_type: "staging" }, { env_type: "staging", class: "large" }] })).toMatchObject({ criteria: [{ env_type: "staging" }, { env_type: "staging", class: "large" }] });
  });
});

async function shopWithUsages(db: Db, run: Awaited<ReturnType<typeof setup>>["run"]) {
  await run(createApplication, { id: "shop" });
  await run(createEnvironment, { appId: "shop", id: "staging", type: "staging" });
  const now = new Date().toISOString();
  // shop/development: an active postgres provisioned from pg-dev.
  await db.insert(activeResources)
    .values({ orgId: ORG, appId: "shop", envId: "development", type: "postgres", class: "default", resId: "shared.db", guResId: "g1", envType: "development", defId: "pg-dev", driverType: "humanitec/echo", updatedAt: now });
  // shop/staging: its current deployment set has a workload with a private postgres.
  await db.insert(deploymentSets).values({ id: "set1", orgId: ORG, content: { version: 0, modules: { api: { profile: "p", spec: {}, externals: { cache: { type: "postgres" } } } }, shared: {} }, createdAt: now });
  await db.insert(deployments).values({ id: "dep1", orgId: ORG, appId: "shop", envId: "staging", setId: "set1", status: "succeeded", statusChangedAt: now, createdAt: now, createdBy: "x" });
  await db.update(environments).set({ lastDeployId: "dep1" }).where(eq(environments.id, "staging"));
}

describe("blast radius and delete", () => {
  it("lists usages from active resources, deployment sets and workloads", async () => {
    const { db, run } = await setup();
    await shopWithUsages(db, run);
    await run(saveWorkloadVersion, { appId: "shop", scoreYaml: "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\nresources:\n    db:\n      type: postgres\n      id: db\n    env:\n      type: environment\n" });
    const usages = (await listResourceUsages(db, ORG)).filter((u) => u.type === "postgres");
    expect(usages.map((u) => [u.app_id, u.env_id, u.res_id, u.sources.join("+")])).toEqual([
      ["shop", "development", "shared.db", "active resource+workload"],
      ["shop", "staging", "modules.api.externals.cache", "deployment set"],
      ["shop", "staging", "shared.db", "workload"],
    ]);
  });

  it("shows which (app, env, res_id) would switch before a criteria change or a delete; delete in use is refused unless forced", async () => {
    const { db, run } = await setup();
    const save = saveDefinition;
    await run(save, echoPostgres("pg-dev", { criteria: [{}] }));
    await run(save, echoPostgres("pg-staging"));
    await shopWithUsages(db, run);

    const report = await criteriaChangeBlastRadius(db, ORG, "pg-staging", [{ env_type: "staging" }]);
    expect(report.summary.total).toBe(1);
    expect(report.changes).toEqual([expect.objectContaining({ appId: "shop", envId: "staging", resId: "modules.api.externals.cache", from: "pg-dev", to: "pg-staging", sources: ["deployment set"] })]);

    const del = await deleteBlastRadius(db, ORG, "pg-dev");
    expect(del.changes.map((c) => [c.envId, c.resId, c.to])).toEqual([
      ["development", "shared.db", null],
      ["staging", "modules.api.externals.cache", null],
    ]);
    const err = await refused(async () => await run(deleteDefinition, { id: "pg-dev" }));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain("shop/development shared.db (postgres)");
    expect(await getDefinition(db, ORG, "pg-dev")).toBeDefined();

    expect(await run(deleteDefinition, { id: "pg-dev", force: true })).toMatchObject({ outcome: "marked" });
    expect((await getDefinition(db, ORG, "pg-dev"))?.is_deleted).toBe(true);
    expect((await loadDefinitionsForMatching(db, ORG)).some((d) => d.id === "pg-dev")).toBe(false);
    expect((await listDefinitionVersions(db, ORG, "pg-dev"))[0].action).toBe("deleted");
    // Not in use: gone for good.
    expect(await run(deleteDefinition, { id: "pg-staging" })).toMatchObject({ outcome: "deleted" });
    expect(await getDefinition(db, ORG, "pg-staging")).toBeUndefined();
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

  it("previews new / updated / unchanged and criteria replaced; keeps stored secrets when the file has none", async () => {
    const { db, run } = await setup();
    const importOp = importDefinitions;
    expect((await planHumctlImport(db as never, box, ORG, YAML)).entries).toEqual([expect.objectContaining({ id: "pg-imported", status: "new", secrets: "from file" })]);
    await run(importOp, { yaml: YAML });
    expect((await planHumctlImport(db as never, box, ORG, YAML)).entries[0]).toMatchObject({ status: "unchanged", criteriaReplaced: false });
    const changed = YAML.replace("env_type: staging", "env_type: production");
    expect((await planHumctlImport(db as never, box, ORG, changed)).entries[0]).toMatchObject({ status: "updated", criteriaReplaced: true });

    const exported = await exportDefinitionsYaml(db, box, ORG, ["pg-imported"], { secrets: "omit" });
    expect(exported).not.toContain(SECRET);
    expect((await planHumctlImport(db as never, box, ORG, exported)).entries[0]).toMatchObject({ status: "unchanged", secrets: "kept" });
    await run(importOp, { yaml: exported.replace("host: h", "host: h2") });
    expect((await loadDefinitionsForDeploy(db, box, ORG)).find((d) => d.id === "pg-imported")!.driver_inputs?.secrets).toEqual({ password: SECRET });
    expect(await exportDefinitionsYaml(db, box, ORG, undefined, { secrets: "include" })).toContain(SECRET);
  });

  it("refuses a whole file with an error, naming document, line and field", async () => {
    const { db, run } = await setup();
    const before = await rowCounts(db);
    const bad = `${YAML}---\n${YAML.replace("pg-imported", "pg-b").replace("type: postgres", "type: no-such-type")}`;
    const err = await refused(async () => await run(importDefinitions, { yaml: bad }));
    expect(err.details?.fields?.[0]).toMatchObject({ field: expect.stringContaining("document 2, line"), message: 'unknown resource type "no-such-type"' });
    expect(await rowCounts(db)).toEqual(before);
  });

  it("installs the in-cluster pack with chosen criteria in one call; installing again changes nothing", async () => {
    const { db, run } = await setup();
    const pack = installPack;
    const first = (await run(pack, { criteria: [{ env_type: "development" }] })) as { definitions: { id: string; status: string }[] };
    expect(first.definitions.map((d) => d.id)).toContain("incluster-postgres");
    expect(first.definitions.every((d) => d.status === "new")).toBe(true);
    expect((await getDefinition(db, ORG, "incluster-postgres"))?.criteria).toEqual([expect.objectContaining({ env_type: "development" })]);
    const again = (await run(pack, { criteria: [{ env_type: "development" }] })) as { definitions: { status: string }[] };
    expect(again.definitions.every((d) => d.status === "unchanged")).toBe(true);
  });
});

describe("permissions", () => {
  it("a developer or a manager cannot change definitions; nothing is written", async () => {
    const { db, run } = await setup();
    const before = await rowCounts(db);
    for (const email of ["developer@baton.local", "manager@baton.local"]) {
      const actor = await actorFor(db, email);
      for (const [op, input] of [
        [saveDefinition, echoPostgres("pg-x")],
        [replaceDefinitionCriteria, { id: "pg-x", criteria: [] }],
        [deleteDefinition, { id: "pg-x" }],
        [importDefinitions, { yaml: "a: 1" }],
        [installPack, { criteria: [{}] }],
        [restoreDefinitionVersion, { id: "pg-x", versionId: "v" }],
      ] as const) {
        expect((await refused(async () => await run(op as never, input, actor))).code, `${email} ${(op as { name: string }).name}`).toBe("forbidden");
      }
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it("no operation result, preview or page data function returns a secret; the audit log names what changed but never a secret", async () => {
    const { db, run } = await setup();
    const results: unknown[] = [];
    results.push(await run(saveDefinition, echoPostgres("pg-one", { criteria: [{ env_type: "staging" }] })));
    results.push(await run(saveDefinition, { ...echoPostgres("pg-one"), mode: "update", secrets: { action: "replace", yaml: `password: ${SECRET}-2\n` } }));
    results.push(await run(restoreDefinitionVersion, { id: "pg-one", versionId: (await listDefinitionVersions(db, ORG, "pg-one")).at(-1)!.id }));
    results.push(await run(replaceDefinitionCriteria, { id: "pg-one", criteria: [{ env_type: "production" }] }));
    results.push(await criteriaChangeBlastRadius(db, ORG, "pg-one", [{}]), await deleteBlastRadius(db, ORG, "pg-one"));
    results.push(await getDefinitionDetail(db, box, ORG, "pg-one"), await listDefinitionVersions(db, ORG, "pg-one"), await loadDefinitionsForMatching(db, ORG));
    results.push(await exportDefinitionsYaml(db, box, ORG, undefined, { secrets: "omit" }));
    expect(JSON.stringify(results)).not.toContain(SECRET);
    await run(importDefinitions, { yaml: `apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: pg-two\nentity:\n  name: two\n  type: postgres\n  driver_type: humanitec/echo\n  driver_inputs:\n    secrets:\n      password: ${SECRET}\n  criteria: []\n` });
    const audit = await listAudit(db, ORG);
    expect(audit.map((a) => a.action)).toEqual(["definition.import", "definition.criteria.replace", "definition.restore", "definition.save", "definition.save"]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });
});

describe("custom resource types", () => {
  it("administrators add <orgId>/<name> types that definitions can use; deletion is refused while definitions use them", async () => {
    const { db, run } = await setup();
    expect((await refused(async () => await run(createCustomResourceType, { type: "queue", name: "Queue" }))).message).toContain(`must be prefixed with the organization id: "${ORG}/queue"`);
    expect((await refused(async () => await run(createCustomResourceType, { type: `${ORG}/queue`, name: "Queue" }, await actorFor(db, "manager@baton.local")))).code).toBe("forbidden");
    await run(createCustomResourceType, { type: `${ORG}/queue`, name: "Queue", outputsValuesSchemaYaml: "type: object\nproperties:\n  url: {type: string}\n" });
    await run(saveDefinition, { ...echoPostgres("queue-echo"), type: `${ORG}/queue`, secrets: { action: "keep" } });
    expect((await refused(async () => await run(deleteCustomResourceType, { type: `${ORG}/queue` }))).message).toContain('used by resource definition(s) "queue-echo"');
    await run(deleteDefinition, { id: "queue-echo" });
    await run(deleteCustomResourceType, { type: `${ORG}/queue` });
  });
});
