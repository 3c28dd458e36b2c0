import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { appRoles, envTypeRoles } from "@/db/schema";
import { getApplication, getEnvType } from "@/lib/server/data/apps";
import { SafeError } from "@/lib/server/errors";
import type { AppRole } from "@/lib/server/auth/roles";

/** Replaces a user's app and env-type bindings, refusing unknown apps or env types. */
export function writeRoleBindings(
  tx: Tx,
  orgId: string,
  userId: string,
  bindings: { appRoles: { appId: string; role: AppRole }[]; deployerEnvTypes: string[] },
): void {
  bindings.appRoles.forEach((b, i) => {
    if (!getApplication(tx, orgId, b.appId)) {
      throw new SafeError("invalid", `appRoles.${i}.appId: application "${b.appId}" does not exist`, {
        fields: [{ field: `appRoles.${i}.appId`, message: "unknown application" }],
      });
    }
  });
  bindings.deployerEnvTypes.forEach((t, i) => {
    if (!getEnvType(tx, orgId, t)) {
      throw new SafeError("invalid", `deployerEnvTypes.${i}: environment type "${t}" does not exist`, {
        fields: [{ field: `deployerEnvTypes.${i}`, message: "unknown environment type" }],
      });
    }
  });
  tx.delete(appRoles).where(and(eq(appRoles.orgId, orgId), eq(appRoles.userId, userId))).run();
  tx.delete(envTypeRoles).where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.userId, userId))).run();
  for (const b of bindings.appRoles) tx.insert(appRoles).values({ orgId, userId, appId: b.appId, role: b.role }).run();
  for (const t of new Set(bindings.deployerEnvTypes)) tx.insert(envTypeRoles).values({ orgId, userId, envTypeId: t }).run();
}
