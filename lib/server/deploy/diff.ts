import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";
import type { DeploymentSet } from "@/lib/engine/delta/types";
import { maskObjects } from "./masking";

type K8sObject = Record<string, unknown>;

export function objectKey(o: K8sObject): string {
  const m = (o.metadata ?? {}) as { name?: string; namespace?: string };
  return `${o.kind}/${m.namespace ? `${m.namespace}/` : ""}${m.name}`;
}

/** YAML with keys sorted at every level, so a diff ignores key order. */
export function canonicalYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, lineWidth: 0 });
}

export function canonicalObjects(objects: K8sObject[]): string {
  return [...objects]
    .sort((a, b) => objectKey(a).localeCompare(objectKey(b)))
    .map((o) => `# ${objectKey(o)}\n${canonicalYaml(o)}`)
    .join("---\n");
}

export interface ObjectChange {
  key: string;
  change: "added" | "removed" | "changed";
}

/** Structural comparison of two renders (key order ignored). */
export function objectChanges(before: K8sObject[], after: K8sObject[]): ObjectChange[] {
  const a = new Map(before.map((o) => [objectKey(o), o]));
  const b = new Map(after.map((o) => [objectKey(o), o]));
  const out: ObjectChange[] = [];
  for (const [k, o] of b) {
    if (!a.has(k)) out.push({ key: k, change: "added" });
    else if (!isDeepStrictEqual(a.get(k), o)) out.push({ key: k, change: "changed" });
  }
  for (const k of a.keys()) if (!b.has(k)) out.push({ key: k, change: "removed" });
  return out.sort((x, y) => x.key.localeCompare(y.key));
}

export interface SetChanges {
  workloads: { added: string[]; removed: string[]; changed: string[] };
  shared: { added: string[]; removed: string[]; changed: string[] };
}

function compareMaps(a: Record<string, unknown>, b: Record<string, unknown>) {
  return {
    added: Object.keys(b).filter((k) => !(k in a)).sort(),
    removed: Object.keys(a).filter((k) => !(k in b)).sort(),
    changed: Object.keys(b).filter((k) => k in a && !isDeepStrictEqual(a[k], b[k])).sort(),
  };
}

export function setChanges(from: DeploymentSet | undefined, to: DeploymentSet | undefined): SetChanges {
  return {
    workloads: compareMaps(from?.modules ?? {}, to?.modules ?? {}),
    shared: compareMaps(from?.shared ?? {}, to?.shared ?? {}),
  };
}

export interface RenderComparison {
  errors: { code: string; scope: string; object_id: string; message: string }[];
  changes: ObjectChange[];
  /** Canonical YAML of the deployed and the planned objects (Secret data masked). */
  before: string;
  after: string;
}

/** A fresh plan's objects against what is deployed; with plan errors there is nothing to compare. */
export function compareRender(
  deployed: K8sObject[],
  planned: { errors: { code: string; scope: string; object_id?: string; message: string }[]; objects: K8sObject[] },
): RenderComparison {
  const errors = planned.errors.map((e) => ({ code: e.code, scope: e.scope, object_id: e.object_id ?? "", message: e.message }));
  const after = maskObjects(planned.objects);
  return {
    errors,
    changes: errors.length ? [] : objectChanges(deployed, after),
    before: canonicalObjects(deployed),
    after: errors.length ? "" : canonicalObjects(after),
  };
}
