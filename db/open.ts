import { isPostgres } from "./raw";
import { migrateDb, openDb, pendingMigrations, sqliteClientOf, type Db } from "./client";
import { openPostgres, pendingPostgresMigrations, postgresPoolOf } from "./postgres";

export interface DatabaseSettings {
  /** postgres://… selects PostgreSQL; otherwise `file` is the SQLite database. */
  url?: string;
  poolSize?: number;
  file: string;
}

/** Opens and migrates the configured database. */
export async function openDatabase(settings: DatabaseSettings): Promise<Db> {
  if (settings.url) return await openPostgres(settings.url, { poolSize: settings.poolSize });
  const db = openDb(settings.file);
  await migrateDb(db);
  return db;
}

/** Migrations the database lacks (health checks). */
export async function pendingDatabaseMigrations(db: Db): Promise<string[]> {
  return isPostgres(db) ? await pendingPostgresMigrations(db) : await pendingMigrations(db);
}

export async function closeDatabase(db: Db): Promise<void> {
  const pool = postgresPoolOf(db);
  if (pool) await pool.end();
  else sqliteClientOf(db)?.close();
}
