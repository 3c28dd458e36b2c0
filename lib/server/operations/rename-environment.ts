import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { environments } from "@/db/tables";
import { getEnvironment } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema, nameSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const renameEnvironment = defineOperation({
  name: "env.rename",
  input: z.object({ appId: appIdSchema, id: envIdSchema, name: nameSchema("Environment") }),
  permission: (input) => ({ action: "env.update", appId: input.appId }),
  async execute(tx, input, { actor }) {
    if (!(await getEnvironment(tx, actor.orgId, input.appId, input.id))) throw notFound(`Environment "${input.appId}/${input.id}"`);
    await tx.update(environments)
      .set({ name: input.name })
      .where(and(eq(environments.orgId, actor.orgId), eq(environments.appId, input.appId), eq(environments.id, input.id)));
    return (await getEnvironment(tx, actor.orgId, input.appId, input.id))!;
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.id}`, details: { name: input.name } }),
});
