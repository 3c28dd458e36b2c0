import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { appRoles, applications, sharedValues, valueSetVersions } from "@/db/tables";
import { deleteRulesOf } from "@/lib/server/automation/data";
import { getApplication, listEnvironments } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema } from "@/lib/validation/ids";
import { deleteWebhookRows } from "@/lib/server/webhooks/data";
import { defineOperation } from "./operation";

export const deleteApplicationInput = z
  .object({ id: appIdSchema, confirm: z.string() })
  .refine((v) => v.confirm === v.id, { path: ["confirm"], message: "type the application id exactly to confirm deletion" });

export const deleteApplication = defineOperation({
  name: "app.delete",
  input: deleteApplicationInput,
  permission: async (input, { db, actor }) => ({
    action: "app.delete",
    appId: input.id,
    envTypes: [...new Set((await listEnvironments(db, actor.orgId, input.id)).map((e) => e.type))],
  }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if (!(await getApplication(tx, orgId, input.id))) throw notFound(`Application "${input.id}"`);
    // Environments, workloads and their versions cascade through foreign keys; rows keyed
    // only by app id are removed here.
    await tx.delete(appRoles).where(and(eq(appRoles.orgId, orgId), eq(appRoles.appId, input.id)));
    await tx.delete(sharedValues).where(and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.id)));
    await tx.delete(valueSetVersions).where(and(eq(valueSetVersions.orgId, orgId), eq(valueSetVersions.appId, input.id)));
    await deleteRulesOf(tx, orgId, input.id);
    await deleteWebhookRows(tx, orgId, input.id);
    await tx.delete(applications).where(and(eq(applications.orgId, orgId), eq(applications.id, input.id)));
    return { id: input.id };
  },
  audit: (input) => ({ target: `app/${input.id}` }),
});
