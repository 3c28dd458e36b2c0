import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: text("org_id").notNull(),
    at: text("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorEmail: text("actor_email").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    requestId: text("request_id").notNull(),
    /** The request behind the entry (Humanitec's audit log is per request); null for entries older than these columns. */
    requestMethod: text("request_method"),
    requestPath: text("request_path"),
    responseStatus: integer("response_status"),
  },
  (t) => [index("audit_log_at").on(t.orgId, t.at)],
);
