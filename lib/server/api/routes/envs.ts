import { z } from "zod";
import { getEnvironment, listEnvironments } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deleteEnvironment } from "@/lib/server/operations/delete-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { rebaseEnvironment } from "@/lib/server/operations/rebase-environment";
import { renameEnvironment } from "@/lib/server/operations/rename-environment";
import { pageOf, paginationQuery } from "../pagination";
import { appParams, envParams } from "../params";
import { defineRoute, operationContext, type RouteContext } from "../route";
import { environmentSchema } from "../schemas";
import { environmentJson } from "../shapes";
import { requireVisibleApp } from "./apps";

export async function requireVisibleEnv(ctx: Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">, appId: string, envId: string) {
  await requireVisibleApp(ctx, appId);
  const env = await getEnvironment(ctx.db, ctx.actor.orgId, appId, envId);
  if (!env) throw notFound(`Environment "${envId}" of application "${appId}"`);
  return env;
}

export const listEnvs = defineRoute({
  operationId: "listEnvironments",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs",
  tag: "Environment",
  summary: "List an application's environments",
  params: appParams,
  query: paginationQuery,
  success: { status: 200, description: "Environments, oldest first", schema: z.array(environmentSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const envs = await listEnvironments(ctx.db, ctx.actor.orgId, ctx.params.appId);
    return pageOf(await Promise.all(envs.map(async (e) => await environmentJson(ctx.db, ctx.actor.orgId, e))), ctx.page);
  },
});

export const createEnv = defineRoute({
  operationId: "createEnvironment",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs",
  tag: "Environment",
  summary: "Create an environment, optionally starting from a deployment of another environment",
  params: appParams,
  body: z.object({
    id: z.string().describe("Environment id, 2–50 characters"),
    name: z.string().optional(),
    type: z.string().describe("Environment type"),
    from_deploy_id: z.string().optional().describe("Deployment whose state the new environment starts from (clone)"),
  }),
  success: { status: 201, description: "The environment", schema: environmentSchema },
  errors: [400, 404, 409, 422],
  handle: async ({ db, actor, requestId, params, body }) => {
    const env = await runOperation(
      createEnvironment,
      { appId: params.appId, id: body.id, name: body.name, type: body.type, fromDeployId: body.from_deploy_id },
      { db, actor, requestId },
    );
    return await environmentJson(db, actor.orgId, env);
  },
});

export const getEnv = defineRoute({
  operationId: "getEnvironment",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}",
  tag: "Environment",
  summary: "Get an environment",
  params: envParams,
  success: { status: 200, description: "The environment", schema: environmentSchema },
  errors: [404],
  handle: async (ctx) => await environmentJson(ctx.db, ctx.actor.orgId, await requireVisibleEnv(ctx, ctx.params.appId, ctx.params.envId)),
});

export const patchEnv = defineRoute({
  operationId: "patchEnvironment",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}",
  tag: "Environment",
  summary: "Rename an environment",
  params: envParams,
  body: z.object({ name: z.string() }),
  success: { status: 200, description: "The environment", schema: environmentSchema },
  errors: [400, 404, 422],
  handle: async ({ db, actor, requestId, params, body }) =>
    await environmentJson(db, actor.orgId, await runOperation(renameEnvironment, { appId: params.appId, id: params.envId, name: body.name }, { db, actor, requestId })),
});

export const deleteEnv = defineRoute({
  operationId: "deleteEnvironment",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}",
  tag: "Environment",
  summary: "Delete an environment and its deployment history (irreversible)",
  params: envParams,
  success: { status: 204, description: "Deleted" },
  errors: [404],
  handle: async ({ db, actor, requestId, params }) => {
    await runOperation(deleteEnvironment, { appId: params.appId, id: params.envId, confirm: params.envId }, { db, actor, requestId });
  },
});

export const rebaseEnvironmentRoute = defineRoute({
  operationId: "rebaseEnvironment",
  method: "PUT",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/from_deploy_id",
  tag: "Environment",
  summary: "Rebase: the environment's next deployment starts from this deployment (body: the deployment id as a JSON string)",
  params: envParams,
  body: z.string().min(1).describe("Deployment id"),
  success: { status: 200, description: "The environment", schema: environmentSchema },
  errors: [400, 404],
  handle: async (ctx) => {
    await requireVisibleEnv(ctx, ctx.params.appId, ctx.params.envId);
    const env = await runOperation(rebaseEnvironment, { appId: ctx.params.appId, envId: ctx.params.envId, deployId: ctx.body }, operationContext(ctx));
    return await environmentJson(ctx.db, ctx.actor.orgId, env);
  },
});
