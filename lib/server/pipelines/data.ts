import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { first } from "@/db/raw";
import { pipelineApprovals, pipelineCriteria, pipelineJobs, pipelineRuns, pipelineStepLogs, pipelineSteps, pipelineVersions, pipelines } from "@/db/tables";
import type { PipelineDefinition } from "@/lib/engine/pipelines";

/** Pipelines, their versions, runs, jobs, steps, logs and approvals: plain reads, both databases. */

export type PipelineRecord = typeof pipelines.$inferSelect;
export type PipelineVersionRecord = typeof pipelineVersions.$inferSelect;
export type PipelineRunRecord = typeof pipelineRuns.$inferSelect;
export type PipelineJobRecord = typeof pipelineJobs.$inferSelect;
export type PipelineStepRecord = typeof pipelineSteps.$inferSelect;
export type PipelineApprovalRecord = typeof pipelineApprovals.$inferSelect;
export type PipelineCriteriaRecord = typeof pipelineCriteria.$inferSelect;
export type PipelineStepLogRecord = typeof pipelineStepLogs.$inferSelect;

/** Run statuses after which nothing changes any more. */
export const FINISHED_RUN_STATUSES = ["succeeded", "failed", "cancelled", "timed_out"] as const;
export const isFinished = (status: string) => (FINISHED_RUN_STATUSES as readonly string[]).includes(status);

export async function listPipelines(db: DbOrTx, orgId: string, appId: string): Promise<PipelineRecord[]> {
  return await db.select().from(pipelines).where(and(eq(pipelines.orgId, orgId), eq(pipelines.appId, appId))).orderBy(asc(pipelines.createdAt), asc(pipelines.id));
}

export async function getPipeline(db: DbOrTx, orgId: string, appId: string, pipelineId: string): Promise<PipelineRecord | undefined> {
  return await first(db.select().from(pipelines).where(and(eq(pipelines.orgId, orgId), eq(pipelines.appId, appId), eq(pipelines.id, pipelineId))));
}

export async function getPipelineVersion(db: DbOrTx, orgId: string, versionId: string): Promise<PipelineVersionRecord | undefined> {
  return await first(db.select().from(pipelineVersions).where(and(eq(pipelineVersions.orgId, orgId), eq(pipelineVersions.id, versionId))));
}

export async function listPipelineVersions(db: DbOrTx, orgId: string, appId: string, pipelineId: string): Promise<PipelineVersionRecord[]> {
  return await db.select().from(pipelineVersions)
    .where(and(eq(pipelineVersions.orgId, orgId), eq(pipelineVersions.appId, appId), eq(pipelineVersions.pipelineId, pipelineId)))
    .orderBy(desc(pipelineVersions.createdAt), desc(pipelineVersions.id));
}

/** The definition a version holds (stored as parsed when it was saved). */
export const definitionOf = (v: PipelineVersionRecord) => v.definition as unknown as PipelineDefinition;

export async function listRuns(db: DbOrTx, orgId: string, appId: string, filter: { pipelineId?: string; statuses?: string[]; limit?: number } = {}): Promise<PipelineRunRecord[]> {
  const conditions = [eq(pipelineRuns.orgId, orgId), eq(pipelineRuns.appId, appId)];
  if (filter.pipelineId) conditions.push(eq(pipelineRuns.pipelineId, filter.pipelineId));
  if (filter.statuses?.length) conditions.push(inArray(pipelineRuns.status, filter.statuses));
  return await db.select().from(pipelineRuns).where(and(...conditions)).orderBy(desc(pipelineRuns.createdAt), desc(pipelineRuns.id)).limit(filter.limit ?? 1000);
}

export async function getRun(db: DbOrTx, orgId: string, appId: string, pipelineId: string, runId: string): Promise<PipelineRunRecord | undefined> {
  return await first(db.select().from(pipelineRuns).where(and(eq(pipelineRuns.orgId, orgId), eq(pipelineRuns.appId, appId), eq(pipelineRuns.pipelineId, pipelineId), eq(pipelineRuns.id, runId))));
}

export async function getRunById(db: DbOrTx, runId: string): Promise<PipelineRunRecord | undefined> {
  return await first(db.select().from(pipelineRuns).where(eq(pipelineRuns.id, runId)));
}

export async function listJobs(db: DbOrTx, runId: string): Promise<PipelineJobRecord[]> {
  return await db.select().from(pipelineJobs).where(eq(pipelineJobs.runId, runId)).orderBy(asc(pipelineJobs.position));
}

export async function listSteps(db: DbOrTx, runId: string, jobId?: string): Promise<PipelineStepRecord[]> {
  const where = jobId ? and(eq(pipelineSteps.runId, runId), eq(pipelineSteps.jobId, jobId)) : eq(pipelineSteps.runId, runId);
  return await db.select().from(pipelineSteps).where(where).orderBy(asc(pipelineSteps.jobId), asc(pipelineSteps.stepIndex));
}

export async function listStepLogs(db: DbOrTx, runId: string, jobId: string, stepIndex: number, afterId = 0): Promise<PipelineStepLogRecord[]> {
  return await db.select().from(pipelineStepLogs)
    .where(and(eq(pipelineStepLogs.runId, runId), eq(pipelineStepLogs.jobId, jobId), eq(pipelineStepLogs.stepIndex, stepIndex), gt(pipelineStepLogs.id, afterId)))
    .orderBy(asc(pipelineStepLogs.id))
    .limit(5000);
}

export async function listApprovals(db: DbOrTx, orgId: string, appId: string, filter: { pipelineIds?: string[]; runIds?: string[]; status?: string } = {}): Promise<PipelineApprovalRecord[]> {
  const conditions = [eq(pipelineApprovals.orgId, orgId), eq(pipelineApprovals.appId, appId)];
  if (filter.pipelineIds?.length) conditions.push(inArray(pipelineApprovals.pipelineId, filter.pipelineIds));
  if (filter.runIds?.length) conditions.push(inArray(pipelineApprovals.runId, filter.runIds));
  if (filter.status) conditions.push(eq(pipelineApprovals.status, filter.status as PipelineApprovalRecord["status"]));
  return await db.select().from(pipelineApprovals).where(and(...conditions)).orderBy(desc(pipelineApprovals.createdAt), desc(pipelineApprovals.id));
}

/** Every waiting approval of the organisation (the overview filters by what the viewer may approve). */
export async function listWaitingApprovalsOfOrg(db: DbOrTx, orgId: string): Promise<PipelineApprovalRecord[]> {
  return await db.select().from(pipelineApprovals).where(and(eq(pipelineApprovals.orgId, orgId), eq(pipelineApprovals.status, "waiting"))).orderBy(asc(pipelineApprovals.createdAt)).limit(500);
}

export async function getApproval(db: DbOrTx, orgId: string, approvalId: string): Promise<PipelineApprovalRecord | undefined> {
  return await first(db.select().from(pipelineApprovals).where(and(eq(pipelineApprovals.orgId, orgId), eq(pipelineApprovals.id, approvalId))));
}

export async function listCriteria(db: DbOrTx, orgId: string, appId: string, pipelineId?: string): Promise<PipelineCriteriaRecord[]> {
  const conditions = [eq(pipelineCriteria.orgId, orgId), eq(pipelineCriteria.appId, appId)];
  if (pipelineId) conditions.push(eq(pipelineCriteria.pipelineId, pipelineId));
  return await db.select().from(pipelineCriteria).where(and(...conditions)).orderBy(asc(pipelineCriteria.createdAt), asc(pipelineCriteria.id));
}
