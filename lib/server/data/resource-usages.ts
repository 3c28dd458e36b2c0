import { first } from "@/db/raw";
import { and, eq, ne } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import type { DbOrTx } from "@/db/client";
import { activeResources, deploymentSets, deployments, environments, workloadVersions, workloads } from "@/db/tables";
import type { DeploymentSet } from "@/lib/engine/delta/types";
import { IMPLICIT_RESOURCES } from "@/lib/engine/graph/build";
import type { MatchRequest } from "@/lib/engine/model/definition";

/**
 * Where resources are used, as match requests — the input of the blast radius:
 * - active resources (provisioned by a deployment);
 * - the resources of each environment's current deployment set
 *   (`environments.last_deploy_id → deployments.set_id → deployment_sets.content`);
 * - the resources the app's workloads declare (latest valid version), in every environment of
 *   the app: they will be matched on the next deployment even before the first one.
 */
export type UsageSource = "active resource" | "deployment set" | "workload";

export interface ResourceUsage extends MatchRequest {
  class: string;
  sources: UsageSource[];
}

// Score types the converter resolves itself; they never go through definitions.
const CONVERTER_TYPES = new Set(["environment", "service"]);

interface EnvRow {
  appId: string;
  id: string;
  type: string;
  lastDeployId: string | null;
}

class UsageCollector {
  private readonly byKey = new Map<string, ResourceUsage>();
  add(env: { appId: string; id: string; type: string }, type: string, cls: string | undefined, resId: string, source: UsageSource) {
    const klass = cls || "default";
    const key = JSON.stringify([env.appId, env.id, type, klass, resId]);
    const found = this.byKey.get(key);
    if (found) {
      if (!found.sources.includes(source)) found.sources.push(source);
      return;
    }
    this.byKey.set(key, { type, class: klass, res_id: resId, app_id: env.appId, env_id: env.id, env_type: env.type, sources: [source] });
  }
  list(): ResourceUsage[] {
    return [...this.byKey.values()].sort(
      (a, b) => a.app_id.localeCompare(b.app_id) || a.env_id.localeCompare(b.env_id) || a.res_id.localeCompare(b.res_id) || a.type.localeCompare(b.type),
    );
  }
}

function addSet(out: UsageCollector, env: EnvRow, set: Partial<DeploymentSet>, source: UsageSource) {
  for (const [workload, module] of Object.entries(set.modules ?? {})) {
    out.add(env, "workload", "default", `modules.${workload}`, source);
    for (const [name, ext] of Object.entries(module?.externals ?? {})) {
      if (ext && typeof ext.type === "string" && !CONVERTER_TYPES.has(ext.type)) out.add(env, ext.type, ext.class, `modules.${workload}.externals.${name}`, source);
    }
  }
  for (const [id, shared] of Object.entries(set.shared ?? {})) {
    if (shared && typeof shared.type === "string") out.add(env, shared.type, shared.class, `shared.${id}`, source);
  }
  for (const implicit of IMPLICIT_RESOURCES) out.add(env, implicit.type, "default", implicit.res_id, source);
}

interface ScoreResourceLike {
  type?: unknown;
  class?: unknown;
  id?: unknown;
}

function workloadResources(scoreYaml: string): Array<[string, ScoreResourceLike]> {
  try {
    const doc = parseYaml(scoreYaml) as { resources?: Record<string, ScoreResourceLike> } | null;
    return Object.entries(doc?.resources ?? {});
  } catch {
    return [];
  }
}

export async function listResourceUsages(db: DbOrTx, orgId: string): Promise<ResourceUsage[]> {
  const out = new UsageCollector();
  const envs: EnvRow[] = await db
    .select({ appId: environments.appId, id: environments.id, type: environments.type, lastDeployId: environments.lastDeployId })
    .from(environments)
    .where(eq(environments.orgId, orgId));

  for (const r of (await db.select().from(activeResources).where(and(eq(activeResources.orgId, orgId), ne(activeResources.status, "replaced"))))) {
    out.add({ appId: r.appId, id: r.envId, type: r.envType }, r.type, r.class, r.resId, "active resource");
  }

  for (const env of envs) {
    if (!env.lastDeployId) continue;
    const row = await first(db
      .select({ content: deploymentSets.content })
      .from(deployments)
      .innerJoin(deploymentSets, eq(deploymentSets.id, deployments.setId))
      .where(and(eq(deployments.orgId, orgId), eq(deployments.id, env.lastDeployId))));
    if (row) addSet(out, env, row.content as Partial<DeploymentSet>, "deployment set");
  }

  const latest = await db
    .select({ appId: workloadVersions.appId, workloadId: workloadVersions.workloadId, scoreYaml: workloadVersions.scoreYaml, valid: workloadVersions.valid })
    .from(workloadVersions)
    .innerJoin(
      workloads,
      and(eq(workloads.orgId, workloadVersions.orgId), eq(workloads.appId, workloadVersions.appId), eq(workloads.id, workloadVersions.workloadId), eq(workloads.latestVersion, workloadVersions.version)),
    )
    .where(eq(workloadVersions.orgId, orgId));
  for (const w of latest) {
    if (!w.valid) continue;
    const resources = workloadResources(w.scoreYaml);
    for (const env of envs.filter((e) => e.appId === w.appId)) {
      for (const [name, r] of resources) {
        if (!r || typeof r.type !== "string" || CONVERTER_TYPES.has(r.type)) continue;
        const resId = typeof r.id === "string" ? `shared.${r.id}` : `modules.${w.workloadId}.externals.${name}`;
        out.add(env, r.type, typeof r.class === "string" ? r.class : "default", resId, "workload");
      }
    }
  }
  return out.list();
}

export interface ActiveResourceUse {
  appId: string;
  envId: string;
  type: string;
  class: string;
  resId: string;
  status: string;
}

/** Active resources provisioned from a definition — they block its deletion. */
export async function activeResourcesOfDefinition(db: DbOrTx, orgId: string, defId: string): Promise<ActiveResourceUse[]> {
  return await db
    .select({ appId: activeResources.appId, envId: activeResources.envId, type: activeResources.type, class: activeResources.class, resId: activeResources.resId, status: activeResources.status })
    .from(activeResources)
    .where(and(eq(activeResources.orgId, orgId), eq(activeResources.defId, defId), ne(activeResources.status, "replaced")))
    .orderBy(activeResources.appId, activeResources.envId, activeResources.resId);
}
