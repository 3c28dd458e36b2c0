/**
 * The definitions list filter "matches app/env": keeps definitions with at least one criterion
 * that could match a resource in the given (possibly partial) context. A field the context
 * leaves open cannot rule a criterion out.
 */
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { CONTEXT_FIELDS, normalizeClass, normalizeCriterion } from "./criterion";

export interface PartialMatchContext {
  type?: string;
  class?: string;
  app_id?: string;
  env_id?: string;
  env_type?: string;
  res_id?: string;
}

export function criterionCouldMatch(criterion: MatchingCriterion, context: PartialMatchContext): boolean {
  const n = normalizeCriterion(criterion);
  if (context.class !== undefined && n.class !== normalizeClass(context.class)) return false;
  return CONTEXT_FIELDS.every((field) => {
    const wanted = context[field];
    return wanted === undefined || wanted === "" || n[field] === undefined || n[field] === wanted;
  });
}

export function filterDefinitionsByContext(
  defs: readonly ResourceDefinition[],
  context: PartialMatchContext,
): ResourceDefinition[] {
  return defs.filter(
    (def) =>
      !def.is_deleted &&
      (context.type === undefined || def.type === context.type) &&
      (def.criteria ?? []).some((criterion) => criterionCouldMatch(criterion, context)),
  );
}
