import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * Token buckets for rate limits (API requests per token, failed sign-ins per email). They live
 * in the database so that every web replica counts against the same bucket. Tokens are kept
 * in thousandths so the arithmetic stays integral on both databases.
 */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  milliTokens: bigint("milli_tokens", { mode: "number" }).notNull(),
  /** Milliseconds since the epoch of the last refill (the clock of the process that took last). */
  updatedAtMs: bigint("updated_at_ms", { mode: "number" }).notNull(),
  /** 1 when the last take was refused: tells the taker its outcome in the same statement. */
  denied: integer("denied").notNull().default(0),
});
