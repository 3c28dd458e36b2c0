import { z } from "zod";
import { getEnvironment } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema, envTypeIdSchema, nameSchema } from "@/lib/validation/ids";
import { createEnvironment } from "./create-environment";
import { deployEnvironment } from "./deploy-environment";
import { defineOperation } from "./operation";

/**
 * Clones an environment's configuration (its current deployment set, not its resources) into
 * a new environment, and optionally deploys it at once; the clone provisions its own resources
 * according to matching. An environment with nothing deployed yet clones into an empty one
 * (there is no set to copy, so nothing is deployed).
 */
export const cloneEnvironment = defineOperation({
  name: "env.clone",
  input: z.object({
    appId: appIdSchema,
    sourceEnvId: envIdSchema,
    id: envIdSchema,
    name: nameSchema("Environment").optional(),
    type: envTypeIdSchema,
    deploy: z.boolean().optional().default(true),
    comment: z.string().max(1000).optional(),
  }),
  permission: (input) => ({ action: "env.create", appId: input.appId, envType: input.type }),
  async execute(tx, input, ctx) {
    const source = await getEnvironment(tx, ctx.actor.orgId, input.appId, input.sourceEnvId);
    if (!source) throw notFound(`Environment "${input.appId}/${input.sourceEnvId}"`);
    const fromDeployId = source.lastDeployId ?? undefined;
    const env = await createEnvironment.execute(tx, { appId: input.appId, id: input.id, name: input.name, type: input.type, fromDeployId }, ctx);
    let deploymentId: string | null = null;
    if (input.deploy && source.lastDeployId) {
      const deployment = await deployEnvironment.execute(
        tx,
        deployEnvironment.input.parse({ appId: input.appId, envId: input.id, fromDeployId: source.lastDeployId, comment: input.comment ?? `Cloned from ${input.sourceEnvId}` }),
        ctx,
      );
      deploymentId = deployment.id;
    }
    return { env, deploymentId, copiedDeployId: source.lastDeployId };
  },
  audit: (input, r) => ({
    target: `app/${input.appId}/env/${input.id}`,
    details: { clonedFrom: input.sourceEnvId, copiedDeployId: r.copiedDeployId, deploymentId: r.deploymentId },
  }),
});
