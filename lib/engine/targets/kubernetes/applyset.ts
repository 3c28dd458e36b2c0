/**
 * ApplySet bookkeeping (KEP-3659, the spec behind `kubectl apply --prune --applyset`): a parent
 * ConfigMap per app/env whose `applyset.kubernetes.io/id` label every member repeats in
 * `applyset.kubernetes.io/part-of`. The parent's hint annotations list the group-kinds and extra
 * namespaces to search when pruning. kubectl computes the same id for the same parent, so
 * `kubectl get … -l applyset.kubernetes.io/part-of=<id>` shows exactly Baton's objects.
 */
import { createHash } from "node:crypto";
import { isRecord, type KubeObject } from "./objects";

export const LABEL_ID = "applyset.kubernetes.io/id";
export const LABEL_PART_OF = "applyset.kubernetes.io/part-of";
export const ANNOTATION_TOOLING = "applyset.kubernetes.io/tooling";
export const ANNOTATION_GROUP_KINDS = "applyset.kubernetes.io/contains-group-kinds";
export const ANNOTATION_NAMESPACES = "applyset.kubernetes.io/additional-namespaces";
/** Tool name and major version, as kubectl writes `kubectl/v1.32.4`. */
export const TOOLING = "baton/v1";

export interface ApplySetParentRef {
  name: string;
  namespace: string;
}

/** `applyset-<base64url(sha256("<name>.<namespace>.<Kind>.<group>"))>-v1`; ConfigMap is in the core group. */
export function applySetId(parent: ApplySetParentRef, kind = "ConfigMap", group = ""): string {
  const digest = createHash("sha256").update(`${parent.name}.${parent.namespace}.${kind}.${group}`).digest("base64url");
  return `applyset-${digest}-v1`;
}

/** The parent's name for an app/env: dots cannot occur in app or env ids, so names never collide. */
export function applySetParentName(appId: string, envId: string): string {
  return `baton.${appId}.${envId}`;
}

export interface ApplySetState {
  groupKinds: string[];
  additionalNamespaces: string[];
  tooling?: string;
  id?: string;
}

function splitList(value: unknown): string[] {
  return typeof value === "string" && value ? value.split(",").map((s) => s.trim()).filter(Boolean) : [];
}

/** What an existing parent records (from its labels and annotations). */
export function readParent(object: unknown): ApplySetState {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return {
    groupKinds: splitList(annotations[ANNOTATION_GROUP_KINDS]),
    additionalNamespaces: splitList(annotations[ANNOTATION_NAMESPACES]),
    ...(typeof annotations[ANNOTATION_TOOLING] === "string" ? { tooling: annotations[ANNOTATION_TOOLING] } : {}),
    ...(typeof labels[LABEL_ID] === "string" ? { id: labels[LABEL_ID] } : {}),
  };
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

export function parentObject(parent: ApplySetParentRef, id: string, state: { groupKinds: Iterable<string>; additionalNamespaces: Iterable<string> }, labels: Record<string, string>): KubeObject {
  const namespaces = sorted(state.additionalNamespaces).filter((ns) => ns !== parent.namespace);
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: parent.name,
      namespace: parent.namespace,
      labels: { ...labels, [LABEL_ID]: id },
      annotations: {
        [ANNOTATION_TOOLING]: TOOLING,
        [ANNOTATION_GROUP_KINDS]: sorted(state.groupKinds).join(","),
        // kubectl omits the annotation when there is nothing to list; an empty value is reserved.
        ...(namespaces.length ? { [ANNOTATION_NAMESPACES]: namespaces.join(",") } : {}),
      },
    },
  };
}

/** A copy of `object` labeled as a member; the rendered object itself is not touched. */
export function withMembership(object: KubeObject, id: string): KubeObject {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const labels = isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
  return { ...object, metadata: { ...metadata, labels: { ...labels, [LABEL_PART_OF]: id } } };
}

/** A rendered object may not claim membership of another set (KEP: treat the manifest as invalid). */
export function foreignMembership(object: KubeObject, id: string): string | undefined {
  const labels = isRecord(object.metadata) && isRecord(object.metadata.labels) ? object.metadata.labels : {};
  const value = labels[LABEL_PART_OF];
  return typeof value === "string" && value !== id ? value : undefined;
}
