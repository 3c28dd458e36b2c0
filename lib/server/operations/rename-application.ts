import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { applications } from "@/db/tables";
import { getApplication } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, nameSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const renameApplication = defineOperation({
  name: "app.rename",
  input: z.object({ id: appIdSchema, name: nameSchema("Application") }),
  permission: (input) => ({ action: "app.update", appId: input.id }),
  async execute(tx, input, { actor }) {
    if (!(await getApplication(tx, actor.orgId, input.id))) throw notFound(`Application "${input.id}"`);
    await tx.update(applications).set({ name: input.name }).where(and(eq(applications.orgId, actor.orgId), eq(applications.id, input.id)));
    return (await getApplication(tx, actor.orgId, input.id))!;
  },
  audit: (input) => ({ target: `app/${input.id}`, details: { name: input.name } }),
});
