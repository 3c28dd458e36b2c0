import type { DbOrTx } from "@/db/client";

/**
 * Prepared statements for hot queries (every API request authenticates, loads its actor and
 * checks the application): building a drizzle query and preparing its SQL cost more than
 * running it. Kept per database handle, so a new or closed database never sees another's
 * statements; a transaction handle gets its own for the transaction's lifetime.
 */
const statementsByDb = new WeakMap<object, Map<string, unknown>>();

export function preparedFor<T>(db: DbOrTx, name: string, prepare: () => T): T {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = new Map();
    statementsByDb.set(db, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = prepare();
    statements.set(name, statement);
  }
  return statement;
}
