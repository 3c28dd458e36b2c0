export {
  DEFAULT_CLASS,
  CONTEXT_FIELDS,
  normalizeClass,
  normalizeCriterion,
  normalizeRequest,
  specificityOf,
  setFields,
  describeCriterion,
  evaluateCriterion,
  type ContextField,
  type NormalizedCriterion,
  type CriterionEvaluation,
} from "./criterion";
export {
  matchDefinition,
  explainMatch,
  noMatchMessage,
  type MatchResult,
  type MatchCandidate,
  type MatchExplanation,
} from "./match";
export {
  blastRadius,
  summarizeBlastRadius,
  withCriteria,
  withoutDefinition,
  type BlastRadiusChange,
  type BlastRadiusSummary,
} from "./blast-radius";
export { validateCriteria, criterionKey, type CriteriaError, type ValidateCriteriaOptions } from "./validate-criteria";
export { criterionCouldMatch, filterDefinitionsByContext, type PartialMatchContext } from "./filter";
