import { z } from "zod";
import { mergeDeltas, type MergeableDelta } from "@/lib/engine/delta/merge";
import { appIdSchema } from "@/lib/validation/ids";
import { asMergeable, checkModuleAdds, deltaBody, loadDelta, requireEnvironment, storeDelta } from "./delta-input";
import { defineOperation } from "./operation";

export const updateDeltaInput = z.object({
  appId: appIdSchema,
  deltaId: z.string().min(1),
  /** Humanitec's PATCH body: deltas combined into the stored one, in order. */
  deltas: z.array(deltaBody).min(1, { error: "give at least one delta to combine" }).max(100),
});

/**
 * Combines deltas into a stored draft delta (Humanitec's `PATCH /deltas/{id}`): the merge and
 * simplification rules live in the engine (`mergeDeltas`); the editor joins `contributers`.
 */
export const updateDelta = defineOperation({
  name: "delta.update",
  input: updateDeltaInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const row = await loadDelta(tx, actor.orgId, input.appId, input.deltaId);
    const stored = row.content as MergeableDelta;
    const merged = mergeDeltas({ ...stored, metadata: { ...stored.metadata, created_by: row.createdBy } }, input.deltas.map(asMergeable), actor.email);
    const envId = merged.metadata?.env_id || null;
    await requireEnvironment(tx, actor.orgId, input.appId, envId);
    checkModuleAdds(merged);
    const { created_by: _createdBy, ...metadata } = merged.metadata ?? {};
    await storeDelta(tx, actor.orgId, row.id, { ...merged, metadata }, envId);
    return { id: row.id, envId, combined: input.deltas.length };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/delta/${r.id}`, details: { combined: r.combined, env_id: r.envId } }),
});
