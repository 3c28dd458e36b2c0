import * as pg from "./schema-pg";
import * as sqlite from "./schema";
import { processDialect } from "./dialect";

/**
 * The tables every query uses. Queries are typed against the SQLite schema; in a PostgreSQL
 * process the same names are the PostgreSQL tables (db/schema-pg), which the parity test
 * keeps column for column equal, so a data function never knows which database it runs on.
 */
const chosen = (processDialect === "postgres" ? pg : sqlite) as unknown as typeof sqlite;

export const {
  organizations,
  users,
  orgRoles,
  appRoles,
  envTypeRoles,
  apiTokens,
  envTypes,
  applications,
  environments,
  workloads,
  workloadVersions,
  deltas,
  deploymentSets,
  deployments,
  deploymentErrors,
  deploymentEvents,
  sharedValues,
  valueSetVersions,
  resourceTypes,
  resourceClasses,
  resourceDefinitions,
  resourceDefinitionVersions,
  matchingCriteria,
  cloudAccounts,
  activeResources,
  dependencyGraphs,
  auditLog,
  jobs,
  environmentLocks,
  environmentSummaries,
  rateLimitBuckets,
  pipelines,
  pipelineVersions,
  pipelineCriteria,
  pipelineRuns,
  pipelineJobs,
  pipelineSteps,
  pipelineStepLogs,
  pipelineApprovals,
  artefacts,
  artefactVersions,
  automationRules,
  automationTriggers,
  webhooks,
  webhookDeliveries,
  webhookDeliveryAttempts,
} = chosen;

/** The schema the drizzle driver of this process is built with. */
export const processSchema = chosen;
