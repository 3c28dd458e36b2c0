import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { first } from "@/db/raw";
import { artefactVersions, artefacts, deploymentSets, deployments } from "@/db/tables";
import type { DeploymentSet } from "@/lib/engine/delta/types";
import { imageRepository } from "@/lib/engine/automation";
import type { ApplicationRecord } from "@/lib/server/data/apps";

export type ArtefactType = "container" | "workload";

export interface ArtefactRecord {
  id: string;
  type: ArtefactType;
  name: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ArtefactVersionRecord {
  id: string;
  artefactId: string;
  type: ArtefactType;
  name: string;
  version: string;
  ref: string;
  commit: string;
  digest: string;
  spec: Record<string, unknown> | null;
  archived: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const artefactColumns = {
  id: artefacts.id,
  type: artefacts.type,
  name: artefacts.name,
  createdAt: artefacts.createdAt,
  createdBy: artefacts.createdBy,
  updatedAt: artefacts.updatedAt,
  updatedBy: artefacts.updatedBy,
};

const versionColumns = {
  id: artefactVersions.id,
  artefactId: artefactVersions.artefactId,
  type: artefacts.type,
  name: artefacts.name,
  version: artefactVersions.version,
  ref: artefactVersions.ref,
  commit: artefactVersions.commit,
  digest: artefactVersions.digest,
  spec: artefactVersions.spec,
  archived: artefactVersions.archived,
  createdAt: artefactVersions.createdAt,
  createdBy: artefactVersions.createdBy,
  updatedAt: artefactVersions.updatedAt,
  updatedBy: artefactVersions.updatedBy,
};

export async function listArtefacts(db: DbOrTx, orgId: string, filter: { type?: string; name?: string } = {}): Promise<ArtefactRecord[]> {
  const where = [eq(artefacts.orgId, orgId)];
  if (filter.type) where.push(eq(artefacts.type, filter.type as ArtefactType));
  if (filter.name) where.push(eq(artefacts.name, filter.name));
  return await db.select(artefactColumns).from(artefacts).where(and(...where)).orderBy(asc(artefacts.name), asc(artefacts.type));
}

export async function getArtefact(db: DbOrTx, orgId: string, artefactId: string): Promise<ArtefactRecord | undefined> {
  return await first(db.select(artefactColumns).from(artefacts).where(and(eq(artefacts.orgId, orgId), eq(artefacts.id, artefactId))));
}

export async function findArtefact(db: DbOrTx, orgId: string, type: ArtefactType, name: string): Promise<ArtefactRecord | undefined> {
  return await first(db.select(artefactColumns).from(artefacts).where(and(eq(artefacts.orgId, orgId), eq(artefacts.type, type), eq(artefacts.name, name))));
}

export interface VersionFilter {
  artefactId?: string;
  name?: string;
  type?: string;
  ref?: string;
  /** Archived versions are left out unless asked for. */
  archived?: boolean;
  limit?: number;
}

/** Versions, newest first. */
export async function listArtefactVersions(db: DbOrTx, orgId: string, filter: VersionFilter = {}): Promise<ArtefactVersionRecord[]> {
  const where = [eq(artefactVersions.orgId, orgId), eq(artefactVersions.archived, filter.archived ?? false)];
  if (filter.artefactId) where.push(eq(artefactVersions.artefactId, filter.artefactId));
  if (filter.name) where.push(eq(artefacts.name, filter.name));
  if (filter.type) where.push(eq(artefacts.type, filter.type as ArtefactType));
  if (filter.ref) where.push(eq(artefactVersions.ref, filter.ref));
  const query = db
    .select(versionColumns)
    .from(artefactVersions)
    .innerJoin(artefacts, eq(artefacts.id, artefactVersions.artefactId))
    .where(and(...where))
    .orderBy(desc(artefactVersions.createdAt), desc(artefactVersions.id));
  return await (filter.limit ? query.limit(filter.limit) : query);
}

export async function getArtefactVersion(db: DbOrTx, orgId: string, versionId: string): Promise<ArtefactVersionRecord | undefined> {
  return await first(db
    .select(versionColumns)
    .from(artefactVersions)
    .innerJoin(artefacts, eq(artefacts.id, artefactVersions.artefactId))
    .where(and(eq(artefactVersions.orgId, orgId), eq(artefactVersions.id, versionId))));
}

/** The image reference a container artefact version stands for: `name:version`, else `name@digest`. */
export function imageReferenceOf(v: Pick<ArtefactVersionRecord, "name" | "version" | "digest">): string {
  if (v.version) return `${v.name}:${v.version}`;
  return v.digest ? `${v.name}@${v.digest}` : v.name;
}

/** Every container image a deployment set runs, by workload. */
export function imagesOfSet(set: DeploymentSet | undefined): { workloadId: string; image: string }[] {
  const out: { workloadId: string; image: string }[] = [];
  for (const [workloadId, mod] of Object.entries(set?.modules ?? {})) {
    const containers = (mod.spec.containers ?? {}) as Record<string, { image?: unknown }>;
    for (const c of Object.values(containers)) if (typeof c.image === "string" && c.image) out.push({ workloadId, image: c.image });
  }
  return out;
}

export interface Placement {
  appId: string;
  envId: string;
  deployId: string;
  status: string;
  workloads: string[];
}

/**
 * Where each of `versions` runs now: environments (of `apps`) whose latest deployment's set has
 * a container on the version's image (by tag, or by digest).
 */
export async function placementsOf(db: DbOrTx, orgId: string, apps: ApplicationRecord[], versions: ArtefactVersionRecord[]): Promise<Map<string, Placement[]>> {
  const out = new Map<string, Placement[]>(versions.map((v) => [v.id, []]));
  const containerVersions = versions.filter((v) => v.type === "container");
  const envs = apps.flatMap((a) => a.envs.filter((e) => e.lastDeployId).map((e) => ({ appId: a.id, envId: e.id, deployId: e.lastDeployId! })));
  if (containerVersions.length === 0 || envs.length === 0) return out;
  const deploys = await db
    .select({ id: deployments.id, appId: deployments.appId, status: deployments.status, setId: deployments.setId })
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), inArray(deployments.id, envs.map((e) => e.deployId))));
  const setIds = [...new Set(deploys.map((d) => d.setId))];
  const sets = setIds.length ? await db.select({ id: deploymentSets.id, content: deploymentSets.content }).from(deploymentSets).where(inArray(deploymentSets.id, setIds)) : [];
  const setById = new Map(sets.map((s) => [s.id, s.content as unknown as DeploymentSet]));
  for (const env of envs) {
    const dep = deploys.find((d) => d.id === env.deployId && d.appId === env.appId);
    if (!dep) continue;
    const images = imagesOfSet(setById.get(dep.setId));
    for (const v of containerVersions) {
      const ref = imageReferenceOf(v);
      const digestRef = v.digest ? `@${v.digest}` : undefined;
      const workloads = images.filter((i) => i.image === ref || (digestRef && imageRepository(i.image) === v.name && i.image.endsWith(digestRef))).map((i) => i.workloadId);
      if (workloads.length) out.get(v.id)!.push({ appId: env.appId, envId: env.envId, deployId: dep.id, status: dep.status, workloads: [...new Set(workloads)] });
    }
  }
  return out;
}
