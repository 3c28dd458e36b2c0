/**
 * The Kubernetes target: server-side apply of a plan's objects (field manager `baton`), namespace
 * first; ApplySet pruning of what the environment no longer wants; rollout wait for workloads.
 */
import type { ApplyRequest, ApplyResult, Target, TargetEvent, TargetObjectOutcome, TargetObjectRef } from "../types";
import { FIELD_MANAGER, serverSideApply } from "./apply";
import {
  applySetId,
  applySetParentName,
  foreignMembership,
  parentObject,
  readParent,
  withMembership,
  type ApplySetState,
} from "./applyset";
import { checkCluster, type ClusterCheck } from "./check";
import { connectionProblems, type ClusterConnection } from "./connection";
import { createDiscovery, objectPath, type ApiResource, type Discovery } from "./discovery";
import { KubernetesTargetError, send } from "./errors";
import { createKubeHttp, type KubeHttp } from "./http";
import { applyOrder, groupKindOf, identityKey, isRecord, objectIdOf, parseGroupKind, refOf, type KubeObject } from "./objects";
import { deleteEnvironmentJobs } from "./delete-jobs";
import { deleteMember, listMembers, type LiveMember } from "./prune";
import { waitForRollout } from "./rollout";

export interface KubernetesTargetOptions extends ClusterConnection {
  /** Take over fields other field managers own instead of failing with k8s-conflict. */
  force?: boolean;
  /** Rollout timeout per workload when the module's `deploy.timeout` does not say (default 600 s). */
  rolloutTimeoutSeconds?: number;
  /** How often rollout status is polled (default 2000 ms). */
  rolloutPollIntervalMs?: number;
  /** Wait for Deployments/StatefulSets to roll out (default true). */
  wait?: boolean;
  /** Progress of every apply (also see ApplyRequest.onEvent). */
  onEvent?: (event: TargetEvent) => void;
  /** The client layer; default HTTPS to `server`. Tests pass a recorded double. */
  http?: KubeHttp;
}

export interface KubernetesTarget extends Target {
  readonly kind: "kubernetes";
  readonly server: string;
  /** `checkCluster` with this target's connection. */
  check(namespace?: string): Promise<ClusterCheck>;
  /** Deletes the Jobs an environment's deployments applied, so the next deployment runs them again. */
  deleteJobs(env: { app_id: string; env_id: string; namespace: string }): Promise<{ deleted: string[] }>;
}

const ROLLOUT_KINDS = new Set(["apps/Deployment", "apps/StatefulSet"]);
const DEFAULT_ROLLOUT_TIMEOUT_SECONDS = 600;

interface Desired {
  object: KubeObject;
  ref: TargetObjectRef;
  id: string;
  resource: ApiResource;
}

export function createKubernetesTarget(options: KubernetesTargetOptions): KubernetesTarget {
  const http = options.http ?? createKubeHttp(options);
  return {
    kind: "kubernetes",
    server: options.server,
    apply: (request) => applyToCluster(http, options, request),
    check: (namespace) => checkCluster({ ...options, http, ...(namespace ? { namespace } : {}) }),
    deleteJobs: (env) => {
      const problems = connectionProblems(options);
      if (problems.length) throw new KubernetesTargetError({ code: "k8s-config", object_id: "cluster", message: `cluster connection: ${problems.join("; ")}` });
      return deleteEnvironmentJobs(http, env);
    },
  };
}

async function applyToCluster(http: KubeHttp, options: KubernetesTargetOptions, request: ApplyRequest): Promise<ApplyResult> {
  const problems = connectionProblems(options);
  if (problems.length) {
    throw new KubernetesTargetError({ code: "k8s-config", object_id: "cluster", message: `cluster connection: ${problems.join("; ")}` });
  }
  const emit = (type: string, message: string, objectId?: string) => {
    const event: TargetEvent = { type, message, at: new Date().toISOString(), ...(objectId ? { object_id: objectId } : {}) };
    options.onEvent?.(event);
    request.onEvent?.(event);
  };
  const result: ApplyResult & { outcomes: TargetObjectOutcome[] } = { applied: [], pruned: [], outcomes: [] };
  try {
    await deploy(http, options, request, emit, result);
    return result;
  } catch (error) {
    if (error instanceof KubernetesTargetError) error.partial = result;
    throw error;
  }
}

