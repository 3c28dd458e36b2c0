/**
 * The resource graph as a picture: boxes and arrows derived from a deployment's stored graph
 * (pure, no React, tested). Past `GROUP_ABOVE` nodes the picture shows one box per resource
 * type first; a type's resources are then listed in the side panel.
 */

export interface StoredGraphNode {
  key: string;
  res_id: string;
  type: string;
  class: string;
  guresid?: string;
  def_id: string | null;
  driver_type: string | null;
  /** The matching criterion (engine shape); older graphs may hold only its id. */
  criterion?: Record<string, unknown> | string | null;
  depends_on: string[];
  status: string;
  /** Secrets arrive masked: the stored graph never holds them. */
  outputs?: { values?: Record<string, unknown>; secrets?: Record<string, unknown> };
}

export interface StoredGraph {
  nodes: StoredGraphNode[];
  order?: string[];
}

export const GROUP_ABOVE = 300;

export interface PictureNode {
  id: string;
  kind: "resource" | "group";
  type: string;
  label: string;
  sublabel: string;
  status: string;
  /** Groups: how many resources, how many of them failed or unmatched. */
  count?: number;
  failed?: number;
  width: number;
  height: number;
}

export interface PictureEdge {
  id: string;
  /** The dependent … */
  source: string;
  /** … points at what it depends on. */
  target: string;
  /** Groups: how many dependencies the arrow stands for. */
  count?: number;
}

export interface Picture {
  nodes: PictureNode[];
  edges: PictureEdge[];
  grouped: boolean;
}

const NODE = { width: 190, height: 54 };

/** "unmatched" is an optional implicit resource (e.g. base-env) with no definition: not a failure. */
export const FAILED_STATUSES = new Set(["failed"]);

/** Boxes and arrows for a graph; grouped by type when it has more than `groupAbove` nodes. */
export function buildPicture(graph: StoredGraph, groupAbove = GROUP_ABOVE): Picture {
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  if (graph.nodes.length <= groupAbove) {
    const nodes: PictureNode[] = graph.nodes.map((n) => ({
      id: n.key,
      kind: "resource",
      type: n.type,
      label: n.res_id,
      sublabel: `${n.type}${n.class && n.class !== "default" ? `.${n.class}` : ""}`,
      status: n.status,
      ...NODE,
    }));
    const edges: PictureEdge[] = [];
    for (const n of graph.nodes) {
      for (const dep of new Set(n.depends_on)) if (byKey.has(dep) && dep !== n.key) edges.push({ id: `${n.key}->${dep}`, source: n.key, target: dep });
    }
    return { nodes, edges, grouped: false };
  }

  const groups = new Map<string, PictureNode>();
  for (const n of graph.nodes) {
    const id = `group:${n.type}`;
    const g = groups.get(id) ?? { id, kind: "group" as const, type: n.type, label: n.type, sublabel: "", status: "provisioned", count: 0, failed: 0, ...NODE };
    g.count! += 1;
    if (FAILED_STATUSES.has(n.status)) g.failed! += 1;
    groups.set(id, g);
  }
  for (const g of groups.values()) {
    g.sublabel = `${g.count} resource${g.count === 1 ? "" : "s"}${g.failed ? `, ${g.failed} failed` : ""}`;
    g.status = g.failed ? "failed" : "provisioned";
  }
  const edgeCounts = new Map<string, number>();
  for (const n of graph.nodes) {
    for (const dep of new Set(n.depends_on)) {
      const d = byKey.get(dep);
      if (!d || d.type === n.type) continue;
      const id = `group:${n.type}->group:${d.type}`;
      edgeCounts.set(id, (edgeCounts.get(id) ?? 0) + 1);
    }
  }
  const edges = [...edgeCounts].map(([id, count]) => {
    const [source, target] = id.split("->");
    return { id, source, target, count };
  });
  return { nodes: [...groups.values()], edges, grouped: true };
}

/** Who depends on each node (the reverse of `depends_on`). */
export function dependentsOf(graph: StoredGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of graph.nodes) for (const d of n.depends_on) out.set(d, [...(out.get(d) ?? []), n.key]);
  return out;
}

/** The criterion that chose the definition, as `field: value` pairs (empty for fallbacks). */
export function criterionFields(c: StoredGraphNode["criterion"]): [string, string][] {
  if (!c) return [];
  if (typeof c === "string") return [["id", c]];
  return Object.entries(c)
    .filter(([k, v]) => k !== "id" && v !== undefined && v !== null && v !== "")
    .map(([k, v]) => [k, String(v)]);
}

const TYPE_COLOURS: Record<string, string> = {
  workload: "#3b55e0",
  "k8s-cluster": "#475569",
  "k8s-namespace": "#64748b",
  "base-env": "#71717a",
  environment: "#0d9488",
  postgres: "#7c3aed",
  mysql: "#9333ea",
  mariadb: "#a21caf",
  mongodb: "#15803d",
  redis: "#dc2626",
  dns: "#0891b2",
  route: "#0284c7",
  volume: "#ea580c",
  s3: "#ca8a04",
  "config-map": "#4d7c0f",
};
const PALETTE = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#65a30d", "#e11d48"];

/** A stable colour per resource type (well-known types fixed, others hashed). */
export function typeColour(type: string): string {
  if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
  let h = 0;
  for (const ch of type) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
