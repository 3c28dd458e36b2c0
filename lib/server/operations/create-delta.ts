import { randomUUID } from "node:crypto";
import { deltas } from "@/db/tables";
import { getApplication } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema } from "@/lib/validation/ids";
import { asMergeable, checkModuleAdds, deltaBody, requireEnvironment } from "./delta-input";
import { defineOperation } from "./operation";

export const createDeltaInput = deltaBody.extend({ appId: appIdSchema });

/**
 * Stores a deployment delta (Humanitec's `POST /deltas`) after checking its module adds are well
 * formed; deploying it (`delta_id`) applies it to the environment's current set.
 */
export const createDelta = defineOperation({
  name: "delta.create",
  input: createDeltaInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    if (!(await getApplication(tx, actor.orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    const envId = input.metadata?.env_id || null;
    await requireEnvironment(tx, actor.orgId, input.appId, envId);
    const delta = asMergeable({ modules: input.modules ?? {}, shared: input.shared ?? [] });
    checkModuleAdds(delta);
    const id = randomUUID().replace(/-/g, "");
    const now = new Date().toISOString();
    const content = { ...delta, metadata: { ...(input.metadata ?? {}), ...(envId ? { env_id: envId } : {}) } };
    await tx.insert(deltas).values({ id, orgId: actor.orgId, appId: input.appId, envId, content: content as Record<string, unknown>, createdAt: now, createdBy: actor.email });
    return { id, envId, content, createdAt: now, createdBy: actor.email };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/delta/${r.id}`, details: { env_id: r.envId } }),
});
