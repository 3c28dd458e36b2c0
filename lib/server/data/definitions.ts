import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { matchingCriteria, resourceDefinitions } from "@/db/schema";
import type { MatchingCriterion, ResourceDefinition } from "@/lib/engine/model/definition";
import { builtinDefaults } from "@/lib/engine/pack";

function criterionOf(row: { id: string; class: string; envType: string | null; appId: string | null; envId: string | null; resId: string | null }): MatchingCriterion {
  const c: MatchingCriterion = { id: row.id, class: row.class };
  if (row.envType) c.env_type = row.envType;
  if (row.appId) c.app_id = row.appId;
  if (row.envId) c.env_id = row.envId;
  if (row.resId) c.res_id = row.resId;
  return c;
}

/**
 * The organisation's definitions in the engine's shape, without secret inputs (the deploy
 * operation decrypts those separately, only when provisioning). Built-in defaults follow as
 * the fallback.
 */
export function loadDefinitionsForMatching(db: DbOrTx, orgId: string): ResourceDefinition[] {
  const rows = db
    .select()
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.isDeleted, false)))
    .all();
  const criteria = db.select().from(matchingCriteria).where(eq(matchingCriteria.orgId, orgId)).all();
  const defs: ResourceDefinition[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    driver_type: r.driverType,
    driver_account: r.driverAccount ?? undefined,
    driver_inputs: { values: r.driverInputsValues ?? undefined, secret_refs: r.driverInputsSecretRefs ?? undefined },
    provision: (r.provision ?? undefined) as ResourceDefinition["provision"],
    criteria: criteria.filter((c) => c.defId === r.id).map(criterionOf),
    is_default: r.isDefault,
    version_id: r.activeVersionId ?? undefined,
  }));
  return [...defs, ...builtinDefaults()];
}