async function deploy(
  http: KubeHttp,
  options: KubernetesTargetOptions,
  request: ApplyRequest,
  emit: (type: string, message: string, objectId?: string) => void,
  result: ApplyResult & { outcomes: TargetObjectOutcome[] },
): Promise<void> {
  const discovery = createDiscovery(http);
  const force = options.force === true;
  const parent = { name: applySetParentName(request.app_id, request.env_id), namespace: request.namespace };
  const setId = applySetId(parent);
  const parentId = objectIdOf({ kind: "ConfigMap", ...parent });

  // 1. What the deployment wants, resolved against the cluster's API (unknown kinds fail before anything is sent).
  const namespaces: Desired[] = [];
  const members: Desired[] = [];
  for (const [index, raw] of applyOrder(request.objects as KubeObject[]).entries()) {
    const desired = await describe(discovery, raw, index, request.namespace);
    if (desired.ref.kind === "Namespace" && desired.ref.apiVersion === "v1") namespaces.push(desired);
    else members.push(desired);
  }
  for (const member of members) {
    const other = foreignMembership(member.object, setId);
    if (other) throw new KubernetesTargetError({ code: "k8s-applyset", object_id: member.id, message: `${member.id}: the rendered object carries applyset.kubernetes.io/part-of="${other}", which is not this environment's ApplySet (${setId}). Remove that label from the resource definition.` });
  }

  // 2. Namespaces first: everything else lives in them.
  if (!namespaces.some((ns) => ns.ref.name === request.namespace)) {
    const nsResource = await discovery.resolve("v1", "Namespace", `Namespace/${request.namespace}`);
    const existing = await send(http, { method: "GET", path: objectPath(nsResource, request.namespace) }, { objectId: `Namespace/${request.namespace}`, action: "read", resource: "namespaces", verb: "get" }, (s) => s < 400 || s === 404);
    if (existing.status === 404) {
      const object = { apiVersion: "v1", kind: "Namespace", metadata: { name: request.namespace } };
      namespaces.push({ object, ref: refOf(object), id: `Namespace/${request.namespace}`, resource: nsResource });
    }
  }
  for (const ns of namespaces) await applyOne(http, ns, force, undefined, emit, result);

  // 3. The ApplySet parent: it must be ours (or not exist yet).
  const parentResource = await discovery.resolve("v1", "ConfigMap", parentId);
  const parentResponse = await send(http, { method: "GET", path: objectPath(parentResource, parent.name, parent.namespace) }, { objectId: parentId, action: "read the ApplySet parent", resource: "configmaps", verb: "get", namespace: parent.namespace }, (s) => s < 400 || s === 404);
  const previousState: ApplySetState = parentResponse.status === 404 ? { groupKinds: [], additionalNamespaces: [] } : readParent(parentResponse.body);
  if (parentResponse.status !== 404) {
    if (previousState.tooling && !previousState.tooling.startsWith("baton/")) {
      throw new KubernetesTargetError({ code: "k8s-applyset", object_id: parentId, message: `${parentId} is an ApplySet managed by "${previousState.tooling}", not Baton. Baton does not take over another tool's set; delete the ConfigMap or deploy into another namespace.` });
    }
    if (previousState.id && previousState.id !== setId) {
      throw new KubernetesTargetError({ code: "k8s-applyset", object_id: parentId, message: `${parentId} has applyset.kubernetes.io/id="${previousState.id}", expected "${setId}" for this name and namespace. Fix or delete the ConfigMap's label.` });
    }
  }

  // 4. Current members: every group-kind the set recorded, the deployment wants or the previous deployment owned.
  const scopeNamespaces = new Set([request.namespace, ...previousState.additionalNamespaces]);
  for (const member of members) if (member.resource.namespaced && member.ref.namespace) scopeNamespaces.add(member.ref.namespace);
  const searched = new Map<string, ApiResource>();
  for (const member of members) searched.set(groupKindOf(member.ref.apiVersion, member.ref.kind), member.resource);
  const previousGroupKinds = [...previousState.groupKinds, ...(request.previous ?? []).filter((r) => r.kind !== "Namespace").map((r) => groupKindOf(r.apiVersion, r.kind))];
  for (const groupKind of previousGroupKinds) {
    if (searched.has(groupKind)) continue;
    const { group, kind } = parseGroupKind(groupKind);
    try {
      searched.set(groupKind, await discovery.resolveGroupKind(group, kind, parentId));
    } catch (error) {
      // A kind the cluster no longer serves has no objects left to prune.
      if (!(error instanceof KubernetesTargetError && error.code === "k8s-unknown-kind")) throw error;
      emit("prune-skipped", `${groupKind} is no longer served by the cluster; nothing of that kind to prune`, parentId);
    }
  }
  const live: LiveMember[] = [];
  for (const [groupKind, resource] of [...searched.entries()].sort()) {
    live.push(...(await listMembers(http, resource, setId, [...scopeNamespaces].sort(), `${parentId} (${groupKind})`)));
  }
  const liveByKey = new Map(live.map((m) => [identityKey(m), m]));

  // 5. Record the superset first, so an interrupted deployment still finds everything next time.
  const desiredGroupKinds = new Set(members.map((m) => groupKindOf(m.ref.apiVersion, m.ref.kind)));
  const desiredNamespaces = new Set(members.filter((m) => m.resource.namespaced && m.ref.namespace).map((m) => m.ref.namespace!));
  const labels = environmentLabels(request);
  const supersetKinds = new Set([...desiredGroupKinds, ...live.map((m) => groupKindOf(m.apiVersion, m.kind))]);
  const supersetNamespaces = new Set([...desiredNamespaces, ...live.flatMap((m) => (m.namespace ? [m.namespace] : []))]);
  const parentDesired = (kinds: Set<string>, nss: Set<string>): Desired => {
    const object = parentObject(parent, setId, { groupKinds: kinds, additionalNamespaces: nss }, labels);
    return { object, ref: refOf(object), id: parentId, resource: parentResource };
  };
  // The parent is Baton's own bookkeeping: always forced.
  await applyOne(http, parentDesired(supersetKinds, supersetNamespaces), true, undefined, () => {}, undefined);

  // 6. Apply the members.
  for (const member of members) {
    await applyOne(http, { ...member, object: withMembership(member.object, setId) }, force, liveByKey.get(identityKey(member.ref))?.live, emit, result);
  }

  // 7. Prune what the set holds and the deployment no longer wants, dependents first.
  const wanted = new Set(members.map((m) => identityKey(m.ref)));
  const stale = live.filter((m) => !wanted.has(identityKey(m))).reverse();
  for (const member of stale) {
    const id = objectIdOf(member);
    const deleted = await deleteMember(http, member);
    const ref: TargetObjectRef = { apiVersion: member.apiVersion, kind: member.kind, ...(member.namespace ? { namespace: member.namespace } : {}), name: member.name };
    if (deleted) {
      result.pruned.push(ref);
      emit("pruned", `${id} deleted: no longer part of the environment`, id);
    }
  }

  // 8. Record exactly what the set holds now.
  await applyOne(http, parentDesired(desiredGroupKinds, desiredNamespaces), true, undefined, () => {}, undefined);

  // 9. Wait for workloads to roll out.
  if (options.wait !== false) await waitForWorkloads(http, options, request, members, emit);
}

