import { first } from "@/db/raw";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deployments } from "@/db/tables";
import type { DeploymentGraph } from "./deployments";

/** The environment's most recent planned graph (secrets masked), with the deployment it came from. */
export async function latestEnvironmentGraph(db: DbOrTx, orgId: string, appId: string, envId: string) {
  const row = await first(db
    .select({ id: deployments.id, status: deployments.status, graph: deployments.graph, workloadVersions: deployments.workloadVersions })
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.appId, appId), eq(deployments.envId, envId), isNotNull(deployments.graph)))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(1));
  return row
    ? { deploymentId: row.id, status: row.status, graph: row.graph as DeploymentGraph, workloadVersions: (row.workloadVersions ?? null) as Record<string, number> | null }
    : undefined;
}
