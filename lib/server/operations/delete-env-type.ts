import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { envTypeRoles, envTypes, environments } from "@/db/tables";
import { getEnvType } from "@/lib/server/data/apps";
import { SafeError, notFound } from "@/lib/server/errors";
import { envTypeIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const deleteEnvType = defineOperation({
  name: "env-type.delete",
  input: z.object({ id: envTypeIdSchema }),
  permission: () => ({ action: "env-type.manage" }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if (!(await getEnvType(tx, orgId, input.id))) throw notFound(`Environment type "${input.id}"`);
    const used = await tx
      .select({ appId: environments.appId, id: environments.id })
      .from(environments)
      .where(and(eq(environments.orgId, orgId), eq(environments.type, input.id)));
    if (used.length > 0) {
      const list = used.map((e) => `${e.appId}/${e.id}`).join(", ");
      throw new SafeError("conflict", `Environment type "${input.id}" is used by ${used.length} environment(s): ${list}`);
    }
    await tx.delete(envTypeRoles).where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.envTypeId, input.id)));
    await tx.delete(envTypes).where(and(eq(envTypes.orgId, orgId), eq(envTypes.id, input.id)));
    return { id: input.id };
  },
  audit: (input) => ({ target: `env-type/${input.id}` }),
});
