import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActiveResource } from "@/lib/engine/drivers/active-resource";
import { processDialect } from "@/db/dialect";
import { createGitOpsTarget, isSshUrl } from "@/lib/engine/targets/gitops";
import { getConfig } from "@/lib/server/config";
import { targetFromClusterOutputs } from "@/lib/engine/targets/kubernetes";
import type { ApplyRequest, ApplyResult, TargetDescription } from "@/lib/engine/targets/types";

export interface DeployTarget {
  describe: string;
  apply(request: ApplyRequest & { comment?: string; author?: { name: string; email: string } }): Promise<ApplyResult & { notes: string[]; commit?: string }>;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

const CLONES = "clones";
const thisProcess = () => `${os.hostname()}-${process.pid}`;

/**
 * Working clones belong to one process: two processes sharing a data directory (workers on
 * one machine) would otherwise check out and commit in the same clone at once. Host keys
 * trusted on first use stay shared in gitops-work/.
 */
function gitOpsDirs(dataDir: string): { workRoot: string; trustRoot: string } {
  const trustRoot = path.join(dataDir, "gitops-work");
  return { workRoot: path.join(trustRoot, CLONES, thisProcess()), trustRoot };
}

/** Removes the clones of processes on this machine that are gone (they are caches, refetched on use). */
export function removeClonesOfDeadProcesses(dataDir: string): void {
  const root = path.join(dataDir, "gitops-work", CLONES);
  if (!fs.existsSync(root)) return;
  const host = `${os.hostname()}-`;
  for (const entry of fs.readdirSync(root)) {
    if (!entry.startsWith(host)) continue;
    const pid = Number(entry.slice(host.length));
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A repository on this machine's file system (a path or file:// URL), not a server. */
export function isLocalRepository(url: string): boolean {
  return /^file:/i.test(url) || (!url.includes("://") && !isSshUrl(url));
}

/**
 * On PostgreSQL, processes may run on different machines: a repository on one machine's
 * file system would silently split into one per worker. Allowed only when the data directory
 * is declared shared (BATON_DATA_DIR_SHARED).
 */
export function localRepositoryRefusal(url: string, where: { postgres: boolean; sharedDataDir: boolean } = thisInstallation()): string | undefined {
  if (!where.postgres || where.sharedDataDir || !isLocalRepository(url)) return undefined;
  return `The GitOps repository ${url} is a path on this machine, but Baton runs on PostgreSQL, where workers may run on other machines. Point the k8s-cluster definition at a Git server every worker reaches, or set BATON_DATA_DIR_SHARED=true if every process mounts the same file system.`;
}

function thisInstallation(): { postgres: boolean; sharedDataDir: boolean } {
  return { postgres: processDialect === "postgres", sharedDataDir: getConfig().BATON_DATA_DIR_SHARED };
}

/**
 * Turns the plan's k8s-cluster description (plus that resource's secret outputs) into a
 * target. `none` records the objects without sending them anywhere.
 */
export function targetFor(description: TargetDescription | null, cluster: ActiveResource | undefined, opts: { dataDir: string; force?: boolean }): DeployTarget {
  if (!description || description.kind === "none") {
    return {
      describe: "no cluster (objects recorded only)",
      async apply(req) {
        return { applied: [], pruned: [], notes: [`No k8s-cluster is configured for ${req.app_id}/${req.env_id}: ${req.objects.length} objects were rendered and recorded, not applied.`] };
      },
    };
  }
  if (description.kind === "gitops") {
    const refusal = localRepositoryRefusal(description.url);
    if (refusal) throw new Error(refusal);
    const creds = (cluster?.outputs.secrets.credentials ?? {}) as Record<string, unknown>;
    const target = createGitOpsTarget({
      url: description.url,
      branch: description.branch,
      path: description.path,
      ...gitOpsDirs(opts.dataDir),
      credentials: { password: str(creds.password) ?? str(creds.token), username: str(creds.username), sshKey: str(creds.ssh_key), knownHosts: str(creds.known_hosts) },
    });
    return {
      describe: `Git repository ${description.url} (${description.branch})`,
      async apply(req) {
        const r = await target.apply(req);
        const notes = [
          r.unchanged ? "The repository already holds exactly these objects: nothing to commit." : `Committed ${r.commit?.slice(0, 12)} to ${r.folder}/.`,
          ...(r.skippedSecrets.length ? [`${r.skippedSecrets.length} Secret object(s) were left out of the repository (secrets are never committed in plaintext): ${r.skippedSecrets.map((s) => s.name).join(", ")}.`] : []),
        ];
        return { applied: r.applied, pruned: r.pruned, notes, commit: r.head };
      },
    };
  }
  if (description.kind === "kubernetes") {
    const target = targetFromClusterOutputs(cluster?.outputs.values ?? {}, cluster?.outputs.secrets ?? {}, { description, force: opts.force });
    return {
      describe: `Kubernetes cluster ${description.name ?? description.server}`,
      async apply(req) {
        const r = await target.apply(req);
        return { ...r, notes: [] };
      },
    };
  }
  throw new Error(`deploying to a ${(description as { kind: string }).kind} target is not supported by this server`);
}
