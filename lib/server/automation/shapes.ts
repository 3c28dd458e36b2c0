import type { AutomationRuleRecord, AutomationTriggerRecord } from "./data";

/** Humanitec's AutomationRuleResponse (the deprecated fields mirror the current ones), plus Baton's `created_by`. */
export function automationRuleShape(r: AutomationRuleRecord) {
  return {
    id: r.id,
    active: r.active,
    type: r.type,
    update_to: r.updateTo,
    artefacts_filter: r.artefactsFilter,
    exclude_artefacts_filter: r.excludeArtefactsFilter,
    images_filter: r.artefactsFilter,
    exclude_images_filter: r.excludeArtefactsFilter,
    match: "",
    match_ref: r.matchRef,
    created_at: r.createdAt,
    created_by: r.createdBy,
    updated_at: r.updatedAt,
  };
}

/** What a trigger did, for the portal. */
export function automationTriggerShape(t: AutomationTriggerRecord) {
  return {
    id: t.id,
    ruleId: t.ruleId,
    image: t.image,
    ref: t.ref,
    status: t.status,
    message: t.message ?? "",
    deploymentId: t.deploymentId,
    pipelineRunIds: t.pipelineRunIds ?? [],
    createdAt: t.createdAt,
    finishedAt: t.finishedAt,
  };
}
