/**
 * Text and JSON documents mean the same on both databases. JSON documents come back as they were stored: the same content, keys in
 * the order they were written (PostgreSQL's jsonb would put shorter keys first), and
 * deployment-set ids, which are content hashes, recompute the same after a round trip.
 */
import { randomBytes } from "node:crypto";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { setId, type DeploymentSet } from "@/lib/engine/delta";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { exportDefinitionsYaml } from "@/lib/server/data/definition-export";
import { getOrgSet } from "@/lib/server/data/deployments";
import { importDefinitions } from "@/lib/server/operations/import-definitions";
import { runOperation } from "@/lib/server/operations/operation";
import { ORG, callApi, createHarness, withDeployment, withShop } from "./api/harness";
import { actorFor, seededDb } from "./helpers";
import { onPostgres, queryRows } from "../test-db";

/** Keys of every object in a document, depth first: equal lists mean the same key order throughout. */
function keyOrder(value: unknown, at = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyOrder(v, `${at}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...keyOrder(v, `${at}.${k}`)]);
  return [];
}

describe("JSON documents on both databases", () => {
  it("a deployment set reads back with its keys as written, and its id recomputes from what is read", async () => {
    const h = await createHarness();
    await withShop(h);
    // Keys deliberately out of any sorted order, long before short.
    const main = { variables: { ZED_LONGER_NAME: "1", ALPHA: "2", M: "3" }, image: "nginx:1.27", command: ["serve", "--port", "80"] };
    const delta = { modules: { add: { "zeta-worker": { spec: { containers: { main }, profile: "default-module" } }, api: { spec: { containers: { main } } } } } };
    const created = await callApi("POST", `/orgs/${ORG}/apps/shop/sets/0`, { token: h.tokens.developer, body: delta });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body as string;

    const stored = (await getOrgSet(h.db, ORG, id)) as DeploymentSet;
    expect(setId(stored)).toBe(id);
    const got = await callApi("GET", `/orgs/${ORG}/apps/shop/sets/${id}`, { token: h.tokens.developer });
    expect(got.status).toBe(200);
    const body = got.body as DeploymentSet & { id: string };
    expect(Object.keys(body.modules)).toEqual(["zeta-worker", "api"]);
    expect(keyOrder(body.modules["zeta-worker"].spec)).toEqual(keyOrder(delta.modules.add["zeta-worker"].spec));
    expect(Object.keys((body.modules.api.spec as { containers: { main: { variables: object } } }).containers.main.variables)).toEqual(["ZED_LONGER_NAME", "ALPHA", "M"]);
  });

  it("the sets an application's deployments used are listed once each, by id", async () => {
    const h = await createHarness();
    await withShop(h);
    await withDeployment(h);
    const listed = await callApi("GET", `/orgs/${ORG}/apps/shop/sets`, { token: h.tokens.viewer });
    expect(listed.status).toBe(200);
    const ids = (listed.body as { id: string }[]).map((s) => s.id);
    const used = (await queryRows<{ id: string }>(h.db, "SELECT DISTINCT set_id AS id FROM deployments WHERE org_id = ? AND app_id = 'shop'", ORG)).map((r) => r.id);
    expect(used.length).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual([...used].sort());
    for (const s of listed.body as (DeploymentSet & { id: string })[]) expect(setId(s)).toBe(s.id);
  });

  it("a definition exports its driver inputs in the order they were imported", async () => {
    const db = await seededDb();
    const box = createSecretBox(randomBytes(32));
    const yaml = [
      "apiVersion: entity.humanitec.io/v1b1",
      "kind: Definition",
      "metadata:",
      "  id: ordered-config",
      "entity:",
      "  name: ordered-config",
      "  type: config",
      "  driver_type: humanitec/echo",
      "  driver_inputs:",
      "    values:",
      "      zone_of_the_cluster: europe-west2-a",
      "      a: 1",
      "      nested:",
      "        yy_longest_key_first: true",
      "        b: [3, 1, 2]",
      "    secrets:",
      "      zz_token: s3cret-token-value",
      "      key: other-secret",
      "",
    ].join("\n");
    await runOperation(importDefinitions, { yaml, file: "ordered.yaml" }, { db, actor: await actorFor(db, "admin@example.com"), secrets: box });
    const exported = parse(await exportDefinitionsYaml(db, box, ORG, ["ordered-config"], { secrets: "include" })) as { entity: { driver_inputs: { values: object; secrets: object } } };
    const original = parse(yaml) as typeof exported;
    expect(keyOrder(exported.entity.driver_inputs.values)).toEqual(keyOrder(original.entity.driver_inputs.values));
    expect(keyOrder(exported.entity.driver_inputs.values)[0]).toBe("$.zone_of_the_cluster");
    expect(Object.keys(exported.entity.driver_inputs.secrets)).toEqual(["zz_token", "key"]);
  });

  it.skipIf(!onPostgres)("on PostgreSQL, documents are json (kept as written); jsonb only where containment is queried", async () => {
    const db = await seededDb();
    const columns = await queryRows<{ name: string; type: string }>(
      db,
      "SELECT table_name || '.' || column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('json', 'jsonb') ORDER BY 1",
    );
    expect(columns.length).toBeGreaterThan(10);
    expect(columns.filter((c) => c.type === "jsonb").map((c) => c.name)).toEqual(["environment_summaries.matched_def_ids", "jobs.payload"]);
  });
});

describe("text both databases can store", () => {
  it("a NUL character (which PostgreSQL cannot store) is refused at the door, naming the field, on both databases", async () => {
    const h = await createHarness();
    await withShop(h);
    const body = await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, body: { id: "nul-app", name: "a\u0000b" } });
    expect(body.status).toBe(422);
    expect(body.body).toMatchObject({ error: "API-422", message: "name: must not contain the NUL character (\\u0000)" });
    const nested = await callApi("PUT", `/orgs/${ORG}/apps/shop/values/MOTD`, { token: h.tokens.admin, body: { key: "MOTD", value: "v\u0000" } });
    expect(nested.status).toBe(422);
    expect((nested.body as { message: string }).message).toContain("value: must not contain the NUL character");
    const query = await callApi("GET", `/orgs/${ORG}/apps/shop/envs?per_page=a%00b`, { token: h.tokens.admin });
    expect(query.status).toBe(400);
    expect((query.body as { message: string }).message).toContain("query.per_page: must not contain the NUL character");
    // Operations (server actions, the CLI) refuse it the same way, naming the field.
    const db = h.db;
    const admin = await actorFor(db, "admin@example.com");
    const { createApplication } = await import("@/lib/server/operations/create-application");
    await expect(runOperation(createApplication, { id: "nul-app", name: "x\u0000" }, { db, actor: admin })).rejects.toThrow("name: must not contain the NUL character");
    expect(await queryRows(db, "SELECT id FROM applications WHERE id = 'nul-app'")).toEqual([]);
    // A YAML "\0" escape decodes to one: the definition import names its line and field.
    const yaml = 'apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: nul-def\nentity:\n  name: "a\\0b"\n  type: config\n  driver_type: humanitec/echo\n';
    await expect(runOperation(importDefinitions, { yaml, file: "nul.yaml" }, { db, actor: admin, secrets: createSecretBox(randomBytes(32)) })).rejects.toThrow(
      "nul.yaml:6:9: document 1: entity.name: must not contain the NUL character",
    );
    expect(await queryRows(db, "SELECT id FROM resource_definitions WHERE id = 'nul-def'")).toEqual([]);
  });
});
