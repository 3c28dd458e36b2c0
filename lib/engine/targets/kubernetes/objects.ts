/** Identity of Kubernetes objects: refs, ids in the `Kind/namespace/name` form deployment errors use. */
import type { TargetObjectRef } from "../types";

export type KubeObject = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, string>; [key: string]: unknown };
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects (same as the plan's object ids). */
export function objectIdOf(ref: { kind: string; namespace?: string; name: string }): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export function refOf(object: KubeObject): TargetObjectRef {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return {
    apiVersion: String(object.apiVersion ?? ""),
    kind: String(object.kind ?? ""),
    ...(typeof metadata.namespace === "string" && metadata.namespace ? { namespace: metadata.namespace } : {}),
    name: String(metadata.name ?? ""),
  };
}

/** Group + kind + namespace + name: what makes two objects the same, whatever their version. */
export function identityKey(ref: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
  return `${splitApiVersion(ref.apiVersion).group}|${ref.kind}|${ref.namespace ?? ""}|${ref.name}`;
}

/** `Kind.group`, or `Kind` for the core group: the ApplySet `contains-group-kinds` format kubectl writes. */
export function groupKindOf(apiVersion: string, kind: string): string {
  const { group } = splitApiVersion(apiVersion);
  return group ? `${kind}.${group}` : kind;
}

export function parseGroupKind(text: string): { group: string; kind: string } {
  const dot = text.indexOf(".");
  return dot < 0 ? { group: "", kind: text } : { group: text.slice(dot + 1), kind: text.slice(0, dot) };
}

/**
 * Apply order: what others refer to goes first (namespaces, then RBAC/config/storage, then
 * services, then workloads), the plan's order within a rank. Pruning goes in reverse.
 */
const KIND_RANK: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  ResourceQuota: 2,
  LimitRange: 2,
  PriorityClass: 2,
  ServiceAccount: 3,
  Secret: 4,
  ConfigMap: 4,
  StorageClass: 5,
  PersistentVolume: 5,
  PersistentVolumeClaim: 6,
  ClusterRole: 7,
  ClusterRoleBinding: 7,
  Role: 7,
  RoleBinding: 7,
  Service: 8,
  DaemonSet: 9,
  Pod: 9,
  ReplicaSet: 9,
  Deployment: 9,
  StatefulSet: 9,
  Job: 9,
  CronJob: 9,
  HorizontalPodAutoscaler: 10,
  PodDisruptionBudget: 10,
  Ingress: 11,
  NetworkPolicy: 11,
};

export function applyOrder<T extends KubeObject>(objects: readonly T[]): T[] {
  return objects
    .map((object, index) => ({ object, index, rank: KIND_RANK[String(object.kind)] ?? 10 }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.object);
}
