import type { DbOrTx } from "@/db/client";
import { applyDelta } from "@/lib/engine/delta/apply";
import { scoreToDelta } from "@/lib/engine/delta/from-score";
import { emptySet, type DeploymentDelta, type DeploymentSet } from "@/lib/engine/delta/types";
import { containersWithoutImage, formatScoreError, loadScore, type ScoreWorkload } from "@/lib/engine/score";
import type { EnvironmentRecord } from "@/lib/server/data/apps";
import { currentSetOf } from "@/lib/server/data/deployments";
import { getWorkloadVersion, listWorkloads } from "@/lib/server/data/workloads";
import { SafeError } from "@/lib/server/errors";

export interface WorkloadSelection {
  workloadId: string;
  /** Defaults to the latest version. */
  version?: number;
  /** Replaces `image: .` containers. */
  image?: string;
}

export interface BuiltSet {
  delta: DeploymentDelta;
  set: DeploymentSet;
  setId: string;
  workloadVersions: Record<string, number>;
}

/** The image each workload's containers run in a set, so a redeploy can offer it again. */
export function imagesInSet(set: DeploymentSet | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, mod] of Object.entries(set?.modules ?? {})) {
    const containers = (mod.spec.containers ?? {}) as Record<string, { image?: string }>;
    const first = Object.values(containers).find((c) => c.image);
    if (first?.image) out[name] = first.image;
  }
  return out;
}

/** The containers of a workload version that say `image: .`: a deployment must name their image. */
export async function containersAwaitingImage(db: DbOrTx, orgId: string, appId: string, workloadId: string, version: number): Promise<string[]> {
  const row = await getWorkloadVersion(db, orgId, appId, workloadId, version);
  const loaded = row ? loadScore(row.scoreYaml) : undefined;
  return loaded?.workload ? containersWithoutImage(loaded.workload) : [];
}

/**
 * Score workload versions → delta → the environment's next deployment set. Refuses drafts and
 * conversion errors with a message naming the workload and field.
 */
export async function buildSetFromWorkloads(
  db: DbOrTx,
  orgId: string,
  appId: string,
  env: EnvironmentRecord,
  selection: WorkloadSelection[] | undefined,
  removeWorkloads: string[] = [],
): Promise<BuiltSet> {
  // A workload being removed is not re-added from its Score file (add + remove kept it deployed).
  const chosen: WorkloadSelection[] = (selection ?? (await listWorkloads(db, orgId, appId)).map((w) => ({ workloadId: w.id }))).filter((w) => !removeWorkloads.includes(w.workloadId));
  const base = (await currentSetOf(db, orgId, appId, env))?.set ?? emptySet();
  const previousImages = imagesInSet(base);
  const scores: { score: ScoreWorkload; image?: string; file: string }[] = [];
  const workloadVersions: Record<string, number> = {};
  for (const sel of chosen) {
    const latest = (await listWorkloads(db, orgId, appId)).find((w) => w.id === sel.workloadId);
    if (!latest) throw new SafeError("invalid", `workloads: workload "${sel.workloadId}" does not exist in application "${appId}"`);
    const version = sel.version ?? latest.latestVersion;
    const row = await getWorkloadVersion(db, orgId, appId, sel.workloadId, version);
    if (!row) throw new SafeError("invalid", `workloads: workload "${sel.workloadId}" has no version ${version}`);
    if (!row.valid) throw new SafeError("unprocessable", `Workload "${sel.workloadId}" version ${version} is a draft with errors and cannot be deployed; fix the Score file first`);
    const image = sel.image || previousImages[sel.workloadId];
    const loaded = loadScore(row.scoreYaml, { image });
    if (!loaded.workload) {
      const detail = loaded.errors.map((e) => formatScoreError(e, `${sel.workloadId} v${version}`)).join("; ");
      throw new SafeError("unprocessable", detail);
    }
    scores.push({ score: loaded.workload, image, file: `${sel.workloadId} v${version}` });
    workloadVersions[sel.workloadId] = version;
  }
  const converted = scoreToDelta(
    scores.map((s) => s.score),
    (w) => {
      const s = scores.find((x) => x.score === w)!;
      return { image: s.image, fileName: s.file };
    },
  );
  if (converted.errors.length > 0) {
    throw new SafeError("unprocessable", converted.errors.map((e) => `${e.workload}: ${e.field}: ${e.message}`).join("; "));
  }
  const delta: DeploymentDelta = { ...converted.delta, modules: { ...converted.delta.modules, remove: removeWorkloads } };
  const applied = applyDelta(base, delta);
  if (!applied.ok) throw new SafeError("unprocessable", applied.errors.map((e) => `${e.location}: ${e.message}`).join("; "));
  return { delta, set: applied.set, setId: applied.id, workloadVersions };
}
