import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { appRoles, applications, sharedValues, valueSetVersions } from "@/db/schema";
import { getApplication, listEnvironments } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const deleteApplicationInput = z
  .object({ id: appIdSchema, confirm: z.string() })
  .refine((v) => v.confirm === v.id, { path: ["confirm"], message: "type the application id exactly to confirm deletion" });

export const deleteApplication = defineOperation({
  name: "app.delete",
  input: deleteApplicationInput,
  permission: (input, { db, actor }) => ({
    action: "app.delete",
    appId: input.id,
    envTypes: [...new Set(listEnvironments(db, actor.orgId, input.id).map((e) => e.type))],
  }),
  execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if (!getApplication(tx, orgId, input.id)) throw notFound(`Application "${input.id}"`);
    // Environments, workloads and their versions cascade through foreign keys; rows keyed
    // only by app id are removed here.
    tx.delete(appRoles).where(and(eq(appRoles.orgId, orgId), eq(appRoles.appId, input.id))).run();
    tx.delete(sharedValues).where(and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.id))).run();
    tx.delete(valueSetVersions).where(and(eq(valueSetVersions.orgId, orgId), eq(valueSetVersions.appId, input.id))).run();
    tx.delete(applications).where(and(eq(applications.orgId, orgId), eq(applications.id, input.id))).run();
    return { id: input.id };
  },
  audit: (input) => ({ target: `app/${input.id}` }),
});
