import { isDeepStrictEqual } from "node:util";
import type { DeploymentGraph, DeploymentGraphNode } from "@/lib/server/data/deployments";

/** How one resource differs between two deployments: what matched it, its class, its value outputs. */
export interface ResourceDifference {
  type: string;
  resId: string;
  change: "added" | "removed" | "changed";
  from?: { defId: string | null; class: string };
  to?: { defId: string | null; class: string };
  /** Value outputs (never secrets) whose value differs, or that only one side has. */
  values: string[];
}

// A resource is the same one on both sides when type and id agree; its class may differ.
const identity = (n: DeploymentGraphNode) => `${n.type}#${n.res_id}`;

function changedValues(a: DeploymentGraphNode, b: DeploymentGraphNode): string[] {
  const va = a.outputs?.values ?? {};
  const vb = b.outputs?.values ?? {};
  return [...new Set([...Object.keys(va), ...Object.keys(vb)])].filter((k) => !isDeepStrictEqual(va[k], vb[k])).sort();
}

/**
 * The resources of two deployments' graphs that matched a different definition or class, or
 * whose value outputs differ — what "the same Score file in another environment" changes.
 * Workload nodes are left out: their differences are the set and object diffs.
 */
export function resourceDifferences(before: DeploymentGraph | null, after: DeploymentGraph | null): ResourceDifference[] {
  const relevant = (g: DeploymentGraph | null) => new Map((g?.nodes ?? []).filter((n) => n.type !== "workload").map((n) => [identity(n), n]));
  const a = relevant(before);
  const b = relevant(after);
  const out: ResourceDifference[] = [];
  const side = (n: DeploymentGraphNode) => ({ defId: n.def_id, class: n.class });
  for (const [id, nb] of b) {
    const na = a.get(id);
    if (!na) {
      out.push({ type: nb.type, resId: nb.res_id, change: "added", to: side(nb), values: [] });
      continue;
    }
    const values = changedValues(na, nb);
    if (na.def_id !== nb.def_id || na.class !== nb.class || values.length > 0) {
      out.push({ type: nb.type, resId: nb.res_id, change: "changed", from: side(na), to: side(nb), values });
    }
  }
  for (const [id, na] of a) if (!b.has(id)) out.push({ type: na.type, resId: na.res_id, change: "removed", from: side(na), values: [] });
  // Definition changes first — they are the point of comparing environments — and among them
  // the resources the workloads declare (shared.… and modules.…) before the implicit ones.
  const declared = (d: ResourceDifference) => /^(shared|modules)\./.test(d.resId);
  const rank = (d: ResourceDifference) =>
    d.change === "changed" ? (d.from?.defId !== d.to?.defId ? (declared(d) ? 0 : 1) : 2) : d.change === "added" ? 3 : 4;
  return out.sort((x, y) => rank(x) - rank(y) || x.resId.localeCompare(y.resId) || x.type.localeCompare(y.type));
}