async function describe(discovery: Discovery, raw: KubeObject, index: number, namespace: string): Promise<Desired> {
  const metadata = isRecord(raw.metadata) ? raw.metadata : undefined;
  const missing = [typeof raw.apiVersion !== "string" || !raw.apiVersion ? "apiVersion" : "", typeof raw.kind !== "string" || !raw.kind ? "kind" : "", typeof metadata?.name !== "string" || !metadata.name ? "metadata.name" : ""].filter(Boolean);
  if (missing.length) {
    const id = `objects[${index}]${typeof raw.kind === "string" ? ` (${raw.kind})` : ""}`;
    throw new KubernetesTargetError({ code: "k8s-bad-request", object_id: id, message: `${id}: the object has no ${missing.join(", ")}; the resource definition that renders it must set ${missing.length > 1 ? "them" : "it"}.` });
  }
  const provisional = refOf(raw);
  const resource = await discovery.resolve(provisional.apiVersion, provisional.kind, objectIdOf(provisional));
  // A namespaced object without a namespace goes to the environment's namespace (as the renderer does).
  const object = resource.namespaced && !provisional.namespace ? { ...raw, metadata: { ...metadata, namespace } } : raw;
  const ref = refOf(object);
  return { object, ref, id: objectIdOf(ref), resource };
}

