import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Token buckets for rate limits (API requests per token, failed sign-ins per email). They live
 * in the database so that every web replica counts against the same bucket. Tokens are kept
 * in thousandths so the arithmetic stays integral on both databases.
 */
export const rateLimitBuckets = sqliteTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  milliTokens: integer("milli_tokens").notNull(),
  /** Milliseconds since the epoch of the last refill (the clock of the process that took last). */
  updatedAtMs: integer("updated_at_ms").notNull(),
  /** 1 when the last take was refused: tells the taker its outcome in the same statement. */
  denied: integer("denied").notNull().default(0),
});
