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
