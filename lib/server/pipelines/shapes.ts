import type { PipelineApprovalRecord, PipelineCriteriaRecord, PipelineJobRecord, PipelineRecord, PipelineRunRecord, PipelineStepLogRecord, PipelineStepRecord, PipelineVersionRecord } from "./data";

/** Pipelines objects in the shapes of Humanitec's API (@humanitec/autogen models Pipeline, PipelineRun, …). */

const optional = <K extends string>(key: K, v: string | null) => (v ? ({ [key]: v } as Record<K, string>) : {});

export function pipelineJson(p: PipelineRecord) {
  return { id: p.id, etag: p.versionId, org_id: p.orgId, app_id: p.appId, name: p.name, status: p.status, version: p.versionId, created_at: p.createdAt, trigger_types: p.triggerTypes, metadata: p.metadata };
}

export function pipelineVersionJson(v: PipelineVersionRecord) {
  return { id: v.id, org_id: v.orgId, app_id: v.appId, pipeline_id: v.pipelineId, created_by: v.createdBy, created_at: v.createdAt };
}

const etagOf = (...parts: (string | null)[]) => Buffer.from(parts.join("|")).toString("base64url").slice(-32);

export function runJson(r: PipelineRunRecord, jobs: PipelineJobRecord[]) {
  return {
    id: r.id,
    etag: etagOf(r.status, r.statusMessage, r.completedAt),
    org_id: r.orgId,
    app_id: r.appId,
    env_ids: r.envIds,
    pipeline_id: r.pipelineId,
    pipeline_version: r.versionId,
    status: r.status,
    status_message: r.statusMessage,
    created_at: r.createdAt,
    created_by: r.createdBy,
    ...optional("executing_at", r.executingAt),
    ...optional("cancellation_requested_at", r.cancellationRequestedAt),
    ...optional("completed_at", r.completedAt),
    timeout_seconds: r.timeoutSeconds,
    trigger: r.trigger,
    inputs: r.inputs,
    run_as: r.createdBy,
    waiting_for: Object.fromEntries(jobs.filter((j) => j.waitingFor && j.status === "executing").map((j) => [j.id, j.waitingFor!])),
  };
}

export function jobPartialJson(r: PipelineRunRecord, j: PipelineJobRecord) {
  return {
    id: j.id,
    etag: etagOf(j.status, j.statusMessage, j.updatedAt),
    org_id: r.orgId,
    app_id: r.appId,
    pipeline_id: r.pipelineId,
    pipeline_version: r.versionId,
    run_id: r.id,
    status: j.status,
    ...(j.waitingFor && j.status === "executing" ? { waiting_for: j.waitingFor } : {}),
    status_message: j.statusMessage,
    created_at: j.createdAt,
    updated_at: j.updatedAt,
    ...optional("cancellation_requested_at", j.cancellationRequestedAt ?? (j.status === "cancelled" ? r.cancellationRequestedAt : null)),
    ...optional("completed_at", j.completedAt),
    timeout_seconds: j.timeoutSeconds,
  };
}

export function stepJson(s: PipelineStepRecord) {
  return { index: s.stepIndex, name: s.name, uses: s.uses, status: s.status, status_message: s.statusMessage, created_at: s.createdAt, ...optional("completed_at", s.completedAt), timeout_seconds: s.timeoutSeconds, related_entities: s.relatedEntities };
}

export function jobJson(r: PipelineRunRecord, j: PipelineJobRecord, steps: PipelineStepRecord[]) {
  return { ...jobPartialJson(r, j), steps: steps.filter((s) => s.jobId === j.id).map(stepJson) };
}

export function stepLogJson(l: PipelineStepLogRecord) {
  return { at: l.at, level: l.level, message: l.message };
}

export function approvalJson(a: PipelineApprovalRecord) {
  return {
    id: a.id,
    org_id: a.orgId,
    app_id: a.appId,
    pipeline_id: a.pipelineId,
    run_id: a.runId,
    job_id: a.jobId,
    env_id: a.envId,
    message: a.message,
    created_at: a.createdAt,
    status: a.status,
    ...optional("approved_by", a.approvedBy),
    ...optional("approved_at", a.approvedAt),
  };
}

export function criteriaJson(c: PipelineCriteriaRecord, pipelineName: string) {
  return {
    trigger: c.trigger,
    id: c.id,
    pipeline_id: c.pipelineId,
    pipeline_name: pipelineName,
    ...optional("env_type", c.envType),
    app_id: c.appId,
    ...optional("env_id", c.envId),
    ...optional("deployment_type", c.deploymentType),
  };
}
