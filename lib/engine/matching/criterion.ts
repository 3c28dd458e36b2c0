/**
 * One matching criterion against one resource request (humanitec-model.md §2).
 * A criterion matches when its class equals the resource's class (both default to `default`)
 * and every field it sets equals the context. Specificity is the set-field tuple
 * (res_id, env_id, app_id, env_type) compared lexicographically, encoded as a 4-bit number.
 */
import type { MatchingCriterion, MatchRequest } from "@/lib/engine/model/definition";

export const DEFAULT_CLASS = "default";

/** Context fields in specificity order, most specific first. */
export const CONTEXT_FIELDS = ["res_id", "env_id", "app_id", "env_type"] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];

/** Human names for the request side, used in explanations. */
const CONTEXT_NOUNS: Record<ContextField, string> = {
  res_id: "the resource id",
  env_id: "the environment",
  app_id: "the application",
  env_type: "the environment type",
};

/** A criterion with class defaulted and empty fields removed. */
export interface NormalizedCriterion {
  class: string;
  res_id?: string;
  env_id?: string;
  app_id?: string;
  env_type?: string;
}

function isSet(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

export function normalizeClass(cls: string | undefined | null): string {
  return isSet(cls) ? cls : DEFAULT_CLASS;
}

export function normalizeCriterion(criterion: MatchingCriterion): NormalizedCriterion {
  const normalized: NormalizedCriterion = { class: normalizeClass(criterion.class) };
  for (const field of CONTEXT_FIELDS) {
    const value = criterion[field];
    if (isSet(value)) normalized[field] = value;
  }
  return normalized;
}

/** The request with its class defaulted. */
export function normalizeRequest(request: MatchRequest): MatchRequest & { class: string } {
  return { ...request, class: normalizeClass(request.class) };
}

/**
 * Specificity as a number 0..15: bit 3 = res_id set, bit 2 = env_id, bit 1 = app_id,
 * bit 0 = env_type. Comparing these numbers is comparing the boolean tuples lexicographically.
 */
export function specificityOf(criterion: MatchingCriterion): number {
  const normalized = normalizeCriterion(criterion);
  let score = 0;
  for (const field of CONTEXT_FIELDS) score = score * 2 + (normalized[field] !== undefined ? 1 : 0);
  return score;
}

/** The set fields of a criterion, most specific first; `[]` for a match-all `{}`. */
export function setFields(criterion: MatchingCriterion): ContextField[] {
  const normalized = normalizeCriterion(criterion);
  return CONTEXT_FIELDS.filter((field) => normalized[field] !== undefined);
}

/** `{class: default, env_type: staging}` style, for messages. */
export function describeCriterion(criterion: MatchingCriterion): string {
  const normalized = normalizeCriterion(criterion);
  const parts = [`class: ${normalized.class}`];
  for (const field of [...CONTEXT_FIELDS].reverse()) {
    const value = normalized[field];
    if (value !== undefined) parts.push(`${field}: ${value}`);
  }
  return `{${parts.join(", ")}}`;
}

export interface CriterionEvaluation {
  criterion: MatchingCriterion;
  /** Position of the criterion in its definition's `criteria` list. */
  index: number;
  matched: boolean;
  specificity: number;
  /** Why it matched (each checked field) or which fields failed. */
  reasons: string[];
}

export function evaluateCriterion(
  criterion: MatchingCriterion,
  request: MatchRequest,
  index = 0,
): CriterionEvaluation {
  const normalized = normalizeCriterion(criterion);
  const req = normalizeRequest(request);
  const failures: string[] = [];
  const successes: string[] = [];

  if (normalized.class === req.class) {
    successes.push(`class "${normalized.class}" equals the resource's class`);
  } else {
    failures.push(`class is "${normalized.class}" but the resource's class is "${req.class}"`);
  }
  for (const field of CONTEXT_FIELDS) {
    const expected = normalized[field];
    if (expected === undefined) continue;
    const actual = req[field];
    if (expected === actual) {
      successes.push(`${field} "${expected}" equals ${CONTEXT_NOUNS[field]}`);
    } else {
      failures.push(`${field} is "${expected}" but ${CONTEXT_NOUNS[field]} is "${actual}"`);
    }
  }

  const matched = failures.length === 0;
  const specificity = specificityOf(criterion);
  let reasons: string[];
  if (matched) {
    const fields = setFields(criterion);
    reasons = [
      ...successes,
      fields.length === 0
        ? "no context fields set: matches every resource of this class (least specific)"
        : `most specific field set: ${fields[0]} (fields set: ${fields.join(", ")})`,
    ];
  } else {
    reasons = failures;
  }
  return { criterion, index, matched, specificity, reasons };
}
