import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cloudAccounts, matchingCriteria, resourceDefinitions, resourceTypes } from "@/db/schema";

/** Definitions for listing: never their secret inputs. */
export function listDefinitionSummaries(db: DbOrTx, orgId: string) {
  const defs = db
    .select({
      id: resourceDefinitions.id,
      name: resourceDefinitions.name,
      type: resourceDefinitions.type,
      driverType: resourceDefinitions.driverType,
      isDefault: resourceDefinitions.isDefault,
      updatedAt: resourceDefinitions.updatedAt,
    })
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.isDeleted, false)))
    .orderBy(asc(resourceDefinitions.type), asc(resourceDefinitions.id))
    .all();
  const criteria = db
    .select({ defId: matchingCriteria.defId, class: matchingCriteria.class, envType: matchingCriteria.envType, appId: matchingCriteria.appId, envId: matchingCriteria.envId, resId: matchingCriteria.resId })
    .from(matchingCriteria)
    .where(eq(matchingCriteria.orgId, orgId))
    .all();
  return defs.map((d) => ({ ...d, criteria: criteria.filter((c) => c.defId === d.id) }));
}

export function listCustomResourceTypes(db: DbOrTx, orgId: string) {
  return db
    .select({ type: resourceTypes.type, name: resourceTypes.name, category: resourceTypes.category, use: resourceTypes.use, outputsSchema: resourceTypes.outputsSchema })
    .from(resourceTypes)
    .where(eq(resourceTypes.orgId, orgId))
    .orderBy(asc(resourceTypes.type))
    .all();
}

/** Accounts for listing: never their credentials. */
export function listCloudAccounts(db: DbOrTx, orgId: string) {
  return db
    .select({ id: cloudAccounts.id, name: cloudAccounts.name, type: cloudAccounts.type, createdAt: cloudAccounts.createdAt })
    .from(cloudAccounts)
    .where(eq(cloudAccounts.orgId, orgId))
    .orderBy(asc(cloudAccounts.id))
    .all();
}
