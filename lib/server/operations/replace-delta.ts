import { z } from "zod";
import { withContributor, type MergeableDelta } from "@/lib/engine/delta/merge";
import { appIdSchema } from "@/lib/validation/ids";
import { asMergeable, checkModuleAdds, deltaBody, loadDelta, requireEnvironment, storeDelta } from "./delta-input";
import { defineOperation } from "./operation";

export const replaceDeltaInput = deltaBody.extend({ appId: appIdSchema, deltaId: z.string().min(1) });

/** Replaces a stored draft delta's content (Humanitec's `PUT /deltas/{id}`); its id and creator stay. */
export const replaceDelta = defineOperation({
  name: "delta.replace",
  input: replaceDeltaInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const row = await loadDelta(tx, actor.orgId, input.appId, input.deltaId);
    const previous = (row.content as MergeableDelta).metadata ?? {};
    const envId = (input.metadata?.env_id ?? previous.env_id) || null;
    await requireEnvironment(tx, actor.orgId, input.appId, envId);
    const delta = asMergeable({ modules: input.modules ?? {}, shared: input.shared ?? [] });
    checkModuleAdds(delta);
    const metadata = withContributor({ ...previous, ...(input.metadata ?? {}), ...(envId ? { env_id: envId } : {}) }, actor.email, row.createdBy);
    await storeDelta(tx, actor.orgId, row.id, { ...delta, metadata }, envId);
    return { id: row.id, envId };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/delta/${r.id}`, details: { env_id: r.envId } }),
});
