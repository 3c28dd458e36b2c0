import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/open";
import { openPostgres, pendingPostgresMigrations } from "@/db/postgres";
import { migrateDatabase, verifyDatabaseCopy } from "@/lib/server/admin/migrate-database";
import { loadOrCreateKey } from "@/lib/server/crypto/key-file";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { findUserByEmail, loadActor } from "@/lib/server/data/users";
import { createApplication } from "@/lib/server/operations/create-application";
import { runOperation } from "@/lib/server/operations/operation";
import { baton } from "../cli/helpers";
import { createEmptyPostgresDatabase, onPostgres, queryRow } from "../test-db";
import { readInstallation, SECRET_VALUE } from "./migrate-database-fixture";

/**
 * Moving an embedded installation to PostgreSQL. The source is written by a real SQLite Baton
 * in a child process (this test process talks PostgreSQL: BATON_DATABASE_URL), then copied
 * into fresh, empty databases on the test server and read back through the data functions.
 */
const repoRoot = path.resolve(__dirname, "../..");
const TSX = path.join(repoRoot, "node_modules/.bin/tsx");
const ORG = "move-org";
const ADMIN = "admin@move.example";

function child(dataDir: string, mode: "seed" | "read"): string {
  const env: NodeJS.ProcessEnv = { ...process.env, BATON_DATA_DIR: dataDir, BATON_ORG_ID: ORG, BATON_ADMIN_EMAIL: ADMIN, BATON_ADMIN_PASSWORD: "move-admin-password", BATON_SEED_DEMO: "false", LOG_LEVEL: "warn" };
  // An embedded installation keeps its key in the data directory (vitest sets one for PostgreSQL runs).
  delete env.BATON_SECRET_KEY;
  delete env.BATON_DATABASE_URL;
  const r = spawnSync(TSX, [path.join(__dirname, "migrate-database-child.ts"), mode], { cwd: repoRoot, env, encoding: "utf8", timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`child ${mode} exited ${r.status}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

const targets: { drop(): Promise<void> }[] = [];
let dataDir: string;
let sqliteFile: string;
let source: Record<string, unknown>;

describe.skipIf(!onPostgres)("baton admin migrate-database (SQLite installation → empty PostgreSQL)", () => {
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-move-"));
    sqliteFile = path.join(dataDir, "baton.db");
    child(dataDir, "seed");
    source = JSON.parse(child(dataDir, "read").trim().split("\n").at(-1)!);
  }, 300_000);
  afterAll(async () => {
    for (const t of targets) await t.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function emptyTarget() {
    const t = await createEmptyPostgresDatabase();
    targets.push(t);
    return t;
  }

  it("copies every table; the data functions on PostgreSQL return what they returned on SQLite, secrets still open with the same key", async () => {
    const target = await emptyTarget();
    const lines: string[] = [];
    const report = await migrateDatabase({ sqliteFile, targetUrl: target.url, progress: (l) => lines.push(l) });
    const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    expect(rows).toMatchObject({ organizations: 1, applications: 1, env_types: expect.any(Number), deployments: 1, jobs: 1 });
    expect(rows.deployment_events).toBeGreaterThan(0);
    expect(rows.audit_log).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(SECRET_VALUE);

    const db = await openPostgres(target.url, { poolSize: 2 });
    try {
      expect(await pendingPostgresMigrations(db)).toEqual([]);
      const box = createSecretBox(loadOrCreateKey(dataDir));
      const moved = JSON.parse(JSON.stringify(await readInstallation(db, box, ORG)));
      expect(moved).toEqual(source);
      // The things that must survive in particular: insertion order, plaintext behind the same key, ciphertext as is.
      expect((moved.envTypes as { id: string }[]).map((t) => t.id).slice(-3)).toEqual(["zeta", "alpha", "mid"]);
      expect((moved.criteria as Record<string, { env_type: string }[]>)["pg-main"].map((c) => c.env_type)).toEqual(["zeta", "alpha", "mid"]);
      expect(moved.definitionSecrets).toMatchObject({ secrets: { password: SECRET_VALUE } });
      expect(moved.resolvedValues).toMatchObject({ API_TOKEN: { value: SECRET_VALUE, secret: true } });
      expect(JSON.stringify(moved.ciphertexts)).not.toContain(SECRET_VALUE);

      // Identities continue after the copied ids: a new audit entry neither collides nor reuses one.
      const maxAudit = Number((await queryRow<{ n: number }>(db, "SELECT max(id) AS n FROM audit_log"))!.n);
      const actor = (await loadActor(db, ORG, (await findUserByEmail(db, ORG, ADMIN))!.id))!;
      await runOperation(createApplication, { id: "after-move" }, { db, actor, secrets: box });
      expect(Number((await queryRow<{ n: number }>(db, "SELECT max(id) AS n FROM audit_log"))!.n)).toBe(maxAudit + 1);
    } finally {
      await closeDatabase(db);
    }
  }, 120_000);

  it("`baton admin migrate-database --to` copies, prints counts and checksums (no values, no password), and refuses a second run", async () => {
    const target = await emptyTarget();
    const withPassword = target.url.replace("postgres@", "postgres:not-a-real-password@");
    const first = await baton(["admin", "migrate-database", "--to", withPassword, "--data-dir", dataDir]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/deployments\s+1 {2}[0-9a-f]{16}/);
    expect(first.stdout).toContain("the counts and checksums match");
    expect(first.stdout).toContain("set BATON_SECRET_KEY on every process to the key in");
    for (const s of [SECRET_VALUE, "not-a-real-password"]) expect(first.stdout).not.toContain(s);
    const again = await baton(["admin", "migrate-database", "--to", withPassword, "--data-dir", dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: the target database 127\.0\.0\.1:\d+\/baton_test_empty_\w+ is not empty/);
    expect(again.stderr).not.toContain("not-a-real-password");
    expect((await baton(["admin", "migrate-database", "--to", "mysql://x/y", "--data-dir", dataDir])).code).toBe(2);
  }, 120_000);

  it("verification notices changed content and missing rows, table by table", async () => {
    const target = await emptyTarget();
    await migrateDatabase({ sqliteFile, targetUrl: target.url });
    expect(await verifyDatabaseCopy({ sqliteFile, targetUrl: target.url })).toEqual([]);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      // A round trip through jsonb keeps the value but not the key order: that alone is no difference.
      await client.query(`UPDATE resource_definitions SET driver_inputs_values = (driver_inputs_values::jsonb || '{}'::jsonb)::json`);
      expect(await verifyDatabaseCopy({ sqliteFile, targetUrl: target.url })).toEqual([]);
      await client.query(`UPDATE shared_values SET description = 'changed behind Baton''s back' WHERE key = 'PLAIN'`);
      await client.query(`UPDATE users SET disabled = NOT disabled WHERE email = $1`, [ADMIN]);
      await client.query(`DELETE FROM deployment_events WHERE id = (SELECT max(id) FROM deployment_events)`);
      const diff = await verifyDatabaseCopy({ sqliteFile, targetUrl: target.url });
      expect(diff).toHaveLength(3);
      expect(diff).toEqual(expect.arrayContaining([
        expect.stringMatching(/^deployment_events: (\d+) row\(s\) in SQLite, \d+ on PostgreSQL$/),
        "shared_values: same 2 row(s) but the content checksums differ",
        "users: same 1 row(s) but the content checksums differ",
      ]));
    } finally {
      await client.end();
    }
  }, 120_000);

  it("refuses a target that is not empty, and changes nothing in it", async () => {
    const target = await emptyTarget();
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query("CREATE TABLE someone_elses (id int)");
      await expect(migrateDatabase({ sqliteFile, targetUrl: target.url })).rejects.toThrow(/is not empty: it holds 1 table\(s\) \(public\.someone_elses\).*nothing was changed/);
      const tables = await client.query("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
      expect(tables.rows.map((r) => r.t)).toEqual(["public.someone_elses"]);
      const schemas = await client.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'drizzle'");
      expect(schemas.rowCount).toBe(0);
    } finally {
      await client.end();
    }
    // A database Baton already migrated counts as not empty too.
    const migrated = await emptyTarget();
    await closeDatabase(await openPostgres(migrated.url, { poolSize: 1 }));
    await expect(migrateDatabase({ sqliteFile, targetUrl: migrated.url })).rejects.toThrow(/is not empty/);
  }, 120_000);

  it("copies tables larger than one insert batch and one verification fetch", async () => {
    const big = path.join(dataDir, "big.db");
    const copy = new Database(sqliteFile);
    await copy.backup(big);
    copy.close();
    const b = new Database(big);
    const deploymentId = (b.prepare("SELECT id FROM deployments").get() as { id: string }).id;
    b.prepare("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4500) INSERT INTO deployment_events (deployment_id, at, level, step, message) SELECT ?, '2026-12-07T00:00:00.000Z', 'info', 'apply', 'event ' || i FROM n").run(deploymentId);
    const events = (b.prepare("SELECT count(*) AS n FROM deployment_events").get() as { n: number }).n;
    b.close();
    const target = await emptyTarget();
    const report = await migrateDatabase({ sqliteFile: big, targetUrl: target.url });
    expect(report.tables.find((t) => t.table === "deployment_events")!.rows).toBe(events);
    expect(await verifyDatabaseCopy({ sqliteFile: big, targetUrl: target.url })).toEqual([]);
  }, 120_000);

  it("leaves the target empty when a row cannot be copied, naming the table and row", async () => {
    const broken = path.join(dataDir, "broken.db");
    const copy = new Database(sqliteFile);
    await copy.backup(broken);
    copy.close();
    const b = new Database(broken);
    // PostgreSQL text cannot hold NUL; SQLite can. Last table in copy order fails after many were copied.
    b.prepare("UPDATE environment_summaries SET env_type = 'bad' || char(0) || 'type'").run();
    b.close();
    const target = await emptyTarget();
    await expect(migrateDatabase({ sqliteFile: broken, targetUrl: target.url })).rejects.toThrow(/table environment_summaries, rows 1–\d+: PostgreSQL refused them/);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const left = await client.query("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
      expect(left.rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
