/**
 * Blast radius of a change to definitions or criteria: which resource usages would be matched
 * to a different definition after the change (and so be re-provisioned, or fail to match).
 * Usages come from the caller: active resources plus the environments' current deployment sets.
 */
import type { MatchingCriterion, MatchRequest, ResourceDefinition } from "@/lib/engine/model/definition";
import { matchDefinition } from "./match";

export interface BlastRadiusChange {
  request: MatchRequest;
  /** Definition matched before the change; null when nothing matched. */
  fromDef: ResourceDefinition | null;
  /** Definition matched after the change; null when nothing would match any more. */
  toDef: ResourceDefinition | null;
  fromCriterion: MatchingCriterion | null;
  toCriterion: MatchingCriterion | null;
}

export function blastRadius(
  before: readonly ResourceDefinition[],
  after: readonly ResourceDefinition[],
  usages: readonly MatchRequest[],
): BlastRadiusChange[] {
  const changes: BlastRadiusChange[] = [];
  const seen = new Set<string>();
  for (const request of usages) {
    // The same usage may be listed twice (active resource and deployment set): report it once.
    const key = JSON.stringify([request.type, request.class || "default", request.res_id, request.app_id, request.env_id]);
    if (seen.has(key)) continue;
    seen.add(key);
    const from = matchDefinition(before, request);
    const to = matchDefinition(after, request);
    if ((from?.definition.id ?? null) === (to?.definition.id ?? null)) continue;
    changes.push({
      request,
      fromDef: from?.definition ?? null,
      toDef: to?.definition ?? null,
      fromCriterion: from?.criterion ?? null,
      toCriterion: to?.criterion ?? null,
    });
  }
  return changes;
}

export interface BlastRadiusSummary {
  total: number;
  /** Usages that would have no definition at all after the change. */
  unmatched: number;
  byApp: Record<string, number>;
  /** Keyed `app/env`. */
  byEnvironment: Record<string, number>;
  /** Keyed `fromId -> toId` (`none` for null). */
  byTransition: Record<string, number>;
}

/** Counts first, for the "before saving" panel; the list itself is the blastRadius result. */
export function summarizeBlastRadius(changes: readonly BlastRadiusChange[]): BlastRadiusSummary {
  const summary: BlastRadiusSummary = { total: changes.length, unmatched: 0, byApp: {}, byEnvironment: {}, byTransition: {} };
  const bump = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };
  for (const change of changes) {
    if (!change.toDef) summary.unmatched += 1;
    bump(summary.byApp, change.request.app_id);
    bump(summary.byEnvironment, `${change.request.app_id}/${change.request.env_id}`);
    bump(summary.byTransition, `${change.fromDef?.id ?? "none"} -> ${change.toDef?.id ?? "none"}`);
  }
  return summary;
}

/** `after` for an edit of one definition's criteria (helper for the criteria editor). */
export function withCriteria(
  defs: readonly ResourceDefinition[],
  definitionId: string,
  criteria: MatchingCriterion[],
): ResourceDefinition[] {
  return defs.map((def) => (def.id === definitionId ? { ...def, criteria } : def));
}

/** `after` for deleting one definition. */
export function withoutDefinition(defs: readonly ResourceDefinition[], definitionId: string): ResourceDefinition[] {
  return defs.filter((def) => def.id !== definitionId);
}
