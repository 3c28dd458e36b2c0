/**
 * Token buckets kept in memory, one per key (an API token's hash, a client address, an email
 * at sign-in). A bucket holds up to `burst` tokens and refills `perSecond` tokens a second;
 * each request takes one. Single process, so memory is the right place; buckets that are full
 * again are dropped so the map does not grow without bound.
 */
export interface RateLimitOptions {
  burst: number;
  perSecond: number;
  /** Injected clock (milliseconds), for tests. */
  now?: () => number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(private readonly opts: RateLimitOptions) {
    if (!(opts.burst >= 1) || !(opts.perSecond > 0)) throw new Error("rate limit needs burst >= 1 and perSecond > 0");
    this.now = opts.now ?? Date.now;
  }

  take(key: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    this.buckets.set(key, bucket);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.opts.perSecond)) };
  }

  /** Whether a request would be allowed now, without taking a token. */
  peek(key: string): RateDecision {
    const bucket = this.refilled(key, this.now());
    if (bucket.tokens >= 1) return { allowed: true, remaining: Math.floor(bucket.tokens) };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.opts.perSecond)) };
  }

  /** Forgets a key (e.g. after a successful sign-in). */
  reset(key: string): void {
    this.buckets.delete(key);
  }

  private refilled(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.opts.burst, at: now };
    const tokens = Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.perSecond);
    return { tokens, at: now };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const fullAfterMs = (this.opts.burst / this.opts.perSecond) * 1000;
    for (const [key, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(key);
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
export const apiRateLimiter = new RateLimiter({ perSecond: apiPerSecond, burst: Math.max(200, apiPerSecond * 4) });

/**
 * Failed sign-ins per email: 10 in a row, then one every 6 seconds. Only failures count, so
 * people (and browser tests) signing in often are never slowed down; guessing a password is.
 */
export const signInRateLimiter = new RateLimiter({ perSecond: 1 / 6, burst: 10 });

export class TooManySignInAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`);
  }
}

/** Throws while this email has used up its failed attempts. */
export function assertSignInAllowed(email: string): void {
  const decision = signInRateLimiter.peek(`sign-in:${email}`);
  if (!decision.allowed) throw new TooManySignInAttempts(decision.retryAfterSeconds);
}

export function recordFailedSignIn(email: string): void {
  signInRateLimiter.take(`sign-in:${email}`);
}
