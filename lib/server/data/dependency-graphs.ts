import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { dependencyGraphs } from "@/db/tables";
import { contentHash } from "@/lib/engine/delta";
import { dependencyGraph, type PlanError, type ProvisionRequest } from "@/lib/engine/graph";
import { matchDefinition } from "@/lib/engine/matching";
import { getResourceType } from "@/lib/engine/resource-types";
import { loadOrgDefinitions } from "./definitions";
import { loadCustomResourceTypes } from "./resources";

/** A node as Humanitec's NodeBodyResponse: driver values only (secret inputs never leave the server). */
export interface DependencyGraphNode {
  id: string;
  type: string;
  class: string;
  guresid: string;
  def_id: string;
  def_version_id: string;
  criteria_id: string;
  driver_type: string;
  driver_account?: string;
  driver: Record<string, unknown>;
  resource: Record<string, unknown>;
  resource_schema: Record<string, unknown>;
  depends_on: string[];
}

export interface DependencyGraphRecord {
  id: string;
  hash: string;
  nodes: DependencyGraphNode[];
  createdAt: string;
}

/** Matches (never provisions) what the requests need in an environment, against today's definitions. */
export async function computeDependencyGraph(
  db: DbOrTx,
  orgId: string,
  env: { appId: string; id: string; type: string },
  requests: readonly ProvisionRequest[],
): Promise<{ nodes: DependencyGraphNode[]; hash: string; errors: PlanError[] }> {
  const custom = await loadCustomResourceTypes(db, orgId);
  const { nodes, errors } = dependencyGraph({
    requests,
    context: { org_id: orgId, app_id: env.appId, env_id: env.id, env_type: env.type },
    definitions: (await loadOrgDefinitions(db, orgId)),
    match: matchDefinition,
  });
  const json = nodes.map((n) => ({
    id: n.res_id,
    type: n.type,
    class: n.class,
    guresid: n.guresid,
    def_id: n.definition.id,
    def_version_id: n.definition.version_id ?? "",
    criteria_id: n.criteria_id,
    driver_type: n.definition.driver_type,
    ...(n.definition.driver_account ? { driver_account: n.definition.driver_account } : {}),
    driver: n.definition.driver_inputs?.values ?? {},
    resource: n.params,
    resource_schema: (getResourceType(n.type, custom)?.outputs_schema as Record<string, unknown> | undefined) ?? {},
    depends_on: n.depends_on,
  }));
  return { nodes: json, hash: contentHash(json), errors };
}

export async function getDependencyGraph(db: DbOrTx, orgId: string, appId: string, envId: string, id: string): Promise<DependencyGraphRecord | undefined> {
  const row = await first(db
    .select({ id: dependencyGraphs.id, hash: dependencyGraphs.hash, nodes: dependencyGraphs.nodes, createdAt: dependencyGraphs.createdAt })
    .from(dependencyGraphs)
    .where(and(eq(dependencyGraphs.orgId, orgId), eq(dependencyGraphs.appId, appId), eq(dependencyGraphs.envId, envId), eq(dependencyGraphs.id, id))));
  return row ? { ...row, nodes: row.nodes as unknown as DependencyGraphNode[] } : undefined;
}
