import { rowsAffected } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sharedValues } from "@/db/tables";
import { getValueSetVersion } from "@/lib/server/data/values";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { recordValueSetVersion } from "./value-versioning";
import { valueKeySchema, valueScopeSchema } from "./values-input";

/** Sets one key back to what it held in an earlier version of its scope (secrets as stored). */
export const restoreValueKey = defineOperation({
  name: "value.restore-key",
  input: valueScopeSchema.extend({ versionId: z.string().min(1, "versionId is required"), key: valueKeySchema, comment: z.string().max(500).optional() }),
  permission: (input) => ({ action: "values.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const { orgId } = actor;
    const version = await getValueSetVersion(tx, orgId, input.appId, input.versionId);
    if (!version || version.envId !== input.envId) throw notFound(`Value set version "${input.versionId}"`);
    const stored = version.values[input.key];
    if (!stored) throw notFound(`Value "${input.key}" in value set version "${input.versionId}"`);
    if (stored.purged) throw new SafeError("conflict", `key: value "${input.key}" was purged from version ${version.id} and cannot be restored`);
    const now = new Date().toISOString();
    const where = and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.envId), eq(sharedValues.key, input.key));
    const existed = rowsAffected(await tx.delete(sharedValues).where(where)) > 0;
    await tx.insert(sharedValues)
      .values({ orgId, appId: input.appId, envId: input.envId, key: input.key, value: stored.value, encryptedValue: stored.encryptedValue, isSecret: stored.isSecret, description: stored.description, createdAt: now, updatedAt: now });
    const versionId = await recordValueSetVersion(tx, {
      orgId,
      appId: input.appId,
      envId: input.envId,
      change: [{ op: existed ? "replace" : "add", path: `/${input.key}` }],
      comment: input.comment ?? `restored "${input.key}" from version ${version.id}`,
      resultOf: input.envId ? "env_value_set_version_restore" : "app_value_set_version_restore",
      sourceVersionId: version.id,
      createdBy: actor.email,
    });
    return { versionId };
  },
  audit: (input) => ({ target: `app/${input.appId}${input.envId ? `/env/${input.envId}` : ""}/value/${input.key}`, details: { restoredFrom: input.versionId } }),
});
