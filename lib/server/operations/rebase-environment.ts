import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { environments } from "@/db/tables";
import { getEnvironment } from "@/lib/server/data/apps";
import { getDeployment } from "@/lib/server/data/deployments";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

/**
 * Humanitec's rebase: the environment's next deployment starts from another deployment of the
 * application (its `from_deploy`), e.g. one from another environment.
 */
export const rebaseEnvironment = defineOperation({
  name: "env.rebase",
  input: z.object({ appId: appIdSchema, envId: envIdSchema, deployId: z.string().min(1, "deployment id is required") }),
  permission: async (input, { db, actor }) => ({ action: "env.deploy", appId: input.appId, envType: (await getEnvironment(db, actor.orgId, input.appId, input.envId))?.type ?? "" }),
  async execute(tx, input, { actor }) {
    if (!(await getEnvironment(tx, actor.orgId, input.appId, input.envId))) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    if (!(await getDeployment(tx, actor.orgId, input.appId, input.deployId))) throw notFound(`Deployment "${input.deployId}"`);
    await tx.update(environments)
      .set({ fromDeployId: input.deployId })
      .where(and(eq(environments.orgId, actor.orgId), eq(environments.appId, input.appId), eq(environments.id, input.envId)));
    return (await getEnvironment(tx, actor.orgId, input.appId, input.envId))!;
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.envId}`, details: { fromDeployId: input.deployId } }),
});
