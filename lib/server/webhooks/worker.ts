import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, asc, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { first, rowsAffected } from "@/db/raw";
import { webhookDeliveries, webhookDeliveryAttempts } from "@/db/tables";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { DEFAULT_LEASE_MS, leaseUntil } from "@/lib/server/deploy/job-leases";
import type { Logger } from "@/lib/server/logger";
import { startPollingLoop, type PollingLoop } from "@/lib/server/workers/polling-loop";
import { resolveDeliveryAddress, WebhookAddressError } from "./address";
import { getWebhook } from "./data";
import { DELIVERY_TIMEOUT_MS, postWebhook, webhookSignature, type AttemptResult } from "./deliver";
import { onDeliveryQueued } from "./outbox";

export interface DeliveryOptions {
  db: Db;
  secrets: SecretBox;
  orgId: string;
  log: Logger;
  allowedHosts: Set<string>;
  /** Attempts before a delivery counts as failed. */
  maxAttempts?: number;
  /** The wait before the second attempt; it doubles with each further one (capped at an hour). */
  backoffMs?: number;
  timeoutMs?: number;
  leaseMs?: number;
  pollMs?: number;
  holder?: string;
}

export const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 3_600_000;
const CONCURRENCY = 4;

const claimable = (at: string) =>
  and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, at), or(isNull(webhookDeliveries.leaseExpiresAt), lt(webhookDeliveries.leaseExpiresAt, at)));

/**
 * Takes the lease on the oldest due delivery (compare-and-set: of several workers seeing it,
 * one wins, and that one's attempt number is the one counted). A worker that dies mid-post
 * loses the lease; another takes the delivery as its next attempt.
 */
export async function claimDueDelivery(db: Db, opts: { orgId: string; holder: string; leaseMs: number; now?: number }): Promise<{ id: string; attempt: number } | undefined> {
  const now = opts.now ?? Date.now();
  const at = new Date(now).toISOString();
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await first(db.select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(and(eq(webhookDeliveries.orgId, opts.orgId), claimable(at))).orderBy(asc(webhookDeliveries.nextAttemptAt)).limit(1));
    if (!candidate) return undefined;
    const won = await db.update(webhookDeliveries)
      .set({ leaseHolder: opts.holder, leaseExpiresAt: leaseUntil(opts.leaseMs, now), attempts: sql`${webhookDeliveries.attempts} + 1` })
      .where(and(eq(webhookDeliveries.id, candidate.id), eq(webhookDeliveries.attempts, candidate.attempts), claimable(at)));
    if (rowsAffected(won) === 1) return { id: candidate.id, attempt: candidate.attempts + 1 };
  }
  return undefined;
}

/** The wait after failed attempt `attempt` (1-based). */
export function backoffAfter(attempt: number, baseMs = DEFAULT_BACKOFF_MS): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
}

const ok = (r: AttemptResult) => r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;

/** Makes attempt `attempt` of delivery `id`, which `holder` has the lease on, and records it. */
export async function deliverOnce(opts: DeliveryOptions & { holder: string }, id: string, attempt: number): Promise<void> {
  const { db } = opts;
  const d = await first(db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)));
  if (!d) return;
  const hook = await getWebhook(db, d.orgId, d.appId, d.webhookId);
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let result: AttemptResult;
  if (!hook || hook.disabled) {
    result = { statusCode: null, error: hook ? "the webhook is disabled" : "the webhook was deleted", durationMs: 0, response: "" };
  } else {
    const started = Date.now();
    try {
      const url = new URL(hook.url);
      const address = await resolveDeliveryAddress(url, opts.allowedHosts);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        ...d.headers,
        "Content-Type": "application/json",
        "User-Agent": "Baton-Webhooks",
        "X-Baton-Delivery": d.id,
        "X-Baton-Event": `${d.scope}.${d.type}`,
        "X-Baton-Timestamp": timestamp,
        "X-Baton-Attempt": String(attempt),
      };
      if (hook.secret) headers["X-Baton-Signature"] = webhookSignature(opts.secrets.decrypt(hook.secret), timestamp, d.body);
      result = await postWebhook({ url, address, headers, body: d.body, timeoutMs: opts.timeoutMs ?? DELIVERY_TIMEOUT_MS });
    } catch (err) {
      // Only our own messages: a decryption or lookup failure must not put internals in the log shown to app owners.
      result = { statusCode: null, error: err instanceof WebhookAddressError ? err.message : "could not prepare the delivery (see the server log)", durationMs: Date.now() - started, response: "" };
      if (!(err instanceof WebhookAddressError)) opts.log.error({ err, delivery: id }, "webhook delivery could not be prepared");
    }
  }
  const final = ok(result) || !hook || hook.disabled || attempt >= maxAttempts;
  const now = new Date();
  await db.transaction(async (tx) => {
    // Only the lease holder records: a worker that lost the lease (it hung past it) leaves the delivery to the one that took it.
    const mine = await tx.update(webhookDeliveries)
      .set(final
        ? { status: ok(result) ? "succeeded" : "failed", finishedAt: now.toISOString(), leaseHolder: null, leaseExpiresAt: null }
        : { nextAttemptAt: new Date(now.getTime() + backoffAfter(attempt, opts.backoffMs)).toISOString(), leaseHolder: null, leaseExpiresAt: null })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.leaseHolder, opts.holder), eq(webhookDeliveries.attempts, attempt)));
    if (rowsAffected(mine) !== 1) {
      opts.log.warn({ delivery: id, attempt }, "lost the lease on a webhook delivery; not recording the attempt");
      return;
    }
    await tx.insert(webhookDeliveryAttempts).values({ deliveryId: id, attempt, at: now.toISOString(), statusCode: result.statusCode, error: result.error, durationMs: result.durationMs, response: result.response });
  });
}

/**
 * The webhook delivery worker: runs beside the deploy worker, takes due deliveries with a
 * lease (a few at once), posts them and records every attempt; a failed attempt is retried
 * with exponential backoff until `maxAttempts`.
 */
export function startWebhookWorker(opts: DeliveryOptions): PollingLoop {
  const holder = opts.holder ?? `${os.hostname()}-${process.pid}-webhooks-${randomUUID().slice(0, 8)}`;
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  // The lease must outlast a whole attempt, or a slow receiver would be posted to twice.
  const leaseMs = Math.max(opts.leaseMs ?? DEFAULT_LEASE_MS, timeoutMs * 2);
  const full = { ...opts, holder, timeoutMs, leaseMs };
  const loop: PollingLoop = startPollingLoop({
    what: "webhook worker",
    log: opts.log,
    pollMs: opts.pollMs,
    subscribe: (wake) => onDeliveryQueued(wake),
    async pass() {
      while (!loop.stopped()) {
        const batch: Promise<void>[] = [];
        for (let i = 0; i < CONCURRENCY; i++) {
          const claimed = await claimDueDelivery(opts.db, { orgId: opts.orgId, holder, leaseMs });
          if (!claimed) break;
          batch.push(deliverOnce(full, claimed.id, claimed.attempt).catch((err) => opts.log.error({ err, delivery: claimed.id }, "webhook delivery crashed; it is retried once its lease expires")));
        }
        if (batch.length === 0) return;
        await Promise.all(batch);
      }
    },
  });
  return loop;
}
