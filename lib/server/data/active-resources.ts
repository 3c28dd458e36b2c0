import { and, asc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activeResources } from "@/db/tables";

export type ActiveResourceRecord = typeof activeResources.$inferSelect;

/** Live (not replaced) active resources of an environment or of a definition, in a stable order. */
export async function listActiveResourceRecords(db: DbOrTx, orgId: string, filter: { appId: string; envId: string } | { defId: string }): Promise<ActiveResourceRecord[]> {
  const scope =
    "defId" in filter ? [eq(activeResources.defId, filter.defId)] : [eq(activeResources.appId, filter.appId), eq(activeResources.envId, filter.envId)];
  return await db
    .select()
    .from(activeResources)
    .where(and(eq(activeResources.orgId, orgId), ...scope, ne(activeResources.status, "replaced")))
    .orderBy(asc(activeResources.appId), asc(activeResources.envId), asc(activeResources.type), asc(activeResources.resId));
}
