import { z } from "zod";
import { getDeployment } from "@/lib/server/data/deployments";
import { deployScore } from "@/lib/server/operations/deploy-score";
import { runOperation } from "@/lib/server/operations/operation";
import { envParams } from "../params";
import { defineRoute, operationContext } from "../route";
import { deploymentStubSchema } from "../schemas";
import { deploymentJson } from "../shapes";
import { requireVisibleEnv } from "./envs";

/**
 * `baton score deploy` / `humctl score deploy` on the server: each Score file is saved as a
 * new version of its workload (only when valid — nothing is written otherwise), then the
 * environment is deployed with those versions, `image` filling every `image: .`. With
 * `remove`, the named workloads are taken out of the environment instead.
 */
export const scoreDeploy = defineRoute({
  operationId: "deployScore",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/score-deploys",
  tag: "Deployment",
  summary: "Deploy Score files: save them as workload versions and deploy them (Baton's `score deploy`)",
  params: envParams,
  body: z.object({
    workloads: z.array(z.object({ score_yaml: z.string().describe("The Score file, overrides already applied"), file: z.string().optional().describe("File name, for messages") })).min(1),
    image: z.string().optional().describe("Image for every container whose image is `.`"),
    message: z.string().optional().describe("Comment of the versions and the deployment"),
    remove: z.boolean().optional().describe("Remove these workloads from the environment instead"),
  }),
  success: { status: 201, description: "The deployment (status pending; poll it)", schema: deploymentStubSchema },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const r = await runOperation(
      deployScore,
      {
        appId,
        envId,
        workloads: ctx.body.workloads.map((w) => ({ scoreYaml: w.score_yaml, file: w.file })),
        image: ctx.body.image,
        message: ctx.body.message,
        remove: ctx.body.remove,
      },
      operationContext(ctx),
    );
    return deploymentJson((await getDeployment(ctx.db, ctx.actor.orgId, appId, r.id))!);
  },
});
