import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import pg from "pg";
import Database from "better-sqlite3";
import { dbOverSqlite, openMemoryDb, sqliteClientOf, type Db } from "@/db/client";
import { processDialect } from "@/db/dialect";
import { closeDatabase } from "@/db/open";
import { openPostgres, postgresPoolOf } from "@/db/postgres";
import { rawAll } from "@/db/raw";

/**
 * The database a data test runs on. By default a fresh in-memory SQLite; when the suite runs
 * with BATON_DATABASE_URL=postgres://… (see scripts/test.mjs), a fresh PostgreSQL database
 * copied from a migrated template, so every test starts from an empty, current schema.
 */
export async function openTestDb(): Promise<Db> {
  if (processDialect !== "postgres") return openMemoryDb();
  return await openFreshPostgres();
}

export const onPostgres = processDialect === "postgres";

/** Why a test runs on SQLite only, printed in the skip. */
export const SQLITE_ONLY = onPostgres ? "(SQLite only: this test reads the SQLite file or its connection directly)" : "";

/**
 * The template is named after the PostgreSQL migrations it holds, so a checkout with a new
 * migration (or several worktrees on one test cluster) never copies a stale schema.
 */
const TEMPLATE = `baton_test_template_${migrationsFingerprint()}`;

function migrationsFingerprint(): string {
  const dir = path.join(__dirname, "..", "db", "migrations-pg");
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  return hash.digest("hex").slice(0, 12);
}
let templateReady: Promise<void> | undefined;

function adminUrl(): string {
  return process.env.BATON_DATABASE_URL!;
}

function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the template once per test run (test processes take turns on a lock). */
async function ensureTemplate(): Promise<void> {
  await withAdmin(async (client) => {
    await client.query("SELECT pg_advisory_lock(4242)");
    try {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE]);
      if (exists.rowCount) return;
      await client.query(`CREATE DATABASE ${TEMPLATE}`);
      const db = await openPostgres(urlFor(TEMPLATE), { poolSize: 1 });
      await closeDatabase(db);
    } finally {
      await client.query("SELECT pg_advisory_unlock(4242)");
    }
  });
}

async function openFreshPostgres(): Promise<Db> {
  return await openPostgres(await freshPostgresDatabaseUrl(), { poolSize: 4 });
}

/** The URL of a new PostgreSQL database with the current schema, for tests that start Baton processes on it. */
export async function freshPostgresDatabaseUrl(): Promise<string> {
  templateReady ??= ensureTemplate();
  await templateReady;
  return await copyUrlOf(TEMPLATE);
}

async function copyOfDatabase(template: string, poolSize: number): Promise<Db> {
  return await openPostgres(await copyUrlOf(template), { poolSize });
}

async function copyUrlOf(template: string): Promise<string> {
  const name = `baton_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (err) {
        // Two copies of one template at the same instant: PostgreSQL refuses one; try again.
        if (!/being accessed by other users/.test((err as Error).message) || attempt > 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  });
  return urlFor(name);
}

/**
 * A fresh PostgreSQL database with nothing in it — no tables, no migrations — on the test server
 * (BATON_DATABASE_URL): for tests of what Baton does to an empty database (migrate-database,
 * health before migration). `drop()` removes it.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `baton_test_empty_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: urlFor(name),
    drop: () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/** A frozen test database that private copies are opened from (a fixture built once, used by many cases). */
export interface DbSnapshot {
  open(): Promise<Db>;
}

/**
 * Freezes a test database's content. SQLite: an in-memory image (the handle stays usable).
 * PostgreSQL: the database becomes the template of its copies, so its handle is closed here
 * (a template must have no connections).
 */
export async function snapshotTestDb(db: Db): Promise<DbSnapshot> {
  const sqlite = sqliteClientOf(db);
  if (sqlite) {
    const image = sqlite.serialize();
    return {
      open: async () => {
        const copy = new Database(image);
        copy.pragma("foreign_keys = ON");
        return dbOverSqlite(copy);
      },
    };
  }
  const name = new URL(postgresUrlOf(db)!).pathname.slice(1);
  await closeDatabase(db);
  return { open: async () => await copyOfDatabase(name, 2) };
}

/**
 * Rows of a raw SQL query with `?` placeholders, on either database: tests that look at what
 * was stored (secrets encrypted, nothing written) read the tables directly.
 */
export async function queryRows<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  const pieces = text.split("?");
  const chunks: SQL[] = [sql.raw(pieces[0])];
  pieces.slice(1).forEach((piece, i) => chunks.push(sql`${params[i]}`, sql.raw(piece)));
  return await rawAll<T>(db, sql.join(chunks));
}

export async function queryRow<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await queryRows<T>(db, text, ...params))[0];
}

/** A JSON column read through raw SQL: SQLite returns its text, node-postgres the parsed value. */
export function jsonColumn<T = unknown>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** The URL of a PostgreSQL test database (to hand to a CLI command or a second process); undefined on SQLite. */
export function postgresUrlOf(db: Db): string | undefined {
  return postgresPoolOf(db)?.options.connectionString;
}
