import { and, eq } from "drizzle-orm";
import { sharedValues } from "@/db/tables";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { listScopeValues } from "@/lib/server/data/values";
import { notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { recordValueSetVersion } from "./value-versioning";
import { valueScopeSchema } from "./values-input";

/** Deletes every shared value of an application, or every override of an environment, as one new value-set version. */
export const deleteAllSharedValues = defineOperation({
  name: "value.delete-all",
  input: valueScopeSchema,
  permission: (input) => ({ action: "values.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    if (!(await getApplication(tx, actor.orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    if (input.envId && !(await getEnvironment(tx, actor.orgId, input.appId, input.envId))) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    const keys = (await listScopeValues(tx, actor.orgId, input.appId, input.envId)).map((v) => v.key);
    if (keys.length === 0) return { deleted: 0, versionId: null };
    await tx.delete(sharedValues).where(and(eq(sharedValues.orgId, actor.orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.envId)));
    const versionId = await recordValueSetVersion(tx, {
      orgId: actor.orgId,
      appId: input.appId,
      envId: input.envId,
      change: keys.map((key) => ({ op: "remove", path: `/${key}` })),
      resultOf: input.envId ? "env_values_delete" : "app_values_delete",
      createdBy: actor.email,
    });
    return { deleted: keys.length, versionId };
  },
  audit: (input, result) => ({ target: `app/${input.appId}${input.envId ? `/env/${input.envId}` : ""}/values`, details: { deleted: result.deleted } }),
});
