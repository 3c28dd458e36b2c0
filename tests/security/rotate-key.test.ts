import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/db/client";
import { closeDatabase } from "@/db/open";
import { openPostgres } from "@/db/postgres";
import { createSecretBox, keyIdOf, parseKey, type SecretBox } from "@/lib/server/crypto/secret-box";
import { logger } from "@/lib/server/logger";
import { startWorker } from "@/lib/server/deploy/worker";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { resolveValues, getValueSetVersion } from "@/lib/server/data/values";
import { baton, tempDir } from "../cli/helpers";
import { ORG, actorFor } from "../server/helpers";
import { onPostgres, queryRow, queryRows } from "../test-db";
import { PLANTED, generatedPasswords, seedSecretsOnDisk } from "./secret-seed";

const CIPHERTEXT = /v1\.([A-Za-z0-9_-]{12})\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*/g;

/** Every ciphertext in the database, per table.column, sorted (rows move on PostgreSQL when updated). */
async function ciphertexts(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const columns = onPostgres
    ? await queryRows<{ t: string; c: string }>(db, "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'json', 'jsonb') ORDER BY 1, 2")
    : await queryRows<{ t: string; c: string }>(db, "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2");
  for (const { t, c } of columns) {
    const rows = await queryRows<{ v: string }>(db, onPostgres ? `SELECT "${c}"::text AS v FROM "${t}" WHERE "${c}" IS NOT NULL` : `SELECT "${c}" AS v FROM "${t}" WHERE typeof("${c}") = 'text'`);
    const found = rows.flatMap((r) => r.v.match(CIPHERTEXT) ?? []).sort();
    if (found.length) out.set(`${t}.${c}`, found);
  }
  return out;
}

function decryptAll(map: Map<string, string[]>, box: SecretBox): Record<string, string[]> {
  return Object.fromEntries([...map].map(([k, list]) => [k, list.map((c) => box.decrypt(c)).sort()]));
}

