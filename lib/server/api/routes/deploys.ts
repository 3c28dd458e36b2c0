import { z } from "zod";
import { getDeployment, listDeploymentErrors, listDeploymentEvents, listDeployments, type DeploymentCursor, type DeploymentRecord } from "@/lib/server/data/deployments";
import { notFound } from "@/lib/server/errors";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { pageOf, pageOfFetched, pageOfKeyset, paginationQuery, tokenOfAnotherList } from "../pagination";
import { envParams } from "../params";
import { defineRoute, operationContext, type RouteContext } from "../route";
import { deploymentErrorSchema, deploymentEventSchema, deploymentStubSchema } from "../schemas";
import { deploymentJson } from "../shapes";
import { requireVisibleEnv } from "./envs";

const deployParams = envParams.extend({ deployId: z.string().min(1).describe("Deployment id") });

async function requireDeployment(ctx: Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">, appId: string, envId: string, deployId: string) {
  await requireVisibleEnv(ctx, appId, envId);
  const d = await getDeployment(ctx.db, ctx.actor.orgId, appId, deployId);
  if (!d || d.envId !== envId) throw notFound(`Deployment "${deployId}" of ${appId}/${envId}`);
  return d;
}

const deploymentKey = (d: DeploymentRecord) => [d.createdAt, d.id];

function deploymentCursorOf(after: string[]): DeploymentCursor {
  if (after.length !== 2) throw tokenOfAnotherList();
  return { createdAt: after[0], id: after[1] };
}

export const listDeploys = defineRoute({
  operationId: "listDeployments",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/deploys",
  tag: "Deployment",
  summary: "List an environment's deployments, newest first",
  params: envParams,
  query: paginationQuery,
  success: { status: 200, description: "Deployments", schema: z.array(deploymentStubSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    // One row more than asked tells whether another page exists, without counting. Pages
    // continue after the last deployment shown (keyset); offset tokens of earlier versions
    // still work.
    const limit = ctx.page.perPage + 1;
    const page = ctx.page.after
      ? pageOfKeyset(await listDeployments(ctx.db, ctx.actor.orgId, appId, envId, { limit, before: deploymentCursorOf(ctx.page.after) }), ctx.page, deploymentKey)
      : ctx.page.offset > 0
        ? pageOfFetched(await listDeployments(ctx.db, ctx.actor.orgId, appId, envId, { limit, offset: ctx.page.offset }), ctx.page)
        : pageOfKeyset(await listDeployments(ctx.db, ctx.actor.orgId, appId, envId, { limit }), ctx.page, deploymentKey);
    return { ...page, items: page.items.map(deploymentJson) };
  },
});

export const createDeploy = defineRoute({
  operationId: "createDeployment",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/deploys",
  tag: "Deployment",
  summary: "Deploy: a delta onto the current state, a set, an earlier deployment (redeploy / roll back / clone), or the app's latest workloads",
  description:
    "Give at most one of `delta_id`, `set_id` and `from_deploy_id`; with none, every workload's latest Score version is deployed. `from_deploy_id` is Humanitec's rebase (PUT from_deploy_id) and deploy in one call; `value_set_version: pinned` reuses that deployment's values (rollback), `current` the values of today. 409 while another deployment of the environment runs.",
  params: envParams,
  body: z.object({
    delta_id: z.string().optional(),
    set_id: z.string().optional(),
    from_deploy_id: z.string().optional(),
    value_set_version: z.enum(["current", "pinned"]).optional(),
    comment: z.string().optional(),
  }),
  success: { status: 201, description: "The deployment (status pending; poll it)", schema: deploymentStubSchema },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    const r = await runOperation(
      deployEnvironment,
      { appId, envId, deltaId: ctx.body.delta_id, setId: ctx.body.set_id, fromDeployId: ctx.body.from_deploy_id, values: ctx.body.value_set_version, comment: ctx.body.comment },
      operationContext(ctx),
    );
    return deploymentJson((await getDeployment(ctx.db, ctx.actor.orgId, appId, r.id))!);
  },
});

export const getDeploy = defineRoute({
  operationId: "getDeployment",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}",
  tag: "Deployment",
  summary: "Get a deployment (poll `status` until succeeded or failed)",
  params: deployParams,
  success: { status: 200, description: "The deployment", schema: deploymentStubSchema },
  errors: [404],
  handle: async (ctx) => deploymentJson(await requireDeployment(ctx, ctx.params.appId, ctx.params.envId, ctx.params.deployId)),
});

export const listDeployErrors = defineRoute({
  operationId: "listDeploymentErrors",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}/errors",
  tag: "Deployment",
  summary: "Errors of a deployment",
  params: deployParams,
  success: { status: 200, description: "Errors", schema: z.array(deploymentErrorSchema) },
  errors: [404],
  handle: async (ctx) => {
    const d = await requireDeployment(ctx, ctx.params.appId, ctx.params.envId, ctx.params.deployId);
    return (await listDeploymentErrors(ctx.db, d.id)).map((e) => ({ code: e.code, error_type: e.code.split("-")[0] ?? e.code, scope: e.scope, object_id: e.objectId, message: e.message, summary: e.message.split("\n")[0] }));
  },
});

export const listDeployEvents = defineRoute({
  operationId: "listDeploymentEvents",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}/events",
  tag: "Deployment",
  summary: "A deployment's progress log (Baton): events after `after` (an event id), oldest first",
  params: deployParams,
  query: paginationQuery.extend({ after: z.coerce.number().int().min(0).optional().describe("Only events with a larger id") }),
  success: { status: 200, description: "Events", schema: z.array(deploymentEventSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    const d = await requireDeployment(ctx, ctx.params.appId, ctx.params.envId, ctx.params.deployId);
    return pageOf(await listDeploymentEvents(ctx.db, d.id, ctx.query.after ?? 0), ctx.page);
  },
});
