import type { DbOrTx } from "@/db/client";
import { seesAllApplications } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { listApplications, type ApplicationRecord } from "./apps";

/** The applications this actor may see: all for readers of the whole org, else those with a role. */
export async function visibleApplications(db: DbOrTx, actor: Actor): Promise<ApplicationRecord[]> {
  return await listApplications(db, actor.orgId, seesAllApplications(actor) ? undefined : Object.keys(actor.appRoles));
}
