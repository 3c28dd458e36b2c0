import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sharedValues } from "@/db/tables";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { listScopeValues } from "@/lib/server/data/values";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation, secretsOf } from "./operation";
import { recordValueSetVersion } from "./value-versioning";
import { valueKeySchema, valueScopeSchema } from "./values-input";

export const setSharedValueInput = valueScopeSchema.extend({
  key: valueKeySchema,
  /** For secrets, omitted keeps the stored secret (only the description changes). */
  value: z.string().max(64 * 1024, "value must be at most 64 KiB").optional(),
  isSecret: z.boolean().optional().default(false),
  description: z.string().max(500).optional(),
});

/** Creates or replaces a shared value (app level) or an environment override; secrets are encrypted. */
export const setSharedValue = defineOperation({
  name: "value.set",
  input: setSharedValueInput,
  permission: (input) => ({ action: "values.edit", appId: input.appId }),
  async execute(tx, input, ctx) {
    const { orgId } = ctx.actor;
    if (!(await getApplication(tx, orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    if (input.envId && !(await getEnvironment(tx, orgId, input.appId, input.envId))) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    const existing = (await listScopeValues(tx, orgId, input.appId, input.envId)).find((v) => v.key === input.key);
    if (input.value === undefined && !(existing && existing.isSecret && input.isSecret)) {
      throw new SafeError("invalid", "value: required", { fields: [{ field: "value", message: "required" }] });
    }
    const now = new Date().toISOString();
    const encryptedValue = input.isSecret ? (input.value !== undefined ? secretsOf(ctx).encrypt(input.value) : existing!.encryptedValue) : null;
    const row = {
      value: input.isSecret ? "" : input.value!,
      encryptedValue,
      isSecret: input.isSecret,
      description: input.description ?? existing?.description ?? "",
      updatedAt: now,
    };
    const where = and(eq(sharedValues.orgId, orgId), eq(sharedValues.appId, input.appId), eq(sharedValues.envId, input.envId), eq(sharedValues.key, input.key));
    if (existing) await tx.update(sharedValues).set(row).where(where);
    else await tx.insert(sharedValues).values({ orgId, appId: input.appId, envId: input.envId, key: input.key, createdAt: now, ...row });
    const versionId = await recordValueSetVersion(tx, {
      orgId,
      appId: input.appId,
      envId: input.envId,
      // The change names the key only: a secret's value never enters a version's change log.
      change: [{ op: existing ? "replace" : "add", path: `/${input.key}` }],
      resultOf: input.envId ? (existing ? "env_value_update" : "env_value_create") : existing ? "app_value_update" : "app_value_create",
      createdBy: ctx.actor.email,
    });
    return { key: input.key, isSecret: input.isSecret, source: input.envId ? ("env" as const) : ("app" as const), versionId };
  },
  audit: (input) => ({ target: `app/${input.appId}${input.envId ? `/env/${input.envId}` : ""}/value/${input.key}`, details: { isSecret: input.isSecret } }),
});
