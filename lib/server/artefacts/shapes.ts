import type { ArtefactRecord, ArtefactVersionRecord, Placement } from "./data";

/** Humanitec's ArtefactResponse. */
export function artefactShape(a: ArtefactRecord) {
  return { id: a.id, name: a.name, type: a.type, created_at: a.createdAt, created_by: a.createdBy, updated_at: a.updatedAt, updated_by: a.updatedBy };
}

/**
 * Humanitec's ArtefactVersion (ContainerArtefactVersion / WorkloadArtefactVersion), plus
 * `deployed_in` (Baton: the environments whose latest deployment runs it) when known.
 */
export function artefactVersionShape(v: ArtefactVersionRecord, placements?: Placement[]) {
  return {
    id: v.id,
    artefact_id: v.artefactId,
    type: v.type,
    name: v.name,
    version: v.version,
    ref: v.ref,
    commit: v.commit,
    ...(v.type === "container" ? { digest: v.digest } : {}),
    archived: v.archived,
    created_at: v.createdAt,
    created_by: v.createdBy,
    updated_at: v.updatedAt,
    updated_by: v.updatedBy,
    ...(placements ? { deployed_in: placements.map((p) => ({ app_id: p.appId, env_id: p.envId, deploy_id: p.deployId, status: p.status, workloads: p.workloads })) } : {}),
  };
}
