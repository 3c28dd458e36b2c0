import { stringify } from "yaml";

export interface ObjectFile {
  file: string;
  content: string;
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
}

function meta(obj: Record<string, unknown>) {
  const m = (obj.metadata ?? {}) as { name?: string; namespace?: string };
  return { apiVersion: String(obj.apiVersion ?? ""), kind: String(obj.kind ?? ""), name: String(m.name ?? ""), namespace: m.namespace };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");

/**
 * One file per object, named `<kind>-<name>.yaml`; when two objects would share a name the
 * API group and namespace are added, so names stay deterministic and unique.
 */
export function objectFiles(objects: Record<string, unknown>[]): ObjectFile[] {
  const base = objects.map((o) => {
    const m = meta(o);
    return { ...m, short: `${slug(m.kind)}-${slug(m.name)}`, obj: o };
  });
  const counts = new Map<string, number>();
  for (const b of base) counts.set(b.short, (counts.get(b.short) ?? 0) + 1);
  const files = base.map((b) => {
    const group = b.apiVersion.includes("/") ? b.apiVersion.split("/")[0] : "core";
    const file = counts.get(b.short)! > 1 ? `${slug(b.kind)}.${slug(group)}-${b.namespace ? `${slug(b.namespace)}-` : ""}${slug(b.name)}.yaml` : `${b.short}.yaml`;
    return { file, content: stringify(b.obj, { lineWidth: 0 }), kind: b.kind, apiVersion: b.apiVersion, name: b.name, namespace: b.namespace };
  });
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

export function kustomization(files: string[]): string {
  return stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...files].sort() }, { lineWidth: 0 });
}
