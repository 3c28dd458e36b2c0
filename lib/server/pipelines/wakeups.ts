import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isPostgres, rawRun } from "@/db/raw";

/** The PostgreSQL channel on which a runnable pipeline run is announced to idle workers. */
export const PIPELINE_CHANNEL = "baton_pipeline_runs";

const listeners = new Set<() => void>();

/**
 * Tells the pipeline workers that a run can be advanced: on PostgreSQL by a notification sent
 * when the caller's transaction commits; in this process at once (its worker checks the
 * database, so an early wake-up only costs one look). Other SQLite processes poll.
 */
export async function announceRunnableRun(tx: DbOrTx): Promise<void> {
  if (isPostgres(tx)) await rawRun(tx, sql`SELECT pg_notify(${PIPELINE_CHANNEL}, 'run')`);
  setImmediate(() => listeners.forEach((l) => l()));
}

/** Calls `listener` whenever this process announces a runnable run; returns the unsubscribe. */
export function onRunnableRun(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
