import { text } from "drizzle-orm/pg-core";

/*
 * PostgreSQL mirror of db/schema (one file per file there; tests/server/schema-parity.test.ts fails
 * when the two drift). The data layer still runs on SQLite; this schema is the first step of the
 * PostgreSQL backend. The types are chosen so the JavaScript values (and `$inferSelect`) are the
 * same as what the SQLite columns return:
 * - ISO-8601 timestamps stay `text`, not `timestamptz`: they are compared and sorted as text and
 *   returned as-is in API shapes, so the output stays byte-identical.
 * - `text({ mode: "json" })` becomes `json` with the same `$type<>` (node-postgres parses it):
 *   `json` keeps the document as written, like SQLite's text, so keys come back in the order
 *   they were stored (definition exports, deployment sets, rendered manifests and API outputs
 *   read the same on both databases); `jsonb` would reorder them (shorter keys first). Only
 *   values queried by containment (`environment_summaries.matched_def_ids`, `@>`) and the
 *   internal job payloads are `jsonb`.
 * - `integer({ mode: "boolean" })` becomes `boolean`.
 * - Plain `integer` stays `integer`: the only ones are counters and versions (attempts,
 *   latest_version, version) and HTTP statuses, far below 2^31; no millisecond times are stored.
 * - `integer().primaryKey({ autoIncrement: true })` becomes `generatedByDefaultAsIdentity()`:
 *   like SQLite's rowid alias it takes an explicit id when one is given (copying data from a
 *   SQLite database keeps the ids) and is optional in `$inferInsert`, which `generatedAlways`
 *   would not be; an identity rather than `serial` because the sequence belongs to the column.
 */

/** ISO-8601 timestamps: sortable as text and returned as-is in API shapes. */
export const createdAt = () => text("created_at").notNull();
export const nowIso = () => new Date().toISOString();
