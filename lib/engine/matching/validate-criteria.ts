/**
 * Checks a definition's criteria list before it is saved: field shapes, and duplicates
 * (two rules with the same class and the same fields). Humanitec rejects duplicate rules for the
 * same resource type with 409; pass the other definitions of the type to check across them.
 */
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { CONTEXT_FIELDS, describeCriterion, normalizeCriterion } from "./criterion";

export interface CriteriaError {
  /** Index in the list being validated. */
  index: number;
  /** JSON path relative to the definition, e.g. `criteria[2].env_type`. */
  path: string;
  message: string;
}

const ALLOWED_FIELDS = new Set<string>(["id", "class", ...CONTEXT_FIELDS]);

/** Identity of a rule for duplicate detection (class defaulted, empty fields dropped). */
export function criterionKey(criterion: MatchingCriterion): string {
  const n = normalizeCriterion(criterion);
  return JSON.stringify([n.class, n.env_type ?? null, n.app_id ?? null, n.env_id ?? null, n.res_id ?? null]);
}

export interface ValidateCriteriaOptions {
  /** Other definitions of the same resource type, to refuse rules they already hold. */
  otherDefinitions?: readonly ResourceDefinition[];
  /** Prefix for paths; default `criteria`. */
  pathPrefix?: string;
}

export function validateCriteria(
  criteria: readonly unknown[],
  options: ValidateCriteriaOptions = {},
): CriteriaError[] {
  const prefix = options.pathPrefix ?? "criteria";
  const errors: CriteriaError[] = [];
  const firstIndexByKey = new Map<string, number>();
  const elsewhere = new Map<string, string>();
  for (const def of options.otherDefinitions ?? []) {
    if (def.is_deleted) continue;
    for (const criterion of def.criteria ?? []) elsewhere.set(criterionKey(criterion), def.id);
  }

  criteria.forEach((raw, index) => {
    const path = `${prefix}[${index}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      errors.push({ index, path, message: "a criterion must be a mapping such as {env_type: staging} or {}" });
      return;
    }
    let shapeOk = true;
    for (const [field, value] of Object.entries(raw)) {
      if (!ALLOWED_FIELDS.has(field)) {
        errors.push({
          index,
          path: `${path}.${field}`,
          message: `unknown criterion field "${field}"; allowed: class, env_type, app_id, env_id, res_id`,
        });
        shapeOk = false;
      } else if (value !== undefined && value !== null && typeof value !== "string") {
        errors.push({ index, path: `${path}.${field}`, message: `${field} must be a string` });
        shapeOk = false;
      }
    }
    if (!shapeOk) return;
    const criterion = raw as MatchingCriterion;
    const key = criterionKey(criterion);
    const first = firstIndexByKey.get(key);
    if (first !== undefined) {
      errors.push({
        index,
        path,
        message: `duplicate criterion ${describeCriterion(criterion)}: the same rule is already at ${prefix}[${first}]`,
      });
      return;
    }
    firstIndexByKey.set(key, index);
    const owner = elsewhere.get(key);
    if (owner !== undefined) {
      errors.push({
        index,
        path,
        message: `duplicate criterion ${describeCriterion(criterion)}: resource definition "${owner}" of the same type already has this rule`,
      });
    }
  });
  return errors;
}
