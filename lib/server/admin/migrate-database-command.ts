import fs from "node:fs";
import path from "node:path";
import { isPostgresUrl } from "@/db/dialect";
import { describeTarget, migrateDatabase, MigrateDatabaseError } from "./migrate-database";

export interface MigrateDatabaseCommandOptions {
  to?: string;
  dataDir?: string;
}

/**
 * `baton admin migrate-database --to postgres://…`: the command-line face of ./migrate-database.
 * Exit codes: 0 copied and verified, 1 failed (the target is left as it was), 2 usage.
 * Prints counts and checksums per table, never a value or the target's password.
 */
export async function runMigrateDatabase(opts: MigrateDatabaseCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (s: string) => process.stdout.write(s + "\n");
  const fail = (s: string) => process.stderr.write(`error: ${s}\n`);
  if (!opts.to) {
    fail("--to <postgres://user:password@host:5432/database> is required: the empty PostgreSQL database to copy into");
    return 2;
  }
  if (!isPostgresUrl(opts.to)) {
    fail("--to: must be a postgres:// URL naming a host and a database, e.g. postgres://baton@db:5432/baton");
    return 2;
  }
  const dataDir = path.resolve(opts.dataDir ?? env.BATON_DATA_DIR ?? "./data");
  const sqliteFile = path.join(dataDir, "baton.db");
  if (!fs.existsSync(sqliteFile)) {
    fail(`--data-dir ${dataDir}: there is no baton.db in it`);
    return 2;
  }
  out(`Copying ${sqliteFile} into ${describeTarget(opts.to)} (one transaction; stop every Baton process on this data directory first).`);
  try {
    const report = await migrateDatabase({ sqliteFile, targetUrl: opts.to, progress: (line) => out(`  ${line}`) });
    out("Verified, per table (rows, content checksum):");
    for (const t of report.tables) out(`  ${t.table.padEnd(30)} ${String(t.rows).padStart(8)}  ${t.checksum.slice(0, 16)}`);
    const total = report.tables.reduce((n, t) => n + t.rows, 0);
    out(`Copied ${total} row(s) in ${report.tables.length} tables; the counts and checksums match.`);
    const keyFile = path.join(dataDir, "secret.key");
    out(
      env.BATON_SECRET_KEY
        ? "Secrets were copied encrypted: start every process with the same BATON_SECRET_KEY as this installation."
        : fs.existsSync(keyFile)
          ? `Secrets were copied encrypted: set BATON_SECRET_KEY on every process to the key in ${keyFile} (PostgreSQL requires it).`
          : "Secrets were copied encrypted: set BATON_SECRET_KEY on every process to the key this installation used.",
    );
    out(`Then start Baton with BATON_DATABASE_URL set to the target.`);
    return 0;
  } catch (err) {
    if (err instanceof MigrateDatabaseError) {
      fail(err.message);
      return 1;
    }
    fail(`migrate-database failed, the target was left as it was: ${(err as Error).message}`);
    return 1;
  }
}