describe("baton admin rotate-key", () => {
  let dataDir: string;
  let oldKey: Buffer;
  let before: Record<string, string[]>;
  let passwords: string[];
  /** BATON_* for the CLI: the PostgreSQL test database's URL, or nothing (the data directory's file). */
  let cliEnv: Record<string, string>;
  const open = async (): Promise<Db> => (onPostgres ? await openPostgres(cliEnv.BATON_DATABASE_URL, { poolSize: 2 }) : openDb(path.join(dataDir, "baton.db")));

  beforeAll(async () => {
    dataDir = tempDir("baton-rotate-");
    const { db, box, keyFile, env } = await seedSecretsOnDisk(dataDir);
    cliEnv = env;
    oldKey = parseKey(fs.readFileSync(keyFile, "utf8"));
    before = decryptAll(await ciphertexts(db), box);
    passwords = await generatedPasswords(db, box);
    await closeDatabase(db);
  }, 120_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("seeds every kind of encrypted column (so the rotation below is meaningful)", () => {
    expect(Object.keys(before).sort()).toEqual(
      expect.arrayContaining([
        "active_resources.cookie_enc",
        "active_resources.secret_outputs_enc",
        "active_resources.state_enc",
        "cloud_accounts.credentials_enc",
        "resource_definition_versions.content",
        "resource_definitions.driver_inputs_secrets_enc",
        "shared_values.encrypted_value",
        "value_set_versions.values",
      ]),
    );
    expect(passwords.length).toBeGreaterThan(0);
    const plain = JSON.stringify(before);
    for (const v of Object.values(PLANTED)) expect(plain).toContain(v);
  });

  it("refuses usage errors (exit 2) and a wrong current key (exit 1) without changing anything", async () => {
    expect((await baton(["admin", "rotate-key", "--data-dir", dataDir], cliEnv)).code).toBe(2);
    const both = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--generate", "--new-key", "00".repeat(32)], cliEnv);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("exactly one of --new-key");
    // Without a database URL, the data directory must hold the SQLite file.
    expect((await baton(["admin", "rotate-key", "--data-dir", path.join(dataDir, "nope"), "--generate"])).stderr).toContain("no baton.db");
    const badUrl = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--generate"], { BATON_DATABASE_URL: "mysql://db/baton" });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("BATON_DATABASE_URL: must be a postgres:// URL");
    const wrong = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--old-key", crypto.randomBytes(32).toString("hex"), "--generate"], cliEnv);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/sealed with another key.*nothing was changed/);
    expect(parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8")).equals(oldKey)).toBe(true);
    const db = await open();
    expect(decryptAll(await ciphertexts(db), createSecretBox(oldKey))).toEqual(before);
    await closeDatabase(db);
  });

  it("re-encrypts every secret under a generated key, replaces the key file, and leaves no old ciphertext on disk", async () => {
    const run = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--generate"], cliEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Re-encrypted \d+ secret\(s\) from key/);
    expect(run.stdout).toContain("Wrote the new key to");
    const newKey = parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8"));
    expect(newKey.equals(oldKey)).toBe(false);
    expect(fs.statSync(path.join(dataDir, "secret.key")).mode & 0o777).toBe(0o600);

    const db = await open();
    const after = await ciphertexts(db);
    const keyIds = new Set([...after.values()].flat().map((c) => c.split(".")[1]));
    expect([...keyIds]).toEqual([keyIdOf(newKey)]);
    expect(decryptAll(after, createSecretBox(newKey))).toEqual(before);
    expect(() => createSecretBox(oldKey).decrypt([...after.values()][0][0])).toThrow(/another key/);
    await closeDatabase(db);
    // SQLite: checkpointed and vacuumed, the old key id appears in no file of the database.
    // (PostgreSQL's files are the server's; the command runs VACUUM FULL on the tables it rewrote.)
    for (const f of onPostgres ? [] : fs.readdirSync(dataDir).filter((f) => f.startsWith("baton.db"))) {
      expect(fs.readFileSync(path.join(dataDir, f)).includes(Buffer.from(`v1.${keyIdOf(oldKey)}.`)), f).toBe(false);
    }
  });

  it("the server's deploy path runs under the new key: values resolve, the generated password is kept", async () => {
    const newKey = parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8"));
    const box = createSecretBox(newKey);
    const db = await open();
    const worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });
    try {
      const dep = await runOperation(deployEnvironment, { appId: "shop", envId: "development" }, { db, actor: (await actorFor(db, "admin@example.com")), secrets: box });
      worker.kick();
      await worker.idle();
      const row = (await queryRow<{ status: string; app: string; env: string }>(db, "SELECT status, value_set_version_id AS app, env_value_set_version_id AS env FROM deployments WHERE id = ?", dep.id))!;
      expect(row.status).toBe("succeeded");
      const values = resolveValues(box, (await getValueSetVersion(db, ORG, "shop", row.app))!.values, (await getValueSetVersion(db, ORG, "shop", row.env))!.values);
      expect(values.MOTD).toMatchObject({ value: PLANTED.envSecret });
      expect(await generatedPasswords(db, box)).toEqual(passwords);
    } finally {
      await worker.stop();
      await closeDatabase(db);
    }
  });

  it("with --new-key: a tampered ciphertext aborts the whole rotation, naming table, column and row", async () => {
    const current = parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8"));
    const db = await open();
    const row = (await queryRow<{ id: string; c: string }>(db, "SELECT id, credentials_enc AS c FROM cloud_accounts"))!;
    const parts = row.c.split(".");
    parts[4] = (parts[4][0] === "A" ? "B" : "A") + parts[4].slice(1);
    await queryRows(db, "UPDATE cloud_accounts SET credentials_enc = ? WHERE id = ?", parts.join("."), row.id);
    // The row as the rotation names it: SQLite's rowid, PostgreSQL's ctid.
    const rowName = onPostgres ? `ctid ${(await queryRow<{ r: string }>(db, "SELECT ctid::text AS r FROM cloud_accounts WHERE id = ?", row.id))!.r}` : `rowid ${(await queryRow<{ r: number }>(db, "SELECT rowid AS r FROM cloud_accounts WHERE id = ?", row.id))!.r}`;
    const snapshot = await ciphertexts(db);
    await closeDatabase(db);
    const next = crypto.randomBytes(32).toString("hex");
    const run = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--new-key", next], cliEnv);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cloud_accounts.credentials_enc (${rowName})`);
    expect(run.stderr).toContain("nothing was changed");
    expect(parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8")).equals(current)).toBe(true);
    const reopened = await open();
    expect(await ciphertexts(reopened)).toEqual(snapshot);
    await closeDatabase(reopened);
  });
});
