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
  /**
   * Why the node is there (the engine's origin: workload, external, shared, implicit,
   * reference, co-provision), or "values" for a Score resource of type `environment`. Older
   * stored graphs have none; `originOf` infers it.
   */
  origin?: string;
  status: string;
  /** Secrets arrive masked: the stored graph never holds them. */
  outputs?: { values?: Record<string, unknown>; secrets?: Record<string, unknown> };
  /** Values nodes: the shared values the workload reads through this resource. */
  reads?: string[];
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
  /** Resources: what the node is, in a few words (`by incluster-postgres`, `implicit`, `values`). */
  role?: string;
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
      role: describeNode(n).short,
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

/** The implicit resources every deployment has (the engine's IMPLICIT_RESOURCES). */
const IMPLICIT_TYPES = new Set(["k8s-cluster", "k8s-namespace", "base-env"]);

/** The node's origin, inferred from type and id for graphs stored before origins were. */
export function originOf(n: StoredGraphNode): string {
  if (n.origin) return n.origin;
  if (n.type === "workload") return "workload";
  if (IMPLICIT_TYPES.has(n.type) && n.res_id === n.type) return "implicit";
  if (n.res_id.startsWith("shared.")) return "shared";
  if (/^modules\.[^.]+\.externals\./.test(n.res_id)) return "external";
  return "reference";
}

/** `modules.web` → `web`; `modules.web.externals.db` → `web`. */
function workloadOf(resId: string): string | undefined {
  return /^modules\.([^.]+)/.exec(resId)?.[1];
}

/**
 * What a node is, for a developer: a short phrase for its box and a sentence for its panel.
 * "unmatched" is not a word they should meet on a node that is fine.
 */
export function describeNode(n: StoredGraphNode): { short: string; long: string } {
  const origin = originOf(n);
  const def = n.def_id;
  const workload = workloadOf(n.res_id);
  if (origin === "values") {
    const reads = n.reads?.length ? ` It reads ${n.reads.join(", ")}.` : "";
    return {
      short: "values",
      long: `Declared by ${workload ?? "the workload"} with type environment: its outputs are the application's shared values (and this environment's overrides), so no definition provisions it.${reads}`,
    };
  }
  if (n.status === "failed") {
    return def
      ? { short: `failed (${def})`, long: `Failed while being provisioned by definition ${def}; the deployment's errors say why.` }
      : { short: "failed: no definition", long: "No definition matched this resource. It is needed, so the deployment failed: add a definition whose matching criteria cover this environment, or change the resource's type or class." };
  }
  if (n.status === "skipped" || n.status === "not-provisioned") {
    return { short: "not provisioned", long: "Not provisioned: the deployment stopped before this resource (something it needs failed)." };
  }
  if (origin === "workload") {
    return def
      ? { short: `workload · ${def}`, long: `The workload ${workload ?? n.res_id} itself: Baton renders its containers from the Score file, and definition ${def} adds to its Kubernetes objects.` }
      : { short: "workload", long: `The workload ${workload ?? n.res_id} itself: Baton renders its containers from the Score file. It needs no resource definition.` };
  }
  if (origin === "implicit") {
    return def
      ? { short: `implicit · ${def}`, long: `Implicit: every deployment has a ${n.type}, whether or not a workload asks for it. Provisioned by definition ${def}.` }
      : { short: "implicit · optional", long: `Implicit: every deployment has a ${n.type}, whether or not a workload asks for it. No definition matches it here, which is fine: it is optional, so nothing was provisioned.` };
  }
  const reused = n.status === "reused" ? " (reused from an earlier deployment)" : "";
  const who = origin === "shared" ? "Shared by the workloads that declare it with this id" : origin === "external" ? `Declared by ${workload ?? "a workload"} in its Score file` : "Added because another resource's definition refers to it";
  if (!def) return { short: "no definition", long: `${who}. No definition matched it.` };
  return { short: `by ${def}`, long: `${who}; provisioned by definition ${def}${reused}.` };
}

/** A workload's Score resource that no definition provisions (type `environment`: shared values). */
export interface ValuesResource {
  workload: string;
  name: string;
  reads: string[];
}

/**
 * The graph with a node for each `environment` resource the Score files declare: the engine
 * turns them into `${values.…}` and keeps no node, but the developer declared them and looks
 * for them. The workload's node points at it like at any of its resources.
 */
export function withValuesNodes(graph: StoredGraph, resources: ValuesResource[]): StoredGraph {
  if (resources.length === 0) return graph;
  const added: StoredGraphNode[] = [];
  const nodes = graph.nodes.map((n) => ({ ...n }));
  for (const r of resources) {
    const resId = `modules.${r.workload}.externals.${r.name}`;
    const key = `environment.default#${resId}`;
    const owner = nodes.find((n) => n.type === "workload" && n.res_id === `modules.${r.workload}`);
    if (!owner || nodes.some((n) => n.key === key)) continue;
    owner.depends_on = [...owner.depends_on, key];
    added.push({ key, res_id: resId, type: "environment", class: "default", def_id: null, driver_type: null, depends_on: [], origin: "values", status: "values", reads: r.reads });
  }
  return { ...graph, nodes: [...nodes, ...added] };
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
