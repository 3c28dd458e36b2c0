import { z } from "zod";
import { envTypes } from "@/db/tables";
import { getEnvType } from "@/lib/server/data/apps";
import { SafeError } from "@/lib/server/errors";
import { envTypeIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const createEnvType = defineOperation({
  name: "env-type.create",
  input: z.object({ id: envTypeIdSchema, description: z.string().trim().max(500).optional().default("") }),
  permission: () => ({ action: "env-type.manage" }),
  async execute(tx, input, { actor }) {
    if ((await getEnvType(tx, actor.orgId, input.id))) {
      throw new SafeError("conflict", `An environment type with id "${input.id}" already exists`, {
        fields: [{ field: "id", message: "already exists" }],
      });
    }
    await tx.insert(envTypes).values({ orgId: actor.orgId, id: input.id, description: input.description, createdAt: new Date().toISOString() });
    return (await getEnvType(tx, actor.orgId, input.id))!;
  },
  audit: (input) => ({ target: `env-type/${input.id}` }),
});
