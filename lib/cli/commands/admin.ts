import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { sql } from "drizzle-orm";
import { openDb, sqliteClientOf, type Db } from "@/db/client";
import { closeDatabase, openDatabase } from "@/db/open";
import { rawRun } from "@/db/raw";
import { runMigrateDatabase, type MigrateDatabaseCommandOptions } from "@/lib/server/admin/migrate-database-command";
import { KeyRotationError, reencryptDatabase } from "@/lib/server/crypto/rotate-key";
import { createSecretBox, parseKey, SecretBoxError } from "@/lib/server/crypto/secret-box";

/**
 * `baton admin rotate-key`: offline (server stopped) re-encryption of every secret in the
 * database under a new key, in one transaction: PostgreSQL when BATON_DATABASE_URL is set, else
 * the data directory's SQLite file. The current key comes from
 * --old-key, else BATON_SECRET_KEY, else `<data-dir>/secret.key`; the new one from --new-key
 * or --generate. With a key file, the new key replaces it once the database has committed.
 * Exit codes: 0 rotated, 1 failed (nothing changed), 2 usage.
 */

interface RotateOptions {
  dataDir?: string;
  oldKey?: string;
  newKey?: string;
  generate?: boolean;
}

class UsageError extends Error {}

function keyFileOf(dataDir: string): string {
  return path.join(dataDir, "secret.key");
}

/** Writes the key file atomically (temp file, fsync, rename) with mode 0600. */
function writeKeyFile(file: string, key: Buffer): void {
  const tmp = `${file}.new`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, key.toString("base64") + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export async function runRotateKey(opts: RotateOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (s: string) => process.stdout.write(s + "\n");
  const fail = (s: string) => process.stderr.write(`error: ${s}\n`);
  let dataDir: string;
  let oldKey: Buffer;
  let newKey: Buffer;
  let oldFromFile = false;
  const url = env.BATON_DATABASE_URL;
  try {
    dataDir = path.resolve(opts.dataDir ?? env.BATON_DATA_DIR ?? "./data");
    if (url !== undefined && !/^postgres(ql)?:\/\/[^/]+\/[^/?]+/i.test(url)) throw new UsageError("BATON_DATABASE_URL: must be a postgres:// URL naming a host and a database");
    if (!url && !fs.existsSync(path.join(dataDir, "baton.db"))) throw new UsageError(`--data-dir ${dataDir}: there is no baton.db in it`);
    if (Boolean(opts.newKey) === Boolean(opts.generate)) throw new UsageError("give exactly one of --new-key <key> or --generate");
    if (opts.oldKey) oldKey = parseKey(opts.oldKey);
    else if (env.BATON_SECRET_KEY) oldKey = parseKey(env.BATON_SECRET_KEY);
    else if (fs.existsSync(keyFileOf(dataDir))) {
      oldKey = parseKey(fs.readFileSync(keyFileOf(dataDir), "utf8"));
      oldFromFile = true;
    } else throw new UsageError(`no current key: pass --old-key, set BATON_SECRET_KEY, or keep ${keyFileOf(dataDir)}`);
    newKey = opts.generate ? crypto.randomBytes(32) : parseKey(opts.newKey!);
  } catch (err) {
    const message = err instanceof SecretBoxError ? `key: ${err.message}` : (err as Error).message;
    fail(message);
    return err instanceof UsageError || err instanceof SecretBoxError ? 2 : 1;
  }

  const oldBox = createSecretBox(oldKey);
  const newBox = createSecretBox(newKey);
  let db: Db | undefined;
  try {
    // SQLite as it is (no migration); PostgreSQL always opens through its migrations.
    db = url ? await openDatabase({ url, file: "", poolSize: 2 }) : openDb(path.join(dataDir, "baton.db"));
    const report = await reencryptDatabase(db, oldBox, newBox);
    await eraseOldVersions(db, Object.keys(report.reencrypted).map((where) => where.split(".")[0]));
    for (const [where, n] of Object.entries(report.reencrypted).sort()) out(`  ${where}: ${n}`);
    out(`Re-encrypted ${report.total} secret(s) from key ${oldBox.keyId} to key ${newBox.keyId}${report.alreadyNew ? ` (${report.alreadyNew} already under the new key)` : ""}.`);
  } catch (err) {
    fail(err instanceof KeyRotationError ? `${err.message}; nothing was changed` : `rotation failed, nothing was changed: ${(err as Error).message}`);
    return 1;
  } finally {
    if (db) await closeDatabase(db);
  }

  if (oldFromFile && !opts.oldKey) {
    writeKeyFile(keyFileOf(dataDir), newKey);
    out(`Wrote the new key to ${keyFileOf(dataDir)}. Start the server as before; everyone signs in again.`);
  } else if (opts.generate) {
    out(`New key (store it now, it is not saved anywhere): ${newKey.toString("hex")}`);
    out("Set BATON_SECRET_KEY to it before starting the server; everyone signs in again.");
  } else {
    out("Set BATON_SECRET_KEY to the new key before starting the server; everyone signs in again.");
  }
  return 0;
}

/**
 * Old ciphertexts must not survive where the old key could still open them: SQLite's WAL and
 * free pages (checkpoint, VACUUM), PostgreSQL's dead row versions (VACUUM FULL rewrites the
 * tables that changed; the server's own WAL archive, if any, is the operator's to expire).
 */
async function eraseOldVersions(db: Db, tables: string[]): Promise<void> {
  const sqlite = sqliteClientOf(db);
  if (sqlite) {
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.exec("VACUUM");
    return;
  }
  for (const table of [...new Set(tables)].sort()) await rawRun(db, sql`VACUUM FULL ${sql.identifier(table)}`);
}

export function register(program: Command): void {
  const admin = program.command("admin").description("Offline administration of a Baton database (stop the server first)");
  admin
    .command("rotate-key")
    .description("Re-encrypt every stored secret under a new key, in one transaction")
    .option("--data-dir <dir>", "the server's data directory (default: BATON_DATA_DIR or ./data); with BATON_DATABASE_URL, PostgreSQL is rotated instead")
    .option("--old-key <key>", "the current key, 64 hex characters or base64 (default: BATON_SECRET_KEY, else <data-dir>/secret.key)")
    .option("--new-key <key>", "the new key, 64 hex characters or base64")
    .option("--generate", "generate the new key")
    .action(async (opts: RotateOptions) => {
      process.exitCode = await runRotateKey(opts);
    });
  admin
    .command("migrate-database")
    .description("Copy this data directory's SQLite database into an empty PostgreSQL database, in one transaction, verified per table")
    .requiredOption("--to <url>", "the empty target, postgres://user:password@host:5432/database (e.g. $BATON_DATABASE_URL)")
    .option("--data-dir <dir>", "the installation's data directory (default: BATON_DATA_DIR or ./data)")
    .action(async (opts: MigrateDatabaseCommandOptions) => {
      process.exitCode = await runMigrateDatabase(opts);
    });
}
