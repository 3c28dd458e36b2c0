import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deploymentErrors, deploymentEvents, deployments, environmentLocks } from "@/db/tables";
import { PlanAbortedError } from "@/lib/server/planning/pool";
import { planOffThread } from "@/lib/server/planning/shared-pool";
import { KubernetesTargetError } from "@/lib/engine/targets/kubernetes";
import type { TargetObjectRef } from "@/lib/engine/targets/types";
import type { PlanError } from "@/lib/engine/graph/errors";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getEnvironment } from "@/lib/server/data/apps";
import { loadDefinitionsForDeploy } from "@/lib/server/data/definitions";
import { getDeployment, getDeploymentDetail, getSet, recordDeploymentCommit } from "@/lib/server/data/deployments";
import { refreshSummaryOfDeployment } from "@/lib/server/data/overview-summaries";
import { getValueSetVersion, resolveValues } from "@/lib/server/data/values";
import type { Logger } from "@/lib/server/logger";
import { withAccountCredentials } from "./account-credentials";
import { leaseUntil } from "./job-leases";
import { loadPreviousResources, saveActiveResources } from "./active-resources";
import { maskLeaves, maskObjects } from "./masking";
import { rolloutSettings } from "./rollout-settings";
import { targetFor } from "./targets";
import { enqueueDeploymentEvent } from "@/lib/server/webhooks/outbox";

export interface DeployDeps {
  db: Db;
  secrets: SecretBox;
  dataDir: string;
  orgId: string;
  log: Logger;
  /** The worker holding the job's lease; named in the environment lock it takes. */
  holder: string;
  /** Length of the job's lease: the environment lock expires with it. */
  leaseMs: number;
}

type Level = "info" | "warn" | "error";

function recorder(db: Db, deploymentId: string) {
  return async (step: string, message: string, level: Level = "info") =>
    await db.insert(deploymentEvents).values({ deploymentId, at: new Date().toISOString(), level, step, message });
}

/** The status change and its webhook deliveries (deployment started / finished) commit together. */
async function setStatus(db: Db, id: string, status: "in progress" | "succeeded" | "failed", extra: Partial<typeof deployments.$inferInsert> = {}) {
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.update(deployments)
      .set({ status, statusChangedAt: now, ...(status === "in progress" ? {} : { finishedAt: now }), ...extra })
      .where(eq(deployments.id, id));
    await refreshSummaryOfDeployment(tx, id);
    await enqueueDeploymentEvent(tx, id, status);
  });
}

/** Plan errors plus the deployment's own (`locked`, `deploy-failed`, …), in one shape. */
type DeploymentErrorInput = Pick<PlanError, "message"> & { code: string; scope: string; object_id?: string };

async function recordErrors(db: Db, deploymentId: string, errors: DeploymentErrorInput[]) {
  for (const e of errors) {
    await db.insert(deploymentErrors).values({ deploymentId, code: e.code, scope: e.scope, objectId: e.object_id ?? "", message: e.message });
  }
}

/** What the previous deployment of the environment sent, so a target can prune what is gone. */
async function previousObjects(deps: DeployDeps, appId: string, fromId: string | null): Promise<TargetObjectRef[]> {
  if (!fromId) return [];
  const objects = (await getDeploymentDetail(deps.db, deps.orgId, appId, fromId))?.objects ?? [];
  return objects.map((o) => {
    const m = (o.metadata ?? {}) as { name?: string; namespace?: string };
    return { apiVersion: String(o.apiVersion), kind: String(o.kind), name: String(m.name), ...(m.namespace ? { namespace: m.namespace } : {}) };
  });
}

/**
 * Runs one queued deployment end to end: plan (provisioning through the drivers), apply to
 * the target, record events, errors, graph, objects and active resources. Never throws: every
 * failure ends as a failed deployment with its error recorded.
 */
