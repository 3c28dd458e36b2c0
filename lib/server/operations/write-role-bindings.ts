import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { appRoles, envTypeRoles } from "@/db/tables";
import { getApplication, getEnvType } from "@/lib/server/data/apps";
import { SafeError } from "@/lib/server/errors";
import type { AppRole } from "@/lib/server/auth/roles";

/** Replaces a user's app and env-type bindings, refusing unknown apps or env types. */
export async function writeRoleBindings(
  tx: Tx,
  orgId: string,
  userId: string,
  bindings: { appRoles: { appId: string; role: AppRole }[]; deployerEnvTypes: string[] },
): Promise<void> {
  for (const [i, b] of bindings.appRoles.entries()) {
    if (!(await getApplication(tx, orgId, b.appId))) {
      throw new SafeError("invalid", `appRoles.${i}.appId: application "${b.appId}" does not exist`, {
        fields: [{ field: `appRoles.${i}.appId`, message: "unknown application" }],
      });
    }
  }
  for (const [i, t] of bindings.deployerEnvTypes.entries()) {
    if (!(await getEnvType(tx, orgId, t))) {
      throw new SafeError("invalid", `deployerEnvTypes.${i}: environment type "${t}" does not exist`, {
        fields: [{ field: `deployerEnvTypes.${i}`, message: "unknown environment type" }],
      });
    }
  }
  await tx.delete(appRoles).where(and(eq(appRoles.orgId, orgId), eq(appRoles.userId, userId)));
  await tx.delete(envTypeRoles).where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.userId, userId)));
  for (const b of bindings.appRoles) await tx.insert(appRoles).values({ orgId, userId, appId: b.appId, role: b.role });
  for (const t of new Set(bindings.deployerEnvTypes)) await tx.insert(envTypeRoles).values({ orgId, userId, envTypeId: t });
}
