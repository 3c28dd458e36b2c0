import { index, integer, json, pgTable, text } from "drizzle-orm/pg-core";

export const auditLog = pgTable(
  "audit_log",
  {
    /** Identity by default, not always: see common.ts. */
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    orgId: text("org_id").notNull(),
    at: text("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorEmail: text("actor_email").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    details: json("details").$type<Record<string, unknown>>().notNull().default({}),
    requestId: text("request_id").notNull(),
    /** The request behind the entry (Humanitec's audit log is per request); null for entries older than these columns. */
    requestMethod: text("request_method"),
    requestPath: text("request_path"),
    responseStatus: integer("response_status"),
  },
  (t) => [index("audit_log_at").on(t.orgId, t.at)],
);
