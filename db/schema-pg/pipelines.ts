import { index, integer, json, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./common";

/** Pipelines of an application (Humanitec's Pipelines): the current version's document is in pipeline_versions. */
export const pipelines = pgTable(
  "pipelines",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    status: text("status").notNull(),
    versionId: text("version_id").notNull(),
    triggerTypes: json("trigger_types").$type<string[]>().notNull(),
    metadata: json("metadata").$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.appId, t.id] })],
);

/** Every saved document of a pipeline; a run keeps the version it started with. */
export const pipelineVersions = pgTable(
  "pipeline_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    yaml: text("yaml").notNull(),
    definition: json("definition").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("pipeline_versions_pipeline").on(t.orgId, t.appId, t.pipelineId, t.createdAt)],
);

/** Which deployment requests a pipeline takes over (trigger `deployment_request`). */
export const pipelineCriteria = pgTable(
  "pipeline_criteria",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    trigger: text("trigger").notNull(),
    envType: text("env_type"),
    envId: text("env_id"),
    deploymentType: text("deployment_type"),
    createdAt: createdAt(),
  },
  (t) => [index("pipeline_criteria_app").on(t.orgId, t.appId)],
);

/**
 * Runs. A worker advances a run while it holds the run's lease; a run whose lease expired is
 * taken over by any worker and resumes after its last recorded step. `wakeAt` is when a run
 * that is waiting (a wait step, a deployment) should be looked at again; a run waiting for an
 * approval has none and is woken by the decision.
 */
export const pipelineRuns = pgTable(
  "pipeline_runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    versionId: text("version_id").notNull(),
    status: text("status").notNull(),
    statusMessage: text("status_message").notNull(),
    trigger: text("trigger").notNull(),
    inputs: json("inputs").$type<Record<string, unknown>>().notNull(),
    envIds: json("env_ids").$type<string[]>().notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").notNull(),
    executingAt: text("executing_at"),
    cancellationRequestedAt: text("cancellation_requested_at"),
    completedAt: text("completed_at"),
    timeoutSeconds: integer("timeout_seconds").notNull(),
    restartedFrom: text("restarted_from"),
    wakeAt: text("wake_at"),
    leaseHolder: text("lease_holder"),
    leaseExpiresAt: text("lease_expires_at"),
  },
  (t) => [index("pipeline_runs_pipeline").on(t.orgId, t.appId, t.pipelineId, t.createdAt), index("pipeline_runs_runnable").on(t.status, t.wakeAt)],
);

export const pipelineJobs = pgTable(
  "pipeline_jobs",
  {
    runId: text("run_id").notNull().references(() => pipelineRuns.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    position: integer("position").notNull(),
    status: text("status").notNull(),
    statusMessage: text("status_message").notNull(),
    waitingFor: text("waiting_for"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
    completedAt: text("completed_at"),
    cancellationRequestedAt: text("cancellation_requested_at"),
    timeoutSeconds: integer("timeout_seconds").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.id] })],
);

/** A step's row exists from when it starts; `state` holds what it started (a deployment id, a deadline) so a resumed run does not start it again. */
export const pipelineSteps = pgTable(
  "pipeline_steps",
  {
    runId: text("run_id").notNull().references(() => pipelineRuns.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    name: text("name").notNull(),
    uses: text("uses").notNull(),
    status: text("status").notNull(),
    statusMessage: text("status_message").notNull(),
    createdAt: createdAt(),
    completedAt: text("completed_at"),
    timeoutSeconds: integer("timeout_seconds").notNull(),
    relatedEntities: json("related_entities").$type<Record<string, string>>().notNull(),
    state: json("state").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.jobId, t.stepIndex] })],
);

export const pipelineStepLogs = pgTable(
  "pipeline_step_logs",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    runId: text("run_id").notNull().references(() => pipelineRuns.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    at: text("at").notNull(),
    level: text("level").notNull(),
    message: text("message").notNull(),
  },
  (t) => [index("pipeline_step_logs_step").on(t.runId, t.jobId, t.stepIndex, t.id)],
);

export const pipelineApprovals = pgTable(
  "pipeline_approvals",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    runId: text("run_id").notNull().references(() => pipelineRuns.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    envId: text("env_id").notNull(),
    message: text("message").notNull(),
    status: text("status", { enum: ["waiting", "approved", "denied", "cancelled"] }).notNull(),
    createdAt: createdAt(),
    approvedBy: text("approved_by"),
    approvedAt: text("approved_at"),
  },
  (t) => [index("pipeline_approvals_app").on(t.orgId, t.appId, t.status), uniqueIndex("pipeline_approvals_step").on(t.runId, t.jobId, t.stepIndex)],
);
