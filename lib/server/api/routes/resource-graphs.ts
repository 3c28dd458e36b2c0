import { z } from "zod";
import { getDependencyGraph, computeDependencyGraph, type DependencyGraphRecord } from "@/lib/server/data/dependency-graphs";
import { notFound } from "@/lib/server/errors";
import { createDependencyGraph, provisionRequestsOf, provisionRequestsSchema, unresolvableGraph } from "@/lib/server/operations/create-dependency-graph";
import { runOperation } from "@/lib/server/operations/operation";
import { envParams } from "../params";
import { defineRoute, operationContext } from "../route";
import { dependencyGraphNodeSchema, dependencyGraphSchema } from "../schemas";
import { requireVisibleEnv } from "./envs";

function graphJson(g: DependencyGraphRecord) {
  // Baton never provisions from a stored graph, so it was last used when it was made.
  return { id: g.id, hash: g.hash, nodes: g.nodes, created_at: g.createdAt, used_at: g.createdAt };
}

export const createDependencyGraphRoute = defineRoute({
  operationId: "createDependencyGraph",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graphs",
  tag: "ActiveResource",
  summary: "Work out, and keep, the resource graph the given resources would need in this environment: matched against today's definitions, nothing provisioned",
  params: envParams,
  body: provisionRequestsSchema,
  success: { status: 200, description: "The graph", schema: dependencyGraphSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    const { appId, envId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const { id } = await runOperation(createDependencyGraph, { appId, envId, requests: ctx.body }, operationContext(ctx));
    return graphJson((await getDependencyGraph(ctx.db, ctx.actor.orgId, appId, envId, id))!);
  },
});

export const getDependencyGraphRoute = defineRoute({
  operationId: "getDependencyGraph",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graphs/{graphId}",
  tag: "ActiveResource",
  summary: "A graph made by createDependencyGraph",
  params: envParams.extend({ graphId: z.string().min(1).describe("Graph id") }),
  success: { status: 200, description: "The graph", schema: dependencyGraphSchema },
  errors: [404],
  handle: async (ctx) => {
    const { appId, envId, graphId } = ctx.params;
    await requireVisibleEnv(ctx, appId, envId);
    const graph = await getDependencyGraph(ctx.db, ctx.actor.orgId, appId, envId, graphId);
    if (!graph) throw notFound(`Resource graph "${graphId}"`);
    return graphJson(graph);
  },
});

export const queryResourceGraphRoute = defineRoute({
  operationId: "queryResourceGraph",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graph",
  tag: "ActiveResource",
  summary: "Humanitec's older form of createDependencyGraph: the nodes only, nothing kept",
  params: envParams,
  body: provisionRequestsSchema,
  success: { status: 200, description: "The nodes, dependencies first", schema: z.array(dependencyGraphNodeSchema) },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    const env = await requireVisibleEnv(ctx, ctx.params.appId, ctx.params.envId);
    const graph = await computeDependencyGraph(ctx.db, ctx.actor.orgId, { appId: ctx.params.appId, id: env.id, type: env.type }, provisionRequestsOf(ctx.body));
    if (graph.errors.length > 0) throw unresolvableGraph(graph.errors);
    return graph.nodes;
  },
});
