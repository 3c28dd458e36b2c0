import pg from "pg";
import type { Db } from "@/db/client";
import { postgresPoolOf } from "@/db/postgres";
import type { Logger } from "@/lib/server/logger";
import { JOB_CHANNEL } from "./job-leases";

const RECONNECT_MS = 2000;

/**
 * Wakes a worker as soon as any process queues a job. On PostgreSQL a connection of its own
 * LISTENs on the job channel (reconnecting after an outage); on SQLite there is nothing to
 * listen to, and the worker's poll is the wake-up. Returns the function that stops listening.
 */
export function listenForQueuedJobs(db: Db, onQueued: () => void, log: Logger): () => Promise<void> {
  return listenOnChannel(db, JOB_CHANNEL, onQueued, log);
}

/** listenForQueuedJobs for any notification channel (the other workers' queues). */
export function listenOnChannel(db: Db, channel: string, onQueued: () => void, log: Logger): () => Promise<void> {
  const pool = postgresPoolOf(db);
  if (!pool) return async () => {};
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    // Not from the pool: a LISTEN connection is held for the process's life.
    const c = new pg.Client(pool.options);
    c.on("notification", () => onQueued());
    c.on("error", (err) => {
      log.warn({ err: err.message, channel }, "wake-up connection lost; polling until it is back");
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      client = c;
      // Jobs queued while this connection was down were not announced.
      onQueued();
    } catch (err) {
      log.warn({ err: (err as Error).message, channel }, "could not listen for queued work; polling until it can");
      await c.end().catch(() => undefined);
      schedule();
    }
  };
  const schedule = () => {
    const lost = client;
    client = undefined;
    void lost?.end().catch(() => undefined);
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };
  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
