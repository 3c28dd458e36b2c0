import { first } from "@/db/raw";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deploymentErrors, deploymentEvents, deploymentSets, deployments } from "@/db/tables";
import type { DeploymentSet } from "@/lib/engine/delta/types";
import { preparedFor } from "./prepared";

export type DeploymentStatus = "pending" | "in progress" | "succeeded" | "failed";

export interface DeploymentRecord {
  id: string;
  appId: string;
  envId: string;
  fromId: string | null;
  deltaId: string | null;
  setId: string;
  valueSetVersionId: string | null;
  envValueSetVersionId: string | null;
  workloadVersions: Record<string, number> | null;
  comment: string;
  status: DeploymentStatus;
  statusChangedAt: string;
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
}

const columns = {
  id: deployments.id,
  appId: deployments.appId,
  envId: deployments.envId,
  fromId: deployments.fromId,
  deltaId: deployments.deltaId,
  setId: deployments.setId,
  valueSetVersionId: deployments.valueSetVersionId,
  envValueSetVersionId: deployments.envValueSetVersionId,
  workloadVersions: deployments.workloadVersions,
  comment: deployments.comment,
  status: deployments.status,
  statusChangedAt: deployments.statusChangedAt,
  createdAt: deployments.createdAt,
  createdBy: deployments.createdBy,
  finishedAt: deployments.finishedAt,
};

/** The environment filter of the prepared history queries. */
const inEnvironment = and(eq(deployments.orgId, sql.placeholder("orgId")), eq(deployments.appId, sql.placeholder("appId")), eq(deployments.envId, sql.placeholder("envId")));

/** Where a page of the history starts: after this deployment (newest first). */
export interface DeploymentCursor {
  createdAt: string;
  id: string;
}

/**
 * An environment's deployments, newest first. `before` continues after a deployment (keyset:
 * one index seek however deep the page); `offset` skips rows (every skipped row is read).
 */
export async function listDeployments(
  db: DbOrTx,
  orgId: string,
  appId: string,
  envId: string,
  opts: { limit?: number; offset?: number; before?: DeploymentCursor } = {},
): Promise<DeploymentRecord[]> {
  const env = { orgId, appId, envId, limit: opts.limit ?? 50 };
  if (opts.before) {
    return await preparedFor(db, "deployments.list.before", () =>
      db
        .select(columns)
        .from(deployments)
        .where(and(inEnvironment, sql`(${deployments.createdAt}, ${deployments.id}) < (${sql.placeholder("createdAt")}, ${sql.placeholder("id")})`))
        .orderBy(desc(deployments.createdAt), desc(deployments.id))
        .limit(sql.placeholder("limit"))
        .prepare(),
    ).execute({ ...env, createdAt: opts.before.createdAt, id: opts.before.id });
  }
  return await preparedFor(db, "deployments.list", () =>
    db
      .select(columns)
      .from(deployments)
      .where(inEnvironment)
      .orderBy(desc(deployments.createdAt), desc(deployments.id))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .prepare(),
  ).execute({ ...env, offset: opts.offset ?? 0 });
}

export async function getDeployment(db: DbOrTx, orgId: string, appId: string, deploymentId: string): Promise<DeploymentRecord | undefined> {
  return await first(db
    .select(columns)
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.appId, appId), eq(deployments.id, deploymentId))));
}

/** The deployment holding the environment, if one is queued or running. */
export async function activeDeployment(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<DeploymentRecord | undefined> {
  return await first(db
    .select(columns)
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.appId, appId), eq(deployments.envId, envId), inArray(deployments.status, ["pending", "in progress"]))));
}

export async function getDeploymentDetail(db: DbOrTx, orgId: string, appId: string, deploymentId: string) {
  const row = await first(db
    .select({ graph: deployments.graph, objects: deployments.objects })
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.appId, appId), eq(deployments.id, deploymentId))));
  return row ? { graph: (row.graph ?? null) as DeploymentGraph | null, objects: (row.objects ?? []) as Record<string, unknown>[] } : undefined;
}

export interface DeploymentGraphNode {
  key: string;
  res_id: string;
  type: string;
  class: string;
  guresid: string;
  def_id: string | null;
  driver_type: string | null;
  criterion?: string | null;
  depends_on: string[];
  /** Absent in graphs stored before it was recorded. */
  origin?: string;
  status: string;
  outputs: { values: Record<string, unknown>; secrets: Record<string, unknown> };
}
export interface DeploymentGraph {
  nodes: DeploymentGraphNode[];
  order: string[];
}

export async function listDeploymentErrors(db: DbOrTx, deploymentId: string) {
  return await db
    .select({ code: deploymentErrors.code, scope: deploymentErrors.scope, objectId: deploymentErrors.objectId, message: deploymentErrors.message })
    .from(deploymentErrors)
    .where(eq(deploymentErrors.deploymentId, deploymentId))
    .orderBy(asc(deploymentErrors.id));
}

export async function listDeploymentEvents(db: DbOrTx, deploymentId: string, afterId = 0) {
  return (await db
    .select({ id: deploymentEvents.id, at: deploymentEvents.at, level: deploymentEvents.level, step: deploymentEvents.step, message: deploymentEvents.message })
    .from(deploymentEvents)
    .where(eq(deploymentEvents.deploymentId, deploymentId))
    .orderBy(asc(deploymentEvents.id)))
    .filter((e) => e.id > afterId);
}

/** The empty set every environment starts from, addressed as `0` (Humanitec's convention). */
export const EMPTY_SET_ID = "0";

/** A set of the organisation by id (`0` is the empty set), or undefined. */
export async function getOrgSet(db: DbOrTx, orgId: string, setId: string): Promise<DeploymentSet | undefined> {
  if (setId === EMPTY_SET_ID) return { version: 0, modules: {}, shared: {} } as DeploymentSet;
  const row = await first(db.select({ content: deploymentSets.content }).from(deploymentSets).where(and(eq(deploymentSets.orgId, orgId), eq(deploymentSets.id, setId))));
  return row?.content as DeploymentSet | undefined;
}

export async function getSet(db: DbOrTx, setId: string): Promise<DeploymentSet | undefined> {
  return (await first(db.select({ content: deploymentSets.content }).from(deploymentSets).where(eq(deploymentSets.id, setId))))?.content as DeploymentSet | undefined;
}

/** The set an environment's next deployment starts from (its `from_deploy`), or undefined for a fresh environment. */
export async function currentSetOf(db: DbOrTx, orgId: string, appId: string, env: { fromDeployId: string | null; lastDeployId: string | null }) {
  const base = env.fromDeployId ?? env.lastDeployId;
  if (!base) return undefined;
  const dep = await getDeployment(db, orgId, appId, base);
  return dep ? { deployment: dep, set: (await getSet(db, dep.setId)) } : undefined;
}

/** GitOps: the commit of the repository that holds what the deployment rendered. */
export async function recordDeploymentCommit(db: DbOrTx, deploymentId: string, commit: string): Promise<void> {
  await db.update(deployments).set({ commit }).where(eq(deployments.id, deploymentId));
}

/** The commit holding the environment's last successful deployment (none when it did not go to Git). */
export async function deployedCommit(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<string | undefined> {
  const row = await first(db
    .select({ commit: deployments.commit })
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.appId, appId), eq(deployments.envId, envId), eq(deployments.status, "succeeded")))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(1));
  return row?.commit ?? undefined;
}