export async function runDeployment(deps: DeployDeps, deploymentId: string, appId: string): Promise<void> {
  const { db, secrets, orgId, log } = deps;
  const event = recorder(db, deploymentId);
  const dep = await getDeployment(db, orgId, appId, deploymentId);
  if (!dep) return;
  const env = await getEnvironment(db, orgId, appId, dep.envId);
  const ownLock = and(eq(environmentLocks.orgId, orgId), eq(environmentLocks.appId, appId), eq(environmentLocks.envId, dep.envId), eq(environmentLocks.deploymentId, deploymentId));
  try {
    await db.insert(environmentLocks)
      .values({ orgId, appId, envId: dep.envId, deploymentId, holder: deps.holder, acquiredAt: new Date().toISOString(), leaseExpiresAt: leaseUntil(deps.leaseMs) });
  } catch {
    await event("queue", "Another deployment holds this environment", "error");
    await recordErrors(db, deploymentId, [{ code: "locked", scope: "environment", object_id: `${appId}/${dep.envId}`, message: "another deployment holds this environment" }]);
    await setStatus(db, deploymentId, "failed");
    return;
  }
  await setStatus(db, deploymentId, "in progress");
  const started = Date.now();
  try {
    if (!env) throw new Error(`environment ${appId}/${dep.envId} no longer exists`);
    await event("start", `Deploying set ${dep.setId.slice(0, 12)} to ${appId}/${env.id} (${env.type})`);
    const set = await getSet(db, dep.setId);
    if (!set) throw new Error(`deployment set ${dep.setId} is missing`);
    const appValues = dep.valueSetVersionId ? (await getValueSetVersion(db, orgId, appId, dep.valueSetVersionId))?.values ?? {} : {};
    const envValues = dep.envValueSetVersionId ? (await getValueSetVersion(db, orgId, appId, dep.envValueSetVersionId))?.values ?? {} : {};
    const values = resolveValues(secrets, appValues, envValues);
    await event("values", `${Object.keys(values).length} shared value(s) and secret(s) resolved`);
    const definitions = await withAccountCredentials(db, secrets, orgId, await loadDefinitionsForDeploy(db, secrets, orgId));
    const previous = await loadPreviousResources(db, secrets, orgId, appId, env.id);

    const result = await planOffThread({
      context: { org_id: orgId, app_id: appId, env_id: env.id, env_type: env.type, deploy_id: deploymentId },
      baseSet: set,
      definitions,
      values,
      previous,
    });
    const byKey = new Map(result.graph.nodes.map((n) => [n.key, n]));
    for (const key of result.graph.order) {
      const n = byKey.get(key);
      if (!n) continue;
      const how = n.status === "reused" ? "reused (unchanged)" : n.status;
      await event("provision", `${n.type} ${n.res_id}${n.class !== "default" ? ` (class ${n.class})` : ""}: ${how}${n.def_id ? ` with ${n.def_id}` : ""}`, n.status === "failed" ? "error" : "info");
    }
    for (const w of result.warnings) await event("plan", w, "warn");
    const graph = {
      nodes: result.graph.nodes.map((n) => ({ ...n, outputs: { values: n.outputs.values, secrets: maskLeaves(n.outputs.secrets) } })),
      order: result.graph.order,
    };
    await db.update(deployments).set({ graph, objects: maskObjects(result.objects) }).where(eq(deployments.id, deploymentId));
    if (result.errors.length > 0) {
      await recordErrors(db, deploymentId, result.errors);
      await event("plan", `The plan has ${result.errors.length} error(s); nothing was applied`, "error");
      await setStatus(db, deploymentId, "failed");
      return;
    }

    const cluster = result.resources.find((r) => r.type === "k8s-cluster");
    const target = targetFor(result.target, cluster, { dataDir: deps.dataDir });
    await event("apply", `Applying ${result.objects.length} object(s) to ${target.describe}`);
    const author = { name: dep.createdBy, email: dep.createdBy.includes("@") ? dep.createdBy : `${dep.createdBy}@baton.local` };
    const applied = await target.apply({
      app_id: appId,
      env_id: env.id,
      deploy_id: deploymentId,
      namespace: result.namespace ?? "",
      objects: result.objects,
      // Each module's deploy {timeout, success}: without it every workload waited the default 600 s.
      rollout: rolloutSettings(result.set, result.objects),
      previous: (await previousObjects(deps, appId, dep.fromId)),
      comment: dep.comment,
      author,
      onEvent: async (e) => await event(e.type.startsWith("rollout") ? "rollout" : "apply", e.message),
    });
    for (const o of applied.applied) await event("apply", `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name} applied`);
    for (const o of applied.pruned) await event("apply", `${o.kind} ${o.name} removed`);
    for (const note of applied.notes) await event("apply", note);
    if (applied.commit) await recordDeploymentCommit(db, deploymentId, applied.commit);

    const criteria = new Map(result.graph.nodes.map((n) => [`${n.type}\0${n.class}\0${n.res_id}`, n.criterion?.id ?? null]));
    const replaced = await db.transaction(async (tx) =>
      await saveActiveResources(
        tx,
        secrets,
        { orgId, appId, envId: env.id, envType: env.type, deployId: deploymentId },
        result.resources.map((active) => ({ active, criteriaId: criteria.get(`${active.type}\0${active.class}\0${active.res_id}`) ?? null })),
      ),
    );
    for (const r of replaced) await event("provision", `${r.type} ${r.resId} now matches ${r.toDef}; the resource from ${r.fromDef} was replaced`, "warn");
    await event("done", `Deployment succeeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await setStatus(db, deploymentId, "succeeded");
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error({ err, deploymentId }, "deployment failed");
    if (err instanceof KubernetesTargetError) {
      // The cluster's own errors, each naming its object.
      await recordErrors(db, deploymentId, [err, ...(err.others ?? [])].map((e) => ({ code: e.code, scope: "object", object_id: e.object_id, message: e.message })));
    } else {
      const code = err instanceof PlanAbortedError ? `plan-${err.reason}` : "deploy-failed";
      await recordErrors(db, deploymentId, [{ code, scope: "deployment", object_id: deploymentId, message }]);
    }
    await event("done", `Deployment failed: ${message}`, "error");
    await setStatus(db, deploymentId, "failed");
  } finally {
    await db.delete(environmentLocks).where(ownLock);
  }
}
