/**
 * An environment's runtime as Baton sees it: the cluster connection comes from the environment's
 * active k8s-cluster resource (what its last deployment used); reads are cached for a few
 * seconds per process so a page of many environments asks each API server once; actions check
 * the right to deploy to the environment and leave an audit entry.
 */
import type { Db } from "@/db/client";
import type { ActiveResource } from "@/lib/engine/drivers/active-resource";
import { MASK } from "@/lib/engine/render/mask";
import { defaultNamespace } from "@/lib/engine/render";
import {
  createKubeHttp,
  connectionFromClusterOutputs,
  KubernetesTargetError,
  readContainerLog,
  readEnvironmentRuntime,
  restartWorkload,
  scaleWorkloads,
  setEnvironmentPaused,
  type EnvironmentRuntime,
  type KubeHttp,
  type LogRequest,
  type RuntimeScope,
} from "@/lib/engine/targets/kubernetes";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { writeTransaction } from "@/db/write-transaction";
import { getEnvironment } from "@/lib/server/data/apps";
import { deployedCommit } from "@/lib/server/data/deployments";
import { writeEnvironmentPaused } from "@/lib/server/data/environment-pause";
import { requireEnvironmentIdle } from "@/lib/server/operations/environment-idle";
import { recordAudit } from "@/lib/server/data/audit";
import { snapshotScope, resolveValues } from "@/lib/server/data/values";
import { SafeError, forbidden, notFound } from "@/lib/server/errors";
import { loadPreviousResources } from "./active-resources";

export type RuntimeView =
  /** `commit`: for a GitOps environment, the commit that holds its last deployment. */
  | { state: "available"; runtime: EnvironmentRuntime; commit?: string }
  /** Baton cannot see the cluster: never deployed, no cluster, or a GitOps repository without cluster access. */
  | { state: "unknown"; reason: string; commit?: string }
  | { state: "error"; error: { code: string; message: string }; commit?: string };

interface ClusterAccess {
  http: KubeHttp;
  scope: RuntimeScope;
  resources: ActiveResource[];
  /** GitOps: the commit holding the last deployment. */
  commit?: string;
}

const CACHE_TTL_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const cache = new Map<string, { at: number; view: Promise<RuntimeView> }>();
/** One keep-alive client per cluster connection, so repeated reads reuse sockets. */
const clients = new Map<string, KubeHttp>();

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Where to read runtime from, or why it cannot be read. GitOps clusters are read when the definition also carries cluster access (`runtime_server` + credentials `runtime_token`). */
async function clusterAccess(db: Db, box: SecretBox, orgId: string, appId: string, envId: string): Promise<ClusterAccess | Extract<RuntimeView, { state: "unknown" }>> {
  const resources = await loadPreviousResources(db, box, orgId, appId, envId);
  const cluster = resources.find((r) => r.type === "k8s-cluster");
  if (!cluster) return { state: "unknown", reason: "The environment has not been deployed yet." };
  const nsOutput = resources.find((r) => r.type === "k8s-namespace")?.outputs.values.namespace;
  const scope: RuntimeScope = { app_id: appId, env_id: envId, namespace: str(nsOutput) ?? defaultNamespace({ app_id: appId, env_id: envId }) };
  let connection: ReturnType<typeof connectionFromClusterOutputs>;
  if (cluster.target?.kind === "kubernetes") {
    connection = connectionFromClusterOutputs(cluster.outputs.values, cluster.outputs.secrets, cluster.target);
  } else if (cluster.target?.kind === "gitops") {
    const values = cluster.outputs.values;
    const credentials = (cluster.outputs.secrets.credentials ?? {}) as Record<string, unknown>;
    const server = str(values.runtime_server);
    const commit = await deployedCommit(db, orgId, appId, envId);
    if (!server || !str(credentials.runtime_token)) {
      return { state: "unknown", reason: `Deployed to the Git repository ${cluster.target.url} (${cluster.target.branch}); Baton has no read access to the cluster that syncs it, so its runtime is unknown.`, ...(commit ? { commit } : {}) };
    }
    connection = { server, token: str(credentials.runtime_token)!, ...(str(values.runtime_certificate_authority_data) ? { certificateAuthorityData: str(values.runtime_certificate_authority_data)! } : {}) };
    const http = clientFor(connection);
    return { http, scope, resources, ...(commit ? { commit } : {}) };
  } else {
    return { state: "unknown", reason: "The environment's k8s-cluster sends objects nowhere (no cluster configured): there is no runtime." };
  }
  return { http: clientFor(connection), scope, resources };
}

