import path from "node:path";
import type { ActiveResource } from "@/lib/engine/drivers/active-resource";
import { createGitOpsTarget } from "@/lib/engine/targets/gitops";
import { targetFromClusterOutputs } from "@/lib/engine/targets/kubernetes";
import type { ApplyRequest, ApplyResult, TargetDescription } from "@/lib/engine/targets/types";

export interface DeployTarget {
  describe: string;
  apply(request: ApplyRequest & { comment?: string; author?: { name: string; email: string } }): Promise<ApplyResult & { notes: string[] }>;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
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
    const creds = (cluster?.outputs.secrets.credentials ?? {}) as Record<string, unknown>;
    const target = createGitOpsTarget({
      url: description.url,
      branch: description.branch,
      path: description.path,
      workRoot: path.join(opts.dataDir, "gitops-work"),
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
        return { applied: r.applied, pruned: r.pruned, notes };
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
