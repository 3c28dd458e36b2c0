import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rawGet, rawRun } from "@/db/raw";

/**
 * Token buckets, one per key (an API token's hash, a client address, an email at sign-in),
 * kept in the database so that every web replica counts against the same bucket. A bucket
 * holds up to `burst` tokens and refills `perSecond` tokens a second; each request takes one.
 * A take is one statement (an upsert that refills, takes and reports), so two replicas taking
 * at once can never both spend the last token. Buckets that are full again are deleted.
 */
export interface RateLimitOptions {
  /** Key prefix that keeps limiters apart in the shared table (`api`, `sign-in`). */
  scope: string;
  burst: number;
  perSecond: number;
  /** Injected clock (milliseconds), for tests. */
  now?: () => number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

const SWEEP_EVERY_MS = 60_000;

export class RateLimiter {
  private readonly now: () => number;
  private readonly burstMilli: number;
  private lastSweep = 0;

  constructor(private readonly opts: RateLimitOptions) {
    if (!(opts.burst >= 1) || !(opts.perSecond > 0)) throw new Error("rate limit needs burst >= 1 and perSecond > 0");
    this.now = opts.now ?? Date.now;
    this.burstMilli = Math.round(opts.burst * 1000);
  }

  async take(db: Db, key: string): Promise<RateDecision> {
    const now = Math.round(this.now());
    await this.sweep(db, now);
    // Milli-tokens gained per elapsed millisecond is `perSecond`; a clock behind the last
    // taker's (another replica) refills nothing rather than taking tokens away.
    const elapsed = sql`CASE WHEN ${now} > rate_limit_buckets.updated_at_ms THEN ${now} - rate_limit_buckets.updated_at_ms ELSE 0 END`;
    const grown = sql`rate_limit_buckets.milli_tokens + ${elapsed} * CAST(${this.opts.perSecond} AS double precision)`;
    const refilled: SQL = sql`CASE WHEN ${grown} > ${this.burstMilli} THEN ${this.burstMilli} ELSE ${grown} END`;
    const row = await rawGet<{ milli_tokens: number; denied: number }>(
      db,
      sql`INSERT INTO rate_limit_buckets (key, milli_tokens, updated_at_ms, denied)
          VALUES (${this.keyOf(key)}, ${this.burstMilli - 1000}, ${now}, 0)
          ON CONFLICT (key) DO UPDATE SET
            milli_tokens = CAST(CASE WHEN ${refilled} >= 1000 THEN ${refilled} - 1000 ELSE ${refilled} END AS bigint),
            denied = CASE WHEN ${refilled} >= 1000 THEN 0 ELSE 1 END,
            updated_at_ms = CASE WHEN ${now} > rate_limit_buckets.updated_at_ms THEN ${now} ELSE rate_limit_buckets.updated_at_ms END
          RETURNING milli_tokens, denied`,
    );
    const milli = Number(row!.milli_tokens);
    if (Number(row!.denied) === 0) return { allowed: true, remaining: Math.floor(milli / 1000) };
    return { allowed: false, retryAfterSeconds: this.secondsUntilOne(milli) };
  }

  /** Whether a request would be allowed now, without taking a token. */
  async peek(db: Db, key: string): Promise<RateDecision> {
    const row = await rawGet<{ milli_tokens: number; updated_at_ms: number }>(
      db,
      sql`SELECT milli_tokens, updated_at_ms FROM rate_limit_buckets WHERE key = ${this.keyOf(key)}`,
    );
    if (!row) return { allowed: true, remaining: this.opts.burst };
    const elapsed = Math.max(0, this.now() - Number(row.updated_at_ms));
    const milli = Math.min(this.burstMilli, Number(row.milli_tokens) + elapsed * this.opts.perSecond);
    if (milli >= 1000) return { allowed: true, remaining: Math.floor(milli / 1000) };
    return { allowed: false, retryAfterSeconds: this.secondsUntilOne(milli) };
  }

  /** Forgets a key (e.g. after a successful sign-in). */
  async reset(db: Db, key: string): Promise<void> {
    await rawRun(db, sql`DELETE FROM rate_limit_buckets WHERE key = ${this.keyOf(key)}`);
  }

  private keyOf(key: string): string {
    return `${this.opts.scope}:${key}`;
  }

  private secondsUntilOne(milli: number): number {
    return Math.max(1, Math.ceil((1000 - milli) / 1000 / this.opts.perSecond));
  }

  /** Each process now and then deletes its scope's buckets that have refilled completely. */
  private async sweep(db: Db, now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    const fullAfterMs = Math.ceil((this.opts.burst / this.opts.perSecond) * 1000);
    await rawRun(db, sql`DELETE FROM rate_limit_buckets WHERE key LIKE ${`${this.opts.scope}:%`} AND updated_at_ms < ${now - fullAfterMs}`);
  }
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (requests per second), got "${raw}"`);
  return n;
}

/**
 * API requests: per token (or per client address without one). Humanitec publishes no number;
 * 50/s sustained with a burst of 200 leaves CI pipelines and scripts unhindered and stops a
 * runaway loop. `BATON_API_RATE_LIMIT` (requests per second) raises it, e.g. for benchmarks.
 */
const apiPerSecond = positiveNumber("BATON_API_RATE_LIMIT", 50);
export const apiRateLimiter = new RateLimiter({ scope: "api", perSecond: apiPerSecond, burst: Math.max(200, apiPerSecond * 4) });

/**
 * Failed sign-ins per email: 10 in a row, then one every 6 seconds. Only failures count, so
 * people (and browser tests) signing in often are never slowed down; guessing a password is.
 */
export const signInRateLimiter = new RateLimiter({ scope: "sign-in", perSecond: 1 / 6, burst: 10 });

export class TooManySignInAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`);
  }
}

/** Throws while this email has used up its failed attempts. */
export async function assertSignInAllowed(db: Db, email: string): Promise<void> {
  const decision = await signInRateLimiter.peek(db, email);
  if (!decision.allowed) throw new TooManySignInAttempts(decision.retryAfterSeconds);
}

export async function recordFailedSignIn(db: Db, email: string): Promise<void> {
  await signInRateLimiter.take(db, email);
}
