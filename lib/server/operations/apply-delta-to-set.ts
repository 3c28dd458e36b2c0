import { z } from "zod";
import { deploymentSets } from "@/db/tables";
import { applyDelta, type DeploymentDelta } from "@/lib/engine/delta";
import { getOrgSet } from "@/lib/server/data/deployments";
import { SafeError, notFound } from "@/lib/server/errors";
import { appIdSchema } from "@/lib/validation/ids";
import { deltaBody } from "./delta-input";
import { defineOperation } from "./operation";

/**
 * Humanitec's "apply a delta to a set": the resulting set is stored (sets are content-addressed
 * and immutable, so an equal result is the same set) and its id returned; nothing is deployed.
 */
export const applyDeltaToSet = defineOperation({
  name: "set.apply-delta",
  input: z.object({ appId: appIdSchema, setId: z.string().min(1, "setId is required"), delta: deltaBody }),
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const base = await getOrgSet(tx, actor.orgId, input.setId);
    if (!base) throw notFound(`Deployment set "${input.setId}"`);
    const applied = applyDelta(base, input.delta as DeploymentDelta);
    if (!applied.ok) {
      throw new SafeError("unprocessable", applied.errors.map((e) => `${e.location}: ${e.message}`).join("; "), { fields: applied.errors.map((e) => ({ field: e.location, message: e.message })) });
    }
    await tx.insert(deploymentSets).values({ id: applied.id, orgId: actor.orgId, content: applied.set as unknown as Record<string, unknown>, createdAt: new Date().toISOString() }).onConflictDoNothing();
    return { setId: applied.id };
  },
  audit: (input, result) => ({ target: `app/${input.appId}/set/${result.setId}`, details: { from: input.setId } }),
});
