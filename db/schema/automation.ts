import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./common";

/**
 * Automation rules (Humanitec's `/envs/{envId}/rules`): when CI registers a container version
 * whose name and ref match, the environment gets it. A rule acts on behalf of its creator.
 */
export const automationRules = sqliteTable(
  "automation_rules",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    type: text("type").notNull(),
    updateTo: text("update_to").notNull(),
    artefactsFilter: text("artefacts_filter", { mode: "json" }).$type<string[]>().notNull(),
    excludeArtefactsFilter: integer("exclude_artefacts_filter", { mode: "boolean" }).notNull().default(false),
    matchRef: text("match_ref").notNull().default(""),
    createdAt: createdAt(),
    /** User id: the rule deploys as this user, while they still may. */
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("automation_rules_env").on(t.orgId, t.appId, t.envId), index("automation_rules_org").on(t.orgId, t.active)],
);

/**
 * The outbox of rule firings: one row per matching active rule, written in the transaction
 * that registered the version. A worker takes a row with a lease and records its outcome
 * (`deployed`, `pipeline`, `skipped`, `failed`) in the transaction that acts on it.
 */
export const automationTriggers = sqliteTable(
  "automation_triggers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    ruleId: text("rule_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    artefactVersionId: text("artefact_version_id").notNull(),
    artefactName: text("artefact_name").notNull(),
    image: text("image").notNull(),
    ref: text("ref").notNull(),
    status: text("status", { enum: ["queued", "running", "deployed", "pipeline", "skipped", "failed"] }).notNull(),
    /** Why it was skipped or failed, or what it is waiting for. */
    message: text("message"),
    deploymentId: text("deployment_id"),
    pipelineRunIds: text("pipeline_run_ids", { mode: "json" }).$type<string[]>(),
    attempts: integer("attempts").notNull().default(0),
    /** Not before this time (an environment busy with another deployment is tried again later). */
    availableAt: text("available_at"),
    leaseHolder: text("lease_holder"),
    leaseExpiresAt: text("lease_expires_at"),
    createdAt: createdAt(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("automation_triggers_status").on(t.orgId, t.status, t.createdAt), index("automation_triggers_rule").on(t.ruleId, t.createdAt)],
);
