/**
 * Benchmarks on PostgreSQL: `npm run bench` with BATON_BENCH_POSTGRES_URL runs the database-bound
 * benchmarks a second time in a process whose BATON_DATABASE_URL is that server (db/tables picks
 * the dialect per process). Each seeds its SQLite file as usual and, on PostgreSQL, measures a
 * copy of it made by `baton admin migrate-database` — the same rows on both databases.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { processDialect } from "@/db/dialect";
import { migrateDatabase } from "@/lib/server/admin/migrate-database";

export const benchOnPostgres = processDialect === "postgres";
export const databaseLabel = benchOnPostgres ? "PostgreSQL" : "SQLite";
/** Any key: the benchmarks' rows hold no secrets, but PostgreSQL installations require one. */
export const BENCH_SECRET_KEY = "be".repeat(32);

/** A new empty database on the benchmark's PostgreSQL server. */
export async function emptyBenchDatabase(): Promise<string> {
  const admin = process.env.BATON_DATABASE_URL!;
  const name = `baton_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** On PostgreSQL: the URL of a copy of the seeded SQLite file; on SQLite: undefined (use the file). */
export async function postgresCopyOf(sqliteFile: string): Promise<string | undefined> {
  if (!benchOnPostgres) return undefined;
  const url = await emptyBenchDatabase();
  const started = Date.now();
  await migrateDatabase({ sqliteFile, targetUrl: url });
  console.log(`copied into PostgreSQL with migrate-database in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return url;
}

/**
 * Runs a benchmark's SQLite seed (`bench/seed-sqlite.ts <benchmark> <target>`): in this process on
 * SQLite, in a SQLite process of its own on PostgreSQL (whose dialect cannot write the file).
 */
export async function seedSqlite(benchmark: string, target: string, seedHere: (target: string) => Promise<void>): Promise<void> {
  if (!benchOnPostgres) return seedHere(target);
  const env = { ...process.env };
  delete env.BATON_DATABASE_URL;
  const res = spawnSync(process.execPath, [...process.execArgv, path.join(__dirname, "seed-sqlite.ts"), benchmark, target], { stdio: "inherit", env });
  if (res.status !== 0) throw new Error(`seeding ${benchmark} on SQLite failed (exit ${res.status})`);
}

type ScanCounts = Map<string, { scans: number; rows: number }>;

/** Sequential scans so far of each table holding more than 1,000 rows (pg_stat_user_tables). */
async function sequentialScans(url: string): Promise<ScanCounts> {
  // Other connections publish their statistics when idle for a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; seq_scan: string; seq_tup_read: string }>(
      "SELECT relname, seq_scan, seq_tup_read FROM pg_stat_user_tables WHERE n_live_tup > 1000",
    );
    return new Map(rows.map((r) => [r.relname, { scans: Number(r.seq_scan), rows: Number(r.seq_tup_read) }]));
  } finally {
    await client.end();
  }
}

/**
 * On PostgreSQL, counts sequential scans of the large tables between now and `report()`, which
 * prints them: at the benchmark's scale every measured query should be served by an index.
 */
export async function watchSequentialScans(url: string | undefined): Promise<{ report: () => Promise<void> }> {
  if (!url) return { report: async () => {} };
  const before = await sequentialScans(url);
  return {
    report: async () => {
      const after = await sequentialScans(url);
      const scanned = [...after].flatMap(([table, a]) => {
        const b = before.get(table) ?? { scans: 0, rows: 0 };
        return a.scans > b.scans ? [`${table} ×${a.scans - b.scans} (${a.rows - b.rows} rows read)`] : [];
      });
      console.log(`sequential scans of tables over 1,000 rows while measuring: ${scanned.length ? scanned.join(", ") : "none (every query used an index)"}`);
    },
  };
}
