import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import pg from "pg";
import type { Db } from "./client";
import { compareWithJournal, readJournal, refuseNewerSchema } from "./migration-journal";
import * as pgSchema from "./schema-pg";

export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations-pg");

// Any constant both old and new binaries agree on: replicas starting together queue on it.
export const MIGRATION_LOCK_KEY = 0x6261746f6e; // "baton"

// On the handle (Symbol.for), not in a module-level map: Next.js bundles this module into several chunks.
const POOL = Symbol.for("baton.postgresPool");

// count(*) and sums are bigint, which node-postgres returns as strings; Baton's counts fit a
// double, and SQLite returns numbers, so both databases give the data layer the same values.
// Set process-wide: drizzle's node-postgres session reads the global parsers.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));

/** The pool under a PostgreSQL handle (to close it); undefined for SQLite. */
export function postgresPoolOf(db: Db): pg.Pool | undefined {
  return (db as unknown as { [POOL]?: pg.Pool })[POOL];
}

export { SchemaTooNewError } from "./migration-journal";

type PgExecutor = { execute: ReturnType<typeof drizzle>["execute"] };

/**
 * Opens a pool, applies pending migrations exactly once across replicas (under an advisory lock)
 * and refuses a database that a newer Baton has migrated. The handle is typed as the SQLite one:
 * the data functions are written once against that type and use only what both drivers share.
 */
export async function openPostgres(url: string, opts: { poolSize?: number; migrationsFolder?: string } = {}): Promise<Db> {
  // A bounded wait for a connection: with the database unreachable, requests answer 503 after
  // a few seconds instead of hanging (pg's default is to wait forever).
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client dropped by the server must not crash the process.
  pool.on("error", () => undefined);
  const db = drizzle(pool, { schema: pgSchema });
  try {
    await migratePostgres(pool, opts.migrationsFolder ?? PG_MIGRATIONS_FOLDER);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const handle = db as unknown as Db;
  Object.defineProperty(handle, POOL, { value: pool });
  return handle;
}

// On the connection that holds the lock: a pool of one must not wait for itself.
async function migratePostgres(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const db = drizzle(lock);
    refuseNewerSchema(readJournal(migrationsFolder), await appliedMigrationTimes(db));
    await migrate(db, { migrationsFolder });
  } finally {
    await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lock.release();
  }
}

/** created_at of every migration drizzle recorded; undefined before the first migration. */
async function appliedMigrationTimes(db: PgExecutor): Promise<number[] | undefined> {
  const exists = await db.execute(sql`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`);
  if (!exists.rows[0]?.t) return undefined;
  const rows = (await db.execute(sql`SELECT created_at FROM drizzle.__drizzle_migrations`)).rows as { created_at: string | number }[];
  return rows.map((r) => Number(r.created_at));
}

/** Journal migrations not yet applied to a PostgreSQL database. */
export async function pendingPostgresMigrations(db: Db, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<string[]> {
  return compareWithJournal(readJournal(migrationsFolder), await appliedMigrationTimes(db as unknown as PgExecutor)).pending;
}