async function applyOne(
  http: KubeHttp,
  desired: Desired,
  force: boolean,
  before: Record<string, unknown> | undefined,
  emit: (type: string, message: string, objectId?: string) => void,
  result: (ApplyResult & { outcomes: TargetObjectOutcome[] }) | undefined,
): Promise<void> {
  const applied = await serverSideApply(http, desired.resource, desired.object, { force, objectId: desired.id });
  const action: TargetObjectOutcome["action"] = applied.status === 201 ? "created" : before && unchangedByApply(before, applied.body, desired.object) ? "unchanged" : "configured";
  if (result) {
    result.applied.push(desired.ref);
    result.outcomes.push({ ref: desired.ref, action, ...(applied.resourceVersion ? { resource_version: applied.resourceVersion } : {}) });
  }
  emit("applied", `${desired.id} ${action} (server-side apply, field manager ${FIELD_MANAGER})`, desired.id);
}

/**
 * Whether an apply left the object as it was. The same resourceVersion says so; a different one
 * may only mean a controller wrote status or its own annotations meanwhile, so then compare what
 * Baton's apply decides: the spec generation, the fields Baton owns, and Baton's labels/annotations.
 */
function unchangedByApply(before: Record<string, unknown>, after: Record<string, unknown>, desired: KubeObject): boolean {
  const metaBefore = isRecord(before.metadata) ? before.metadata : {};
  const metaAfter = isRecord(after.metadata) ? after.metadata : {};
  if (metaBefore.resourceVersion === metaAfter.resourceVersion) return true;
  if (metaBefore.generation === undefined || metaBefore.generation !== metaAfter.generation) return false;
  const owned = (meta: Record<string, unknown>) =>
    JSON.stringify((Array.isArray(meta.managedFields) ? (meta.managedFields as Record<string, unknown>[]) : []).filter((m) => m.manager === FIELD_MANAGER && m.operation === "Apply").map((m) => [m.apiVersion, m.fieldsV1]));
  if (owned(metaBefore) !== owned(metaAfter)) return false;
  const desiredMeta = isRecord(desired.metadata) ? desired.metadata : {};
  for (const key of ["labels", "annotations"] as const) {
    const wanted = isRecord(desiredMeta[key]) ? Object.keys(desiredMeta[key]) : [];
    const pick = (meta: Record<string, unknown>) => JSON.stringify(wanted.map((k) => (isRecord(meta[key]) ? meta[key][k] : undefined)));
    if (pick(metaBefore) !== pick(metaAfter)) return false;
  }
  return true;
}

function environmentLabels(request: ApplyRequest): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "baton", "baton.dev/app": request.app_id, "baton.dev/env": request.env_id };
}

async function waitForWorkloads(http: KubeHttp, options: KubernetesTargetOptions, request: ApplyRequest, members: Desired[], emit: (type: string, message: string, objectId?: string) => void): Promise<void> {
  const workloads = members.filter((m) => ROLLOUT_KINDS.has(`${m.resource.group}/${m.resource.kind}`)).filter((m) => request.rollout?.[m.id]?.success !== "deploy");
  if (!workloads.length) return;
  // Workloads roll out in parallel; one failing does not stop the others, so every outcome is reported.
  const outcomes = await Promise.allSettled(
    workloads.map((workload) =>
      waitForRollout(http, {
        resource: workload.resource,
        name: workload.ref.name,
        ...(workload.ref.namespace ? { namespace: workload.ref.namespace } : {}),
        objectId: workload.id,
        timeoutSeconds: request.rollout?.[workload.id]?.timeout_seconds ?? options.rolloutTimeoutSeconds ?? DEFAULT_ROLLOUT_TIMEOUT_SECONDS,
        pollIntervalMs: options.rolloutPollIntervalMs ?? 2000,
        onEvent: (event) => emit(event.type, event.message, event.object_id),
      }),
    ),
  );
  const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  if (!failures.length) return;
  const [first, ...others] = failures.map((f) => (f instanceof KubernetesTargetError ? f : new KubernetesTargetError({ code: "k8s-connection", object_id: "cluster", message: String((f as Error)?.message ?? f) })));
  if (others.length) first.others = others;
  throw first;
}
