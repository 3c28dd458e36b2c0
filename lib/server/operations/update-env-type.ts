import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { envTypes } from "@/db/tables";
import { getEnvType } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { envTypeIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const updateEnvType = defineOperation({
  name: "env-type.update",
  input: z.object({ id: envTypeIdSchema, description: z.string().trim().max(500) }),
  permission: () => ({ action: "env-type.manage" }),
  async execute(tx, input, { actor }) {
    if (!(await getEnvType(tx, actor.orgId, input.id))) throw notFound(`Environment type "${input.id}"`);
    await tx.update(envTypes).set({ description: input.description }).where(and(eq(envTypes.orgId, actor.orgId), eq(envTypes.id, input.id)));
    return (await getEnvType(tx, actor.orgId, input.id))!;
  },
  audit: (input) => ({ target: `env-type/${input.id}`, details: { description: input.description } }),
});
