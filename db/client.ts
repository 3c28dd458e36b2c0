import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle as drizzleSqliteSync } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzleProxy, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import * as sqliteSchema from "./schema";
import { compareWithJournal, readJournal, refuseNewerSchema } from "./migration-journal";
import { TransactionGate } from "./transaction-gate";

export { readJournal } from "./migration-journal";

/**
 * The database handle every data function takes. Queries are written once, typed against
 * SQLite's asynchronous driver; a PostgreSQL process hands out node-postgres' drizzle database
 * behind the same type (./postgres), so callers always await and never learn which it is.
 */
export type Db = SqliteRemoteDatabase<typeof sqliteSchema>;
/** The handle passed to a function inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Data functions accept either the database or a transaction. */
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// On the handle itself (Symbol.for), not in a module-level map: Next.js bundles this module into
// several chunks, and a handle opened by one chunk is used by the others.
const SQLITE_CLIENT = Symbol.for("baton.sqliteClient");

/** What the SQLite handle's session runs statements through; "objects" returns named columns. */
export type SqliteExecutor = (text: string, params: unknown[], method: "run" | "all" | "values" | "get" | "objects") => Promise<{ rows: unknown[] }>;

/** The better-sqlite3 connection under a SQLite handle (maintenance commands); undefined on PostgreSQL. */
export function sqliteClientOf(db: Db): Database.Database | undefined {
  return (db as unknown as { [SQLITE_CLIENT]?: Database.Database })[SQLITE_CLIENT];
}

// Dynamic SQL (IN lists of varying length) produces many texts: keep the most recent only.
const STATEMENT_CACHE_SIZE = 500;

/**
 * Opens (creating if needed) a SQLite database with WAL and foreign keys on; ":memory:" for tests.
 * better-sqlite3 runs each statement synchronously (microseconds for Baton's indexed queries);
 * the asynchronous face and the transaction gate let the same code run on PostgreSQL.
 */
export function openDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return dbOverSqlite(sqlite);
}

/** The data-layer handle over an open better-sqlite3 connection (e.g. a deserialized image in tests). */
export function dbOverSqlite(sqlite: Database.Database): Db {
  const statements = new Map<string, Database.Statement>();
  const statementFor = (text: string): Database.Statement => {
    let statement = statements.get(text);
    if (statement) return statement;
    statement = sqlite.prepare(text);
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    statements.set(text, statement);
    return statement;
  };
  const gate = new TransactionGate();
  const execute: SqliteExecutor = async (text, params, method) => {
    await gate.beforeStatement();
    const statement = statementFor(text);
    if (method === "run" || !statement.reader) {
      const result = statement.run(params);
      return { rows: [], changes: result.changes } as { rows: unknown[] };
    }
    // The query builder maps positional rows onto its fields; raw SQL (rawAll) wants named columns.
    statement.raw(method !== "objects");
    if (method === "get") return { rows: statement.get(params) as unknown[] };
    return { rows: statement.all(params) as unknown[] };
  };
  const db = drizzleProxy(execute as Parameters<typeof drizzleProxy>[0], { schema: sqliteSchema }) as Db;
  const transaction = db.transaction.bind(db);
  // IMMEDIATE: take the write lock at BEGIN, so two processes on one file queue up instead of
  // failing when a reader turns writer.
  db.transaction = ((body, config) => gate.run(() => transaction(body, { behavior: "immediate", ...config }))) as Db["transaction"];
  Object.defineProperty(db, SQLITE_CLIENT, { value: sqlite });
  return db;
}

/** Applies pending migrations through drizzle's journal (never `push`). */
export async function migrateDb(db: Db, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const sqlite = sqliteClientOf(db);
  if (!sqlite) throw new Error("migrateDb: not a SQLite database (PostgreSQL migrates in openPostgres)");
  refuseNewerSchema(readJournal(migrationsFolder), appliedMigrationTimes(sqlite));
  migrateSqlite(drizzleSqliteSync(sqlite), { migrationsFolder });
}

/** created_at of every migration drizzle recorded; undefined before the first migration. */
function appliedMigrationTimes(sqlite: Database.Database): number[] | undefined {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get();
  if (!hasTable) return undefined;
  return (sqlite.prepare("SELECT created_at FROM __drizzle_migrations").all() as { created_at: number }[]).map((r) => Number(r.created_at));
}

/** Names of journal migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(db: Db, migrationsFolder = MIGRATIONS_FOLDER): Promise<string[]> {
  const sqlite = sqliteClientOf(db);
  if (!sqlite) throw new Error("pendingMigrations: not a SQLite database");
  return compareWithJournal(readJournal(migrationsFolder), appliedMigrationTimes(sqlite)).pending;
}

/** A fresh, migrated in-memory database (tests). */
export function openMemoryDb(): Db {
  const db = openDb(":memory:");
  migrateSqlite(drizzleSqliteSync(sqliteClientOf(db)!), { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}
