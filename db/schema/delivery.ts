import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common";

/**
 * Self-service delivery (Humanitec's artefacts, automation rules and webhooks): what CI
 * registers, what deploys it automatically, and who is told about deployments.
 */

/** An artefact: every version CI registered under one name and type (`container` or `workload`). */
export const artefacts = sqliteTable(
  "artefacts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    type: text("type", { enum: ["container", "workload"] }).notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [uniqueIndex("artefacts_name").on(t.orgId, t.type, t.name)],
);

export const artefactVersions = sqliteTable(
  "artefact_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    artefactId: text("artefact_id").notNull(),
    version: text("version").notNull().default(""),
    ref: text("ref").notNull().default(""),
    commit: text("commit").notNull().default(""),
    digest: text("digest").notNull().default(""),
    /** Workload artefacts: the Score document as registered. */
    spec: text("spec", { mode: "json" }).$type<Record<string, unknown>>(),
    archived: integer("archived", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [index("artefact_versions_artefact").on(t.orgId, t.artefactId, t.createdAt)],
);

/** "When a matching artefact version is registered, deploy it here" (one environment). */
export const automationRules = sqliteTable(
  "automation_rules",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    type: text("type").notNull(),
    active: integer("active", { mode: "boolean" }).notNull(),
    artefactsFilter: text("artefacts_filter", { mode: "json" }).$type<string[]>().notNull(),
    excludeArtefactsFilter: integer("exclude_artefacts_filter", { mode: "boolean" }).notNull(),
    matchRef: text("match_ref").notNull(),
    /** The user whose right to deploy the rule uses, checked every time it fires. */
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("automation_rules_env").on(t.orgId, t.appId, t.envId)],
);

export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").notNull(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    url: text("url").notNull(),
    disabled: integer("disabled", { mode: "boolean" }).notNull(),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    triggers: text("triggers", { mode: "json" }).$type<{ scope: string; type: string }[]>().notNull(),
    /** The signing secret, encrypted with the installation key; never shown after creation. */
    secretCiphertext: text("secret_ciphertext").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [uniqueIndex("webhooks_id").on(t.orgId, t.appId, t.id)],
);

/**
 * One event to send to one webhook: a durable job. A deliverer claims a due row with a lease,
 * posts it, and either marks it delivered or schedules the next attempt (backoff) until the
 * attempts run out.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    eventScope: text("event_scope").notNull(),
    eventType: text("event_type").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["queued", "running", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    leaseHolder: text("lease_holder"),
    leaseExpiresAt: text("lease_expires_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("webhook_deliveries_due").on(t.status, t.nextAttemptAt), index("webhook_deliveries_hook").on(t.orgId, t.appId, t.webhookId, t.createdAt)],
);
