import { rowsAffected } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sharedValues } from "@/db/tables";
import { notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { recordValueSetVersion } from "./value-versioning";
import { valueKeySchema, valueScopeSchema } from "./values-input";

export const deleteSharedValue = defineOperation({
  name: "value.delete",
  input: valueScopeSchema.extend({ key: valueKeySchema, comment: z.string().max(500).optional() }),
  permission: (input) => ({ action: "values.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const res = await tx
      .delete(sharedValues)
      .where(and(eq(sharedValues.orgId, actor.orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.envId), eq(sharedValues.key, input.key)));
    if (rowsAffected(res) === 0) throw notFound(`Value "${input.key}"`);
    const versionId = await recordValueSetVersion(tx, {
      orgId: actor.orgId,
      appId: input.appId,
      envId: input.envId,
      change: [{ op: "remove", path: `/${input.key}` }],
      comment: input.comment,
      resultOf: input.envId ? "env_value_delete" : "app_value_delete",
      createdBy: actor.email,
    });
    return { key: input.key, versionId };
  },
  audit: (input) => ({ target: `app/${input.appId}${input.envId ? `/env/${input.envId}` : ""}/value/${input.key}` }),
});
