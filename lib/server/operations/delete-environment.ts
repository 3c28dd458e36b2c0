import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { environments, sharedValues } from "@/db/tables";
import { deleteRulesOf } from "@/lib/server/automation/data";
import { getEnvironment } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { enqueueWebhookEvent, environmentEventProperties } from "@/lib/server/webhooks/outbox";
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
    const env = await getEnvironment(tx, orgId, input.appId, input.id);
    if (!env) throw notFound(`Environment "${input.appId}/${input.id}"`);
    await tx.delete(sharedValues)
      .where(and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.id)));
    await deleteRulesOf(tx, orgId, input.appId, input.id);
    await tx.delete(environments)
      .where(and(eq(environments.orgId, orgId), eq(environments.appId, input.appId), eq(environments.id, input.id)));
    await enqueueWebhookEvent(tx, { orgId, appId: input.appId, scope: "environment", type: "deleted", properties: environmentEventProperties({ orgId, appId: input.appId, envId: input.id, envType: env.type }, actor.userId) });
    return { appId: input.appId, id: input.id };
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.id}` }),
});
