import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle passed to a function inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Data functions accept either the database or a transaction. */
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Opens (creating if needed) a SQLite database with WAL and foreign keys on. ":memory:" for tests. */
export function openDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema }) as Db;
}

/** Applies pending migrations through drizzle's journal (never `push`). */
export function migrateDb(db: Db, migrationsFolder = MIGRATIONS_FOLDER): void {
  migrate(db, { migrationsFolder });
}

/** Names of journal migrations not yet applied; empty when the schema is current. */
export function pendingMigrations(db: Db, migrationsFolder = MIGRATIONS_FOLDER): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  const hasTable = db.$client
    .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
    .get();
  if (!hasTable) return journal.entries.map((e) => e.tag);
  const applied = new Set(
    (db.$client.prepare("SELECT created_at FROM __drizzle_migrations").all() as { created_at: number }[]).map((r) =>
      Number(r.created_at),
    ),
  );
  return journal.entries.filter((e) => !applied.has(e.when)).map((e) => e.tag);
}

/** A fresh, migrated in-memory database (tests). */
export function openMemoryDb(): Db {
  const db = openDb(":memory:");
  migrateDb(db);
  return db;
}
