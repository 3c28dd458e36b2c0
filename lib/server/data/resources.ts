import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { ResourceType } from "@/lib/engine/resource-types";
import { activeResources, cloudAccounts, matchingCriteria, resourceDefinitions, resourceTypes } from "@/db/schema";

/** Definitions for listing: never their secret inputs. */
export function listDefinitionSummaries(db: DbOrTx, orgId: string) {
  const defs = db
    .select({
      id: resourceDefinitions.id,
      name: resourceDefinitions.name,
      type: resourceDefinitions.type,
      driverType: resourceDefinitions.driverType,
      driverAccount: resourceDefinitions.driverAccount,
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
    .select({
      type: resourceTypes.type,
      name: resourceTypes.name,
      category: resourceTypes.category,
      use: resourceTypes.use,
      inputsSchema: resourceTypes.inputsSchema,
      outputsSchema: resourceTypes.outputsSchema,
      createdAt: resourceTypes.createdAt,
    })
    .from(resourceTypes)
    .where(eq(resourceTypes.orgId, orgId))
    .orderBy(asc(resourceTypes.type))
    .all();
}

/** Definitions (deleted ones included: they may still be re-matched away) of a resource type. */
export function definitionsOfType(db: DbOrTx, orgId: string, type: string): string[] {
  return db
    .select({ id: resourceDefinitions.id })
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.type, type)))
    .all()
    .map((r) => r.id);
}

export interface CloudAccountSummary {
  id: string;
  name: string;
  type: string;
  createdAt: string;
  createdBy: string;
  /** Definitions (not deleted) and active resources naming this account in `driver_account`. */
  usedBy: { definitions: string[]; activeResources: number };
}

/** Accounts for listing: never their credentials. */
export function listCloudAccounts(db: DbOrTx, orgId: string): CloudAccountSummary[] {
  const rows = db
    .select({ id: cloudAccounts.id, name: cloudAccounts.name, type: cloudAccounts.type, createdAt: cloudAccounts.createdAt, createdBy: cloudAccounts.createdBy })
    .from(cloudAccounts)
    .where(eq(cloudAccounts.orgId, orgId))
    .orderBy(asc(cloudAccounts.id))
    .all();
  return rows.map((a) => ({ ...a, usedBy: accountUsage(db, orgId, a.id) }));
}

export function getCloudAccountSummary(db: DbOrTx, orgId: string, id: string): CloudAccountSummary | undefined {
  return listCloudAccounts(db, orgId).find((a) => a.id === id);
}

/** "In use" (humanitec-model.md §1): referenced by a non-deleted definition or an active resource. */
export function accountUsage(db: DbOrTx, orgId: string, accountId: string): CloudAccountSummary["usedBy"] {
  const definitions = db
    .select({ id: resourceDefinitions.id })
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.driverAccount, accountId), eq(resourceDefinitions.isDeleted, false)))
    .orderBy(asc(resourceDefinitions.id))
    .all()
    .map((r) => r.id);
  const active = db
    .select({ appId: activeResources.appId })
    .from(activeResources)
    .where(and(eq(activeResources.orgId, orgId), eq(activeResources.driverAccount, accountId)))
    .all().length;
  return { definitions, activeResources: active };
}

/** The organisation's custom types in the engine's shape (validation, schemas, matching). */
export function loadCustomResourceTypes(db: DbOrTx, orgId: string): ResourceType[] {
  return listCustomResourceTypes(db, orgId).map((t) => ({
    type: t.type,
    name: t.name,
    category: t.category,
    use: t.use,
    description: "",
    inputs_schema: (t.inputsSchema ?? {}) as ResourceType["inputs_schema"],
    outputs_schema: t.outputsSchema as ResourceType["outputs_schema"],
    builtin: false,
  }));
}
