import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";
import { errorCodes } from "./error-codes";
import { isPostgres, rawRun } from "./raw";

const MAX_ATTEMPTS = 5;
// serialization_failure and deadlock_detected: the transaction lost a race and may simply run again.
const RETRYABLE = new Set(["40001", "40P01"]);
// The first key of the two-key advisory locks operations take (the migration lock uses the one-key space).
const OPERATION_LOCKS = 0x62746e; // "btn"

const retryable = (err: unknown) => errorCodes(err).some((code) => RETRYABLE.has(code));

/**
 * A read-check-write transaction (every operation runs in one): "read the latest version,
 * write the next" must never interleave with another process doing the same. SQLite gets that
 * from its single writer (transactions begin IMMEDIATE). On PostgreSQL the transaction first
 * takes an advisory lock on `scope` (an application, or the organisation), so writers to one
 * scope queue behind one another across replicas while other scopes go on in parallel; a
 * deadlock or serialization failure, should one happen anyway, runs the transaction again.
 */
export async function writeTransaction<T>(db: Db, scope: string, body: (tx: Tx) => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return await db.transaction(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await rawRun(tx, sql`SELECT pg_advisory_xact_lock(${OPERATION_LOCKS}, hashtext(${scope}))`);
        return await body(tx);
      });
    } catch (err) {
      if (!retryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}
