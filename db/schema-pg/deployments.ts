import { index, integer, json, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/** Deployment deltas (Humanitec shape, stored as JSON). */
export const deltas = pgTable("deltas", {
  id: text("id").primaryKey(),
  orgId: text("org_id").notNull(),
  appId: text("app_id").notNull(),
  envId: text("env_id"),
  content: json("content").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  createdBy: text("created_by").notNull(),
});

/** Immutable deployment sets, keyed by the hash of their canonical content. */
export const deploymentSets = pgTable("deployment_sets", {
  id: text("id").primaryKey(),
  orgId: text("org_id").notNull(),
  content: json("content").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});

export const deployments = pgTable(
  "deployments",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    fromId: text("from_id"),
    deltaId: text("delta_id"),
    setId: text("set_id").notNull(),
    /** Pinned values: the app-level and environment-level value-set versions used. */
    valueSetVersionId: text("value_set_version_id"),
    envValueSetVersionId: text("env_value_set_version_id"),
    /** Workload versions deployed, e.g. {"api": 3}, for lead time and redeploys. */
    workloadVersions: json("workload_versions").$type<Record<string, number>>(),
    finishedAt: text("finished_at"),
    comment: text("comment").notNull().default(""),
    status: text("status", { enum: ["pending", "in progress", "succeeded", "failed"] }).notNull(),
    statusChangedAt: text("status_changed_at").notNull(),
    /** Resource graph (nodes in provisioning order), secrets never included. */
    graph: json("graph").$type<unknown>(),
    /** Rendered Kubernetes objects, Secret data masked. */
    objects: json("objects").$type<unknown[]>(),
    /** GitOps: the commit of the repository that holds what this deployment rendered. */
    commit: text("git_commit"),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("deployments_env").on(t.orgId, t.appId, t.envId, t.createdAt, t.id)],
);

export const deploymentErrors = pgTable(
  "deployment_errors",
  {
    /** Identity by default, not always: see common.ts. */
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    deploymentId: text("deployment_id").notNull().references(() => deployments.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    scope: text("scope").notNull(),
    objectId: text("object_id").notNull().default(""),
    message: text("message").notNull(),
  },
  (t) => [index("deployment_errors_dep").on(t.deploymentId)],
);

export const deploymentEvents = pgTable(
  "deployment_events",
  {
    /** Identity by default, not always: see common.ts. */
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    deploymentId: text("deployment_id").notNull().references(() => deployments.id, { onDelete: "cascade" }),
    at: text("at").notNull(),
    level: text("level", { enum: ["info", "warn", "error"] }).notNull().default("info"),
    step: text("step").notNull(),
    message: text("message").notNull(),
  },
  (t) => [index("deployment_events_dep").on(t.deploymentId, t.id)],
);
