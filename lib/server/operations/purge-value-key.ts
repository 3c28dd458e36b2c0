import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sharedValues, valueSetVersions } from "@/db/tables";
import { type StoredValue, getValueSetVersion } from "@/lib/server/data/values";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { recordValueSetVersion } from "./value-versioning";
import { valueKeySchema, valueScopeSchema } from "./values-input";

const sameValue = (a: StoredValue, b: { value: string; encryptedValue: string | null; isSecret: boolean }) =>
  a.isSecret === b.isSecret && (a.isSecret ? a.encryptedValue === b.encryptedValue : a.value === b.value);

/**
 * Erases the value a key held in a version from every version of its scope that held that same
 * value (a leaked secret, say): it can no longer be read, restored or deployed. The live value
 * must have moved on first, so nothing running depends on it.
 */
export const purgeValueKey = defineOperation({
  name: "value.purge",
  input: valueScopeSchema.extend({ versionId: z.string().min(1, "versionId is required"), key: valueKeySchema, comment: z.string().max(500).optional() }),
  permission: (input) => ({ action: "values.purge", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const { orgId } = actor;
    const version = await getValueSetVersion(tx, orgId, input.appId, input.versionId);
    if (!version || version.envId !== input.envId) throw notFound(`Value set version "${input.versionId}"`);
    const target = version.values[input.key];
    if (!target) throw notFound(`Value "${input.key}" in value set version "${input.versionId}"`);
    if (target.purged) throw new SafeError("conflict", `key: value "${input.key}" is already purged from version ${version.id}`);
    const live = await first(tx
      .select({ value: sharedValues.value, encryptedValue: sharedValues.encryptedValue, isSecret: sharedValues.isSecret })
      .from(sharedValues)
      .where(and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.envId), eq(sharedValues.key, input.key))));
    if (live && sameValue(target, live)) {
      throw new SafeError("conflict", `key: "${input.key}" still holds this value; change or delete it first, then purge the old value from the history`);
    }
    const history = await tx
      .select({ id: valueSetVersions.id, values: valueSetVersions.values })
      .from(valueSetVersions)
      .where(and(eq(valueSetVersions.orgId, orgId), eq(valueSetVersions.appId, input.appId), eq(valueSetVersions.envId, input.envId)));
    const now = new Date().toISOString();
    let purged = 0;
    for (const v of history) {
      const held = (v.values as Record<string, StoredValue>)[input.key];
      if (!held || held.purged || !sameValue(target, held)) continue;
      const values = { ...v.values, [input.key]: { ...held, value: "", encryptedValue: null, purged: true } };
      await tx.update(valueSetVersions).set({ values, updatedAt: now }).where(eq(valueSetVersions.id, v.id));
      purged++;
    }
    await recordValueSetVersion(tx, {
      orgId,
      appId: input.appId,
      envId: input.envId,
      change: [],
      comment: input.comment ?? `purged the value "${input.key}" held in version ${version.id} from ${purged} version(s)`,
      resultOf: input.envId ? "env_value_set_version_purge" : "app_value_set_version_purge",
      sourceVersionId: version.id,
      createdBy: actor.email,
    });
    return { purgedVersions: purged };
  },
  audit: (input, result) => ({ target: `app/${input.appId}${input.envId ? `/env/${input.envId}` : ""}/value/${input.key}`, details: { purgedFrom: input.versionId, versions: result.purgedVersions } }),
});
