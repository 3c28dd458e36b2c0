import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { ResourceType } from "@/lib/engine/resource-types";
import { activeResources, cloudAccounts, matchingCriteria, resourceDefinitions, resourceTypes } from "@/db/tables";

/** Definitions for listing: never their secret inputs. */
export async function listDefinitionSummaries(db: DbOrTx, orgId: string) {
  const defs = await db
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
    .orderBy(asc(resourceDefinitions.type), asc(resourceDefinitions.id));
  const criteria = await db
    .select({ defId: matchingCriteria.defId, class: matchingCriteria.class, envType: matchingCriteria.envType, appId: matchingCriteria.appId, envId: matchingCriteria.envId, resId: matchingCriteria.resId })
    .from(matchingCriteria)
    .where(eq(matchingCriteria.orgId, orgId));
  return defs.map((d) => ({ ...d, criteria: criteria.filter((c) => c.defId === d.id) }));
}

export async function listCustomResourceTypes(db: DbOrTx, orgId: string) {
  return await db
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
    .orderBy(asc(resourceTypes.type));
}

/** Definitions (deleted ones included: they may still be re-matched away) of a resource type. */
export async function definitionsOfType(db: DbOrTx, orgId: string, type: string): Promise<string[]> {
  return (await db
    .select({ id: resourceDefinitions.id })
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.type, type))))
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
export async function listCloudAccounts(db: DbOrTx, orgId: string): Promise<CloudAccountSummary[]> {
  const rows = await db
    .select({ id: cloudAccounts.id, name: cloudAccounts.name, type: cloudAccounts.type, createdAt: cloudAccounts.createdAt, createdBy: cloudAccounts.createdBy })
    .from(cloudAccounts)
    .where(eq(cloudAccounts.orgId, orgId))
    .orderBy(asc(cloudAccounts.id));
  return Promise.all(rows.map(async (a) => ({ ...a, usedBy: await accountUsage(db, orgId, a.id) })));
}

export async function getCloudAccountSummary(db: DbOrTx, orgId: string, id: string): Promise<CloudAccountSummary | undefined> {
  return (await listCloudAccounts(db, orgId)).find((a) => a.id === id);
}

/** "In use" (humanitec-model.md §1): referenced by a non-deleted definition or an active resource. */
export async function accountUsage(db: DbOrTx, orgId: string, accountId: string): Promise<CloudAccountSummary["usedBy"]> {
  const definitions = (await db
    .select({ id: resourceDefinitions.id })
    .from(resourceDefinitions)
    .where(and(eq(resourceDefinitions.orgId, orgId), eq(resourceDefinitions.driverAccount, accountId), eq(resourceDefinitions.isDeleted, false)))
    .orderBy(asc(resourceDefinitions.id)))
    .map((r) => r.id);
  const active = (await db
    .select({ appId: activeResources.appId })
    .from(activeResources)
    .where(and(eq(activeResources.orgId, orgId), eq(activeResources.driverAccount, accountId)))).length;
  return { definitions, activeResources: active };
}

/** The organisation's custom types in the engine's shape (validation, schemas, matching). */
export async function loadCustomResourceTypes(db: DbOrTx, orgId: string): Promise<ResourceType[]> {
  return (await listCustomResourceTypes(db, orgId)).map((t) => ({
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
