import type { DbOrTx } from "@/db/client";
import { blastRadius, summarizeBlastRadius, withCriteria, withoutDefinition, type BlastRadiusSummary } from "@/lib/engine/matching";
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { loadDefinitionsForMatching } from "./definitions";
import { listResourceUsages, type ResourceUsage } from "./resource-usages";

export interface BlastRadiusRow {
  appId: string;
  envId: string;
  envType: string;
  type: string;
  class: string;
  resId: string;
  /** Definition id matched now / after the change; null for none. */
  from: string | null;
  to: string | null;
  sources: ResourceUsage["sources"];
}

export interface BlastRadiusReport {
  summary: BlastRadiusSummary;
  /** How many usages were checked. */
  usages: number;
  changes: BlastRadiusRow[];
}

/** Which usages would be matched to another definition if `after` replaced the current definitions. */
export async function blastRadiusOf(db: DbOrTx, orgId: string, after: (before: ResourceDefinition[]) => ResourceDefinition[]): Promise<BlastRadiusReport> {
  const before = await loadDefinitionsForMatching(db, orgId);
  const usages = await listResourceUsages(db, orgId);
  const sourcesByRequest = new Map(usages.map((u) => [u, u.sources]));
  const changes = blastRadius(before, after(before), usages);
  return {
    summary: summarizeBlastRadius(changes),
    usages: usages.length,
    changes: changes.map((c) => ({
      appId: c.request.app_id,
      envId: c.request.env_id,
      envType: c.request.env_type,
      type: c.request.type,
      class: c.request.class || "default",
      resId: c.request.res_id,
      from: c.fromDef?.id ?? null,
      to: c.toDef?.id ?? null,
      sources: sourcesByRequest.get(c.request as ResourceUsage) ?? [],
    })),
  };
}

export async function criteriaChangeBlastRadius(db: DbOrTx, orgId: string, defId: string, criteria: MatchingCriterion[]): Promise<BlastRadiusReport> {
  return await blastRadiusOf(db, orgId, (before) => withCriteria(before, defId, criteria));
}

export async function deleteBlastRadius(db: DbOrTx, orgId: string, defId: string): Promise<BlastRadiusReport> {
  return await blastRadiusOf(db, orgId, (before) => withoutDefinition(before, defId));
}

/** For imports and the pack: the given definitions added or replacing those with the same id. */
export async function upsertBlastRadius(db: DbOrTx, orgId: string, defs: readonly ResourceDefinition[]): Promise<BlastRadiusReport> {
  return await blastRadiusOf(db, orgId, (before) => {
    const ids = new Set(defs.map((d) => d.id));
    return [...defs, ...before.filter((d) => !ids.has(d.id))];
  });
}
