import { text } from "drizzle-orm/sqlite-core";

/** ISO-8601 timestamps: sortable as text and returned as-is in API shapes. */
export const createdAt = () => text("created_at").notNull();
export const nowIso = () => new Date().toISOString();
