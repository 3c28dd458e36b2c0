import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { envTypeRoles, envTypes, environments } from "@/db/schema";
import { getEnvType } from "@/lib/server/data/apps";
import { SafeError, notFound } from "@/lib/server/errors";
import { envTypeIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const deleteEnvType = defineOperation({
  name: "env-type.delete",
  input: z.object({ id: envTypeIdSchema }),
  permission: () => ({ action: "env-type.manage" }),
  execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if (!getEnvType(tx, orgId, input.id)) throw notFound(`Environment type "${input.id}"`);
    const used = tx
      .select({ appId: environments.appId, id: environments.id })
      .from(environments)
      .where(and(eq(environments.orgId, orgId), eq(environments.type, input.id)))
      .all();
    if (used.length > 0) {
      const list = used.map((e) => `${e.appId}/${e.id}`).join(", ");
      throw new SafeError("conflict", `Environment type "${input.id}" is used by ${used.length} environment(s): ${list}`);
    }
    tx.delete(envTypeRoles).where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.envTypeId, input.id))).run();
    tx.delete(envTypes).where(and(eq(envTypes.orgId, orgId), eq(envTypes.id, input.id))).run();
    return { id: input.id };
  },
  audit: (input) => ({ target: `env-type/${input.id}` }),
});
