import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sharedValues } from "@/db/tables";
import { getValueSetVersion } from "@/lib/server/data/values";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { recordValueSetVersion } from "./value-versioning";
import { valueScopeSchema } from "./values-input";

/** Replaces a scope's values with those of an earlier version (secrets restored as stored). */
export const restoreValueSetVersion = defineOperation({
  name: "value.restore",
  input: valueScopeSchema.extend({ versionId: z.string().min(1, "versionId is required"), comment: z.string().max(500).optional() }),
  permission: (input) => ({ action: "values.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const { orgId } = actor;
    const version = await getValueSetVersion(tx, orgId, input.appId, input.versionId);
    if (!version) throw notFound("Value set version");
    if (version.envId !== input.envId) {
      throw new SafeError("invalid", `versionId: this version belongs to ${version.envId ? `environment "${version.envId}"` : "the application level"}`);
    }
    const now = new Date().toISOString();
    // Purged values are gone for good: the restore brings back every other key.
    const purged = Object.keys(version.values).filter((k) => version.values[k].purged);
    await tx.delete(sharedValues).where(and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.envId)));
    for (const [key, v] of Object.entries(version.values)) {
      if (v.purged) continue;
      await tx.insert(sharedValues)
        .values({ orgId, appId: input.appId, envId: input.envId, key, value: v.value, encryptedValue: v.encryptedValue, isSecret: v.isSecret, description: v.description, createdAt: now, updatedAt: now });
    }
    const versionId = await recordValueSetVersion(tx, {
      orgId,
      appId: input.appId,
      envId: input.envId,
      change: [],
      comment: input.comment ?? `restored version ${version.id}${purged.length ? ` (purged, not restored: ${purged.join(", ")})` : ""}`,
      resultOf: input.envId ? "env_value_set_version_restore" : "app_value_set_version_restore",
      sourceVersionId: version.id,
      createdBy: actor.email,
    });
    return { versionId, restoredFrom: version.id };
  },
  audit: (input) => ({ target: `app/${input.appId}${input.envId ? `/env/${input.envId}` : ""}/values`, details: { restoredFrom: input.versionId } }),
});
