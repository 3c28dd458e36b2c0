import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/server/auth/roles";
import { listUsers } from "@/lib/server/data/users";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { getArtefact, listArtefactVersions, listArtefacts, placementsOf, type ArtefactRecord, type ArtefactVersionRecord, type Placement } from "./data";

/** What the portal shows of artefacts: versions with who registered them (by email) and where they run now. */
export interface ArtefactSummary extends ArtefactRecord {
  versionCount: number;
  latest: { version: string; ref: string; createdAt: string } | null;
  /** Environments (that the reader can see) running any version of it now. */
  deployedIn: number;
}

export interface ArtefactVersionRow extends ArtefactVersionRecord {
  registeredBy: string;
  deployedIn: Placement[];
}

// A catalogue page shows the newest versions; older ones stay in the API (paged).
const PAGE_VERSIONS = 200;

async function emailsByUserId(db: DbOrTx, orgId: string): Promise<Map<string, string>> {
  return new Map((await listUsers(db, orgId)).map((u) => [u.id, u.email]));
}

export async function listArtefactSummaries(db: DbOrTx, actor: Actor): Promise<ArtefactSummary[]> {
  const [all, versions, apps] = await Promise.all([listArtefacts(db, actor.orgId), listArtefactVersions(db, actor.orgId, { limit: 2000 }), visibleApplications(db, actor)]);
  const placements = await placementsOf(db, actor.orgId, apps, versions);
  return all.map((a) => {
    const own = versions.filter((v) => v.artefactId === a.id);
    const envs = new Set(own.flatMap((v) => (placements.get(v.id) ?? []).map((p) => `${p.appId}/${p.envId}`)));
    return { ...a, versionCount: own.length, latest: own[0] ? { version: own[0].version || own[0].digest, ref: own[0].ref, createdAt: own[0].createdAt } : null, deployedIn: envs.size };
  });
}

export async function loadArtefactCatalogue(db: DbOrTx, actor: Actor, artefactId: string, opts: { archived?: boolean } = {}): Promise<{ artefact: ArtefactRecord; versions: ArtefactVersionRow[] } | undefined> {
  const artefact = await getArtefact(db, actor.orgId, artefactId);
  if (!artefact) return undefined;
  const [versions, apps, emails] = await Promise.all([listArtefactVersions(db, actor.orgId, { artefactId, archived: opts.archived, limit: PAGE_VERSIONS }), visibleApplications(db, actor), emailsByUserId(db, actor.orgId)]);
  const placements = await placementsOf(db, actor.orgId, apps, versions);
  return { artefact, versions: versions.map((v) => ({ ...v, registeredBy: emails.get(v.createdBy) ?? v.createdBy, deployedIn: placements.get(v.id) ?? [] })) };
}
