import type { Db } from "@/db/client";
import { defaultNamespace } from "@/lib/engine/render";
import { KubernetesTargetError, targetFromClusterOutputs } from "@/lib/engine/targets/kubernetes";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getApplication, listEnvironments } from "@/lib/server/data/apps";
import { recordAudit } from "@/lib/server/data/audit";
import { SafeError, forbidden, notFound } from "@/lib/server/errors";
import { requireEnvironmentIdle } from "@/lib/server/operations/environment-idle";
import { loadPreviousResources } from "./active-resources";

export interface EnvironmentJobs {
  envId: string;
  /** `Job/<namespace>/<name>` of each Job deleted. */
  deleted: string[];
  /** Why nothing was looked for: not deployed, or not deployed to a cluster Baton talks to. */
  skipped?: string;
}

/**
 * Humanitec's "delete all Jobs of an application": in every environment deployed to a cluster,
 * the Jobs Baton applied are deleted so that the next deployment runs them again. GitOps
 * environments are left alone (the cluster belongs to the GitOps controller). Needs the right to
 * deploy to every environment of the application, like deleting it.
 */
export async function deleteApplicationJobs(db: Db, box: SecretBox, actor: Actor, appId: string, opts: { requestId: string }): Promise<EnvironmentJobs[]> {
  if (!(await getApplication(db, actor.orgId, appId))) throw notFound(`Application "${appId}"`);
  const envs = await listEnvironments(db, actor.orgId, appId);
  const refused = envs.filter((e) => !can(actor, { action: "env.deploy", appId, envType: e.type }));
  if (refused.length > 0) throw forbidden(`Deleting an application's Jobs needs the right to deploy to each of its environments; not to ${refused.map((e) => `"${e.id}" (${e.type})`).join(", ")}`);
  for (const e of envs) await requireEnvironmentIdle(db, actor.orgId, appId, e.id);

  const outcome: EnvironmentJobs[] = [];
  let failure: SafeError | undefined;
  for (const env of envs) {
    const resources = await loadPreviousResources(db, box, actor.orgId, appId, env.id);
    const cluster = resources.find((r) => r.type === "k8s-cluster");
    if (!cluster) {
      outcome.push({ envId: env.id, deleted: [], skipped: "never deployed" });
      continue;
    }
    if (cluster.target?.kind !== "kubernetes") {
      outcome.push({ envId: env.id, deleted: [], skipped: `deployed to ${cluster.target?.kind === "gitops" ? "a Git repository" : "no cluster"}` });
      continue;
    }
    const nsOutput = resources.find((r) => r.type === "k8s-namespace")?.outputs.values.namespace;
    const namespace = typeof nsOutput === "string" && nsOutput ? nsOutput : defaultNamespace({ app_id: appId, env_id: env.id });
    try {
      const target = targetFromClusterOutputs(cluster.outputs.values, cluster.outputs.secrets, { description: cluster.target });
      outcome.push({ envId: env.id, ...(await target.deleteJobs({ app_id: appId, env_id: env.id, namespace })) });
    } catch (error) {
      if (!(error instanceof KubernetesTargetError)) throw error;
      // stop at the first cluster that fails; what was deleted before is recorded below
      failure = new SafeError("unprocessable", `environment "${env.id}": ${error.message}${outcome.some((o) => o.deleted.length) ? ` (Jobs already deleted: ${outcome.flatMap((o) => o.deleted).join(", ")})` : ""}`);
      break;
    }
  }
  await recordAudit(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    actorEmail: actor.email,
    action: "app.delete-jobs",
    target: `app/${appId}/jobs`,
    details: { environments: outcome.map((o) => ({ env: o.envId, deleted: o.deleted, ...(o.skipped ? { skipped: o.skipped } : {}) })), ...(failure ? { error: failure.message } : {}) },
    requestId: opts.requestId,
  });
  if (failure) throw failure;
  return outcome;
}
