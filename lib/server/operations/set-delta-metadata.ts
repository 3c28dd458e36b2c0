import { z } from "zod";
import type { MergeableDelta } from "@/lib/engine/delta/merge";
import { appIdSchema } from "@/lib/validation/ids";
import { loadDelta, requireEnvironment, storeDelta } from "./delta-input";
import { defineOperation } from "./operation";

export const setDeltaMetadataInput = z.discriminatedUnion("field", [
  z.object({ field: z.literal("archived"), value: z.boolean({ error: "archived must be true or false" }) }),
  z.object({ field: z.literal("env_id"), value: z.string().max(100) }),
  z.object({ field: z.literal("name"), value: z.string().max(200, { error: "a delta name has at most 200 characters" }) }),
]).and(z.object({ appId: appIdSchema, deltaId: z.string().min(1) }));

/** Archives, retargets or renames a draft delta (Humanitec's `PUT /deltas/{id}/metadata/{field}`). */
export const setDeltaMetadata = defineOperation({
  name: "delta.set-metadata",
  input: setDeltaMetadataInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const row = await loadDelta(tx, actor.orgId, input.appId, input.deltaId);
    const content = row.content as MergeableDelta;
    let envId = row.envId;
    if (input.field === "env_id") {
      envId = input.value || null;
      await requireEnvironment(tx, actor.orgId, input.appId, envId);
    }
    const metadata = { ...(content.metadata ?? {}), [input.field]: input.value };
    if (input.field === "env_id" && !envId) delete metadata.env_id;
    await storeDelta(tx, actor.orgId, row.id, { ...content, metadata }, envId);
    return { id: row.id, field: input.field };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/delta/${r.id}`, details: { field: r.field } }),
});
