import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PlanError, ProvisionRequest } from "@/lib/engine/graph";
import { dependencyGraphs } from "@/db/tables";
import { getEnvironment } from "@/lib/server/data/apps";
import { computeDependencyGraph } from "@/lib/server/data/dependency-graphs";
import { SafeError, notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const provisionRequestsSchema = z
  .array(
    z.object({
      id: z.string().min(1, "id is required"),
      type: z.string().min(1, "type is required"),
      class: z.string().optional(),
      resource: z.record(z.string(), z.unknown()).optional().describe("The resource's params"),
    }),
  )
  .min(1, "give at least one resource")
  .max(500, "at most 500 resources per graph");

/** The API's request items (Humanitec's `resource` holds the params) as the engine's. */
export function provisionRequestsOf(body: z.infer<typeof provisionRequestsSchema>): ProvisionRequest[] {
  return body.map((r) => ({ id: r.id, type: r.type, class: r.class, params: r.resource }));
}

/** The graph's plan errors as one 422 naming each resource. */
export function unresolvableGraph(errors: readonly PlanError[]): SafeError {
  return new SafeError("unprocessable", errors.map((e) => `${e.object_id}: ${e.message}`).join("; "), { errors });
}

/** Works out and keeps the graph the requested resources would need in an environment (nothing is provisioned). */
export const createDependencyGraph = defineOperation({
  name: "resource-graph.create",
  input: z.object({ appId: appIdSchema, envId: envIdSchema, requests: provisionRequestsSchema }),
  permission: (input) => ({ action: "app.view", appId: input.appId }),
  async execute(tx, input, { actor }) {
    const env = await getEnvironment(tx, actor.orgId, input.appId, input.envId);
    if (!env) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    const graph = await computeDependencyGraph(tx, actor.orgId, { appId: input.appId, id: env.id, type: env.type }, provisionRequestsOf(input.requests));
    if (graph.errors.length > 0) throw unresolvableGraph(graph.errors);
    const id = randomUUID();
    await tx.insert(dependencyGraphs).values({ id, orgId: actor.orgId, appId: input.appId, envId: input.envId, hash: graph.hash, nodes: graph.nodes as unknown as Record<string, unknown>[], createdAt: new Date().toISOString(), createdBy: actor.email });
    return { id };
  },
  audit: (input, result) => ({ target: `app/${input.appId}/env/${input.envId}/resource-graph/${result.id}`, details: { resources: input.requests.length } }),
});
