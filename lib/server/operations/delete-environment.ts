import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { environments, sharedValues } from "@/db/tables";
import { deleteRulesOf } from "@/lib/server/automation/data";
import { getEnvironment } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const deleteEnvironment = defineOperation({
  name: "env.delete",
  input: z
    .object({ appId: appIdSchema, id: envIdSchema, confirm: z.string() })
    .refine((v) => v.confirm === v.id, { path: ["confirm"], message: "type the environment id exactly to confirm deletion" }),
  permission: async (input, { db, actor }) => ({
    action: "env.delete",
    appId: input.appId,
    envType: (await getEnvironment(db, actor.orgId, input.appId, input.id))?.type ?? "",
  }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if (!(await getEnvironment(tx, orgId, input.appId, input.id))) throw notFound(`Environment "${input.appId}/${input.id}"`);
    await tx.delete(sharedValues)
      .where(and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.id)));
    await deleteRulesOf(tx, orgId, input.appId, input.id);
    await tx.delete(environments)
      .where(and(eq(environments.orgId, orgId), eq(environments.appId, input.appId), eq(environments.id, input.id)));
    return { appId: input.appId, id: input.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.id}` }),
});
