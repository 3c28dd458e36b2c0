import { boolean, index, integer, json, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/**
 * Webhooks of an application (Humanitec's `/apps/{appId}/webhooks`, whose id is called `jobId`
 * in its paths). `secret` is encrypted with the installation's secret box and never leaves the
 * server: it only signs deliveries.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    url: text("url").notNull(),
    headers: json("headers").$type<Record<string, unknown>>().notNull(),
    payload: json("payload").$type<Record<string, unknown>>().notNull(),
    triggers: json("triggers").$type<{ scope: string; type: string }[]>().notNull(),
    disabled: boolean("disabled").notNull(),
    secret: text("secret"),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.appId, t.id] })],
);

/**
 * The outbox: one row per event and hook, inserted in the transaction of the event itself. A
 * worker takes a delivery whose `nextAttemptAt` has come with a lease (compare-and-set), posts
 * it and records the attempt; `body` is rendered when the event happens, so a retry sends the
 * same bytes.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    scope: text("scope").notNull(),
    type: text("type").notNull(),
    body: text("body").notNull(),
    headers: json("headers").$type<Record<string, string>>().notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    leaseHolder: text("lease_holder"),
    leaseExpiresAt: text("lease_expires_at"),
    createdAt: createdAt(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("webhook_deliveries_hook").on(t.orgId, t.appId, t.webhookId, t.createdAt), index("webhook_deliveries_due").on(t.status, t.nextAttemptAt)],
);

/** Every attempt at a delivery: what the receiver answered (or why nothing did). */
export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    deliveryId: text("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    at: text("at").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    response: text("response").notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);
