import { is, type SQL } from "drizzle-orm";
import { PgDatabase } from "drizzle-orm/pg-core";
import type { DbOrTx, SqliteExecutor } from "./client";

/**
 * Raw SQL for the few queries the query builder cannot express. SQLite's driver offers
 * all/get/run, node-postgres' `execute`; these give one face to both. Column names come back
 * as written in the SQL (alias them), values as the driver returns them.
 */
interface PgExecutor {
  execute(query: SQL): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

export function isPostgres(db: DbOrTx): boolean {
  return is(db, PgDatabase);
}

/** The parts of drizzle's SQLite handle (database or transaction) that raw queries go through. */
interface SqliteInternals {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: { client: SqliteExecutor };
}

export async function rawAll<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  if (isPostgres(db)) return (await (db as unknown as PgExecutor).execute(query)).rows as T[];
  // Through the session's own executor (so the transaction gate applies), asking for named columns.
  const { dialect, session } = db as unknown as SqliteInternals;
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await session.client(text, params, "objects")).rows as T[];
}

export async function rawGet<T>(db: DbOrTx, query: SQL): Promise<T | undefined> {
  return (await rawAll<T>(db, query))[0];
}

/** Runs a statement; resolves to the number of rows it changed. */
export async function rawRun(db: DbOrTx, query: SQL): Promise<number> {
  if (isPostgres(db)) return (await (db as unknown as PgExecutor).execute(query)).rowCount ?? 0;
  return rowsAffected(await db.run(query));
}

/** The number of rows an insert, update or delete changed, from either driver's result. */
export function rowsAffected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/**
 * For the few statements whose SQL differs (JSON functions): the variant for this handle's
 * database. Everything else is written once.
 */
export function bySqlDialect(db: DbOrTx, variants: { sqlite: SQL; postgres: SQL }): SQL {
  return isPostgres(db) ? variants.postgres : variants.sqlite;
}

/** The first row of a query, or undefined: the portable form of SQLite's `.get()`. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}
