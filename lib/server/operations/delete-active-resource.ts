import { rowsAffected } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { activeResources } from "@/db/tables";
import { getEnvironment } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { requireEnvironmentIdle } from "./environment-idle";
import { defineOperation } from "./operation";

/**
 * Forgets an environment's active resource, so the next deployment provisions it afresh from
 * whichever definition matches then (new generated credentials included). Baton's drivers keep
 * no state outside this record and the environment's rendered objects, so there is nothing to
 * deprovision beside it: Humanitec's `detach` (keep the real resource) is what always happens.
 */
export const deleteActiveResource = defineOperation({
  name: "active-resource.delete",
  input: z.object({ appId: appIdSchema, envId: envIdSchema, type: z.string().min(1, "type is required"), resId: z.string().min(1, "resId is required") }),
  permission: async (input, { db, actor }) => ({ action: "env.deploy", appId: input.appId, envType: (await getEnvironment(db, actor.orgId, input.appId, input.envId))?.type ?? "" }),
  async execute(tx, input, { actor }) {
    const { orgId } = actor;
    if (!(await getEnvironment(tx, orgId, input.appId, input.envId))) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    await requireEnvironmentIdle(tx, orgId, input.appId, input.envId);
    const where = and(
      eq(activeResources.orgId, orgId),
      eq(activeResources.appId, input.appId),
      eq(activeResources.envId, input.envId),
      eq(activeResources.type, input.type),
      eq(activeResources.resId, input.resId),
    );
    const removed = rowsAffected(await tx.delete(activeResources).where(where));
    if (removed === 0) throw notFound(`Active resource "${input.type}" "${input.resId}" in ${input.appId}/${input.envId}`);
    return { removed };
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.envId}/resource/${input.type}/${input.resId}` }),
});