function clientFor(connection: ReturnType<typeof connectionFromClusterOutputs>): KubeHttp {
  const key = JSON.stringify(connection);
  let http = clients.get(key);
  if (!http) {
    http = createKubeHttp({ ...connection, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    clients.set(key, http);
  }
  return http;
}

const cacheKey = (orgId: string, appId: string, envId: string) => `${orgId}\u0000${appId}\u0000${envId}`;

/** The runtime view, at most CACHE_TTL_MS old; concurrent callers share one read. Visibility is the caller's check. */
export function readRuntimeView(db: Db, box: SecretBox, orgId: string, appId: string, envId: string, opts: { fresh?: boolean } = {}): Promise<RuntimeView> {
  const key = cacheKey(orgId, appId, envId);
  const hit = cache.get(key);
  if (hit && !opts.fresh && Date.now() - hit.at < CACHE_TTL_MS) return hit.view;
  const view = (async (): Promise<RuntimeView> => {
    let commit: { commit?: string } = {};
    try {
      const access = await clusterAccess(db, box, orgId, appId, envId);
      if ("state" in access) return access;
      commit = access.commit ? { commit: access.commit } : {};
      const runtime = await readEnvironmentRuntime(access.http, access.scope);
      // Waiting and termination messages and events can quote what a container printed.
      return { state: "available", runtime: maskStrings(runtime, await injectedSecrets(db, box, orgId, appId, envId, access.resources)), ...commit };
    } catch (error) {
      if (error instanceof KubernetesTargetError) return { state: "error", error: { code: error.code, message: error.message }, ...commit };
      throw error;
    }
  })();
  cache.set(key, { at: Date.now(), view });
  // Bounded: entries older than the TTL are dropped whenever the map grows large.
  if (cache.size > 1000) for (const [k, v] of cache) if (Date.now() - v.at >= CACHE_TTL_MS) cache.delete(k);
  return view;
}

/** "deployed but unhealthy": a workload failing or not ready. `undefined` when runtime is unknown. */
export function runtimeHealth(view: RuntimeView): "healthy" | "unhealthy" | "starting" | "paused" | undefined {
  if (view.state !== "available") return undefined;
  const runtime = view.runtime;
  if (runtime.paused) return "paused";
  if (runtime.workloads.some((w) => w.status === "Failed")) return "unhealthy";
  if (runtime.workloads.some((w) => w.status === "Starting")) return "starting";
  return "healthy";
}

/** Why an unhealthy environment is: each failing workload with its pods' reasons, e.g. "web: CrashLoopBackOff". */
export function unhealthyReason(view: RuntimeView): string | undefined {
  if (view.state !== "available") return undefined;
  const parts = view.runtime.workloads
    .filter((w) => w.status === "Failed")
    .map((w) => {
      const failing = w.controllers.filter((c) => c.status === "Failed");
      const reasons = [...new Set(failing.flatMap((c) => c.pods.filter((p) => !p.ready && p.status !== p.phase).map((p) => p.status)))];
      return `${w.id}: ${reasons.length ? reasons.join(", ") : failing.map((c) => c.message).join("; ")}`;
    });
  return parts.length ? parts.join("; ") : undefined;
}

const HEALTH_WAIT_MS = 2_500;

/**
 * The overview's cells with the runtime health of each environment whose last deployment
 * succeeded. Reads share the runtime cache; a cluster that does not answer within
 * HEALTH_WAIT_MS leaves its cell as it was rather than holding up the page.
 */
export async function withRuntimeHealth<T extends { rows: { id: string; envs: { id: string; status: string | null; runtime?: ReturnType<typeof runtimeHealth>; runtimeReason?: string }[] }[] }>(db: Db, box: SecretBox, orgId: string, data: T): Promise<T> {
  const timeout = new Promise<undefined>((resolve) => {
    setTimeout(() => resolve(undefined), HEALTH_WAIT_MS).unref();
  });
  const rows = await Promise.all(
    data.rows.map(async (row) => ({
      ...row,
      envs: await Promise.all(
        row.envs.map(async (env) => {
          if (env.status !== "succeeded") return env;
          const view = await Promise.race([readRuntimeView(db, box, orgId, row.id, env.id).catch(() => undefined), timeout]);
          const health = view ? runtimeHealth(view) : undefined;
          const reason = view && health === "unhealthy" ? unhealthyReason(view) : undefined;
          return health ? { ...env, runtime: health, ...(reason ? { runtimeReason: reason } : {}) } : env;
        }),
      ),
    })),
  );
  return { ...data, rows };
}

async function requireDeployRight(db: Db, actor: Actor, appId: string, envId: string) {
  const env = await getEnvironment(db, actor.orgId, appId, envId);
  if (!env) throw notFound(`Environment "${envId}" of application "${appId}"`);
  if (!can(actor, { action: "env.deploy", appId, envType: env.type })) throw forbidden(`Changing the runtime of ${appId}/${envId} needs the right to deploy to environments of type "${env.type}"`);
  return env;
}

async function requireCluster(db: Db, box: SecretBox, actor: Actor, appId: string, envId: string): Promise<ClusterAccess> {
  const access = await clusterAccess(db, box, actor.orgId, appId, envId);
  // The environment's state, not the request, is what is wrong: a conflict (409), not bad input.
  if ("state" in access) throw new SafeError("conflict", access.reason);
  return access;
}

export type RuntimeAction =
  | { kind: "scale"; replicas: Record<string, number> }
  | { kind: "pause"; paused: boolean }
  | { kind: "restart"; workload: string };

/** Marks the environment paused unless it already is; refused (409) while a deployment runs, which would undo the pause. */
async function markPaused(db: Db, actor: Actor, appId: string, envId: string): Promise<boolean> {
  return await writeTransaction(db, `${actor.orgId}/apps/${appId}`, async (tx) => {
    await requireEnvironmentIdle(tx, actor.orgId, appId, envId);
    const env = await getEnvironment(tx, actor.orgId, appId, envId);
    if (!env || env.pausedAt) return false;
    await writeEnvironmentPaused(tx, actor.orgId, appId, envId, actor.email);
    return true;
  });
}

/** Scale, pause/resume or restart: needs the right to deploy to the environment; audited, also when the cluster refuses. */
export async function changeRuntime(db: Db, box: SecretBox, actor: Actor, appId: string, envId: string, action: RuntimeAction, opts: { requestId: string }): Promise<Record<string, unknown>> {
  await requireDeployRight(db, actor, appId, envId);
  const { http, scope } = await requireCluster(db, box, actor, appId, envId);
  // Paused before the cluster is scaled down, so no deployment can start in between and undo it.
  const markedPaused = action.kind === "pause" && action.paused ? await markPaused(db, actor, appId, envId) : false;
  let result: Record<string, unknown> | undefined;
  let failure: SafeError | undefined;
  try {
    result =
      action.kind === "scale"
        ? await scaleWorkloads(http, scope, action.replicas)
        : action.kind === "pause"
          ? await setEnvironmentPaused(http, scope, action.paused)
          : await restartWorkload(http, scope, action.workload);
  } catch (error) {
    if (!(error instanceof KubernetesTargetError)) throw error;
    failure = new SafeError(error.code === "k8s-not-found" ? "not-found" : "unprocessable", error.message);
  }
  if (action.kind === "pause" && (action.paused ? failure && markedPaused : !failure)) await writeEnvironmentPaused(db, actor.orgId, appId, envId, null);
  cache.delete(cacheKey(actor.orgId, appId, envId));
  const name = action.kind === "scale" ? "env.runtime.scale" : action.kind === "pause" ? (action.paused ? "env.runtime.pause" : "env.runtime.resume") : "env.runtime.restart";
  await recordAudit(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    actorEmail: actor.email,
    action: name,
    target: `app/${appId}/env/${envId}/runtime`,
    details: { ...(action.kind === "scale" ? { replicas: action.replicas } : action.kind === "restart" ? { workload: action.workload } : {}), ...(result ?? {}), ...(failure ? { error: failure.message } : {}) },
    requestId: opts.requestId,
  });
  if (failure) throw failure;
  return result!;
}

/** Every secret string Baton put into the environment: secret shared values and secret resource outputs. */
async function injectedSecrets(db: Db, box: SecretBox, orgId: string, appId: string, envId: string, resources: ActiveResource[]): Promise<string[]> {
  const values = resolveValues(box, await snapshotScope(db, orgId, appId, ""), await snapshotScope(db, orgId, appId, envId));
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === "string") found.add(v);
    else if (typeof v === "number") found.add(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  for (const v of Object.values(values)) if (v.secret) walk(v.value);
  for (const r of resources) walk(r.outputs.secrets);
  // Very short strings would mask ordinary text everywhere; they are not secrets worth the name.
  return [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

export function maskSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

/** `maskSecrets` on every string of a JSON-like value, keeping its shape. */
export function maskStrings<T>(value: T, secrets: string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return maskSecrets(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A container's log (visible to whoever may view the app), with Baton's secrets masked. */
export async function readRuntimeLog(db: Db, box: SecretBox, actor: Actor, appId: string, envId: string, request: LogRequest): Promise<string> {
  const { http, scope, resources } = await requireCluster(db, box, actor, appId, envId);
  try {
    const text = await readContainerLog(http, scope, request);
    return maskSecrets(text, await injectedSecrets(db, box, actor.orgId, appId, envId, resources));
  } catch (error) {
    if (!(error instanceof KubernetesTargetError)) throw error;
    throw new SafeError(error.code === "k8s-not-found" ? "not-found" : "unprocessable", error.message);
  }
}
