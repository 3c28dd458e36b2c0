import { sqliteClientOf } from "@/db/client";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/db/client";
import { createSecretBox, keyIdOf, parseKey, type SecretBox } from "@/lib/server/crypto/secret-box";
import { logger } from "@/lib/server/logger";
import { startWorker } from "@/lib/server/deploy/worker";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { resolveValues, getValueSetVersion } from "@/lib/server/data/values";
import { baton, tempDir } from "../cli/helpers";
import { ORG, actorFor } from "../server/helpers";
import { PLANTED, generatedPasswords, seedSecretsOnDisk } from "./secret-seed";

const CIPHERTEXT = /v1\.([A-Za-z0-9_-]{12})\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*/g;

/** Every ciphertext in the database, per table.column, in row order. */
function ciphertexts(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const tables = sqliteClientOf(db)!.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  for (const { name } of tables) {
    for (const col of sqliteClientOf(db)!.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]) {
      const rows = sqliteClientOf(db)!.prepare(`SELECT "${col.name}" AS v FROM "${name}" WHERE typeof("${col.name}") = 'text' ORDER BY rowid`).all() as { v: string }[];
      const found = rows.flatMap((r) => r.v.match(CIPHERTEXT) ?? []);
      if (found.length) out.set(`${name}.${col.name}`, found);
    }
  }
  return out;
}

function decryptAll(map: Map<string, string[]>, box: SecretBox): Record<string, string[]> {
  return Object.fromEntries([...map].map(([k, list]) => [k, list.map((c) => box.decrypt(c))]));
}

describe("baton admin rotate-key", () => {
  let dataDir: string;
  let oldKey: Buffer;
  let before: Record<string, string[]>;
  let passwords: string[];

  beforeAll(async () => {
    dataDir = tempDir("baton-rotate-");
    const { db, box, keyFile } = await seedSecretsOnDisk(dataDir);
    oldKey = parseKey(fs.readFileSync(keyFile, "utf8"));
    before = decryptAll(ciphertexts(db), box);
    passwords = generatedPasswords(db, box);
    sqliteClientOf(db)!.close();
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
    const dbFile = path.join(dataDir, "baton.db");
    const bytes = fs.readFileSync(dbFile);
    expect((await baton(["admin", "rotate-key", "--data-dir", dataDir])).code).toBe(2);
    const both = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--generate", "--new-key", "00".repeat(32)]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("exactly one of --new-key");
    expect((await baton(["admin", "rotate-key", "--data-dir", path.join(dataDir, "nope"), "--generate"])).stderr).toContain("no baton.db");
    const wrong = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--old-key", crypto.randomBytes(32).toString("hex"), "--generate"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/sealed with another key.*nothing was changed/);
    expect(parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8")).equals(oldKey)).toBe(true);
    const db = openDb(dbFile);
    expect(decryptAll(ciphertexts(db), createSecretBox(oldKey))).toEqual(before);
    sqliteClientOf(db)!.close();
    expect(bytes.length).toBeGreaterThan(0);
  });

  it("re-encrypts every secret under a generated key, replaces the key file, and leaves no old ciphertext on disk", async () => {
    const run = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--generate"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Re-encrypted \d+ secret\(s\) from key/);
    expect(run.stdout).toContain("Wrote the new key to");
    const newKey = parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8"));
    expect(newKey.equals(oldKey)).toBe(false);
    expect(fs.statSync(path.join(dataDir, "secret.key")).mode & 0o777).toBe(0o600);

    const db = openDb(path.join(dataDir, "baton.db"));
    const after = ciphertexts(db);
    const keyIds = new Set([...after.values()].flat().map((c) => c.split(".")[1]));
    expect([...keyIds]).toEqual([keyIdOf(newKey)]);
    expect(decryptAll(after, createSecretBox(newKey))).toEqual(before);
    expect(() => createSecretBox(oldKey).decrypt([...after.values()][0][0])).toThrow(/another key/);
    sqliteClientOf(db)!.close();
    // Checkpointed and vacuumed: the old key id appears in no file of the database.
    for (const f of fs.readdirSync(dataDir).filter((f) => f.startsWith("baton.db"))) {
      expect(fs.readFileSync(path.join(dataDir, f)).includes(Buffer.from(`v1.${keyIdOf(oldKey)}.`)), f).toBe(false);
    }
  });

  it("the server's deploy path runs under the new key: values resolve, the generated password is kept", async () => {
    const newKey = parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8"));
    const box = createSecretBox(newKey);
    const db = openDb(path.join(dataDir, "baton.db"));
    const worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });
    try {
      const dep = await runOperation(deployEnvironment, { appId: "shop", envId: "development" }, { db, actor: (await actorFor(db, "admin@example.com")), secrets: box });
      worker.kick();
      await worker.idle();
      const row = sqliteClientOf(db)!.prepare("SELECT status, value_set_version_id AS app, env_value_set_version_id AS env FROM deployments WHERE id = ?").get(dep.id) as { status: string; app: string; env: string };
      expect(row.status).toBe("succeeded");
      const values = resolveValues(box, (await getValueSetVersion(db, ORG, "shop", row.app))!.values, (await getValueSetVersion(db, ORG, "shop", row.env))!.values);
      expect(values.MOTD).toMatchObject({ value: PLANTED.envSecret });
      expect(generatedPasswords(db, box)).toEqual(passwords);
    } finally {
      await worker.stop();
      sqliteClientOf(db)!.close();
    }
  });

  it("with --new-key: a tampered ciphertext aborts the whole rotation, naming table, column and row", async () => {
    const current = parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8"));
    const db = openDb(path.join(dataDir, "baton.db"));
    const row = sqliteClientOf(db)!.prepare("SELECT rowid AS rid, credentials_enc AS c FROM cloud_accounts").get() as { rid: number; c: string };
    const parts = row.c.split(".");
    parts[4] = (parts[4][0] === "A" ? "B" : "A") + parts[4].slice(1);
    sqliteClientOf(db)!.prepare("UPDATE cloud_accounts SET credentials_enc = ? WHERE rowid = ?").run(parts.join("."), row.rid);
    const snapshot = ciphertexts(db);
    sqliteClientOf(db)!.close();
    const next = crypto.randomBytes(32).toString("hex");
    const run = await baton(["admin", "rotate-key", "--data-dir", dataDir, "--new-key", next]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cloud_accounts.credentials_enc (rowid ${row.rid})`);
    expect(run.stderr).toContain("nothing was changed");
    expect(parseKey(fs.readFileSync(path.join(dataDir, "secret.key"), "utf8")).equals(current)).toBe(true);
    const reopened = openDb(path.join(dataDir, "baton.db"));
    expect(ciphertexts(reopened)).toEqual(snapshot);
    sqliteClientOf(reopened)!.close();
  });
});
