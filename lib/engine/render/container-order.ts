/**
 * Where each container of a workload goes in the pod, from Score's `before` (score.md §6; we read
 * `X.before.Y` as score-compose does: X precedes Y).
 *
 * - A container with any `ready: complete` entry must finish before others start: an init container.
 * - A container whose entries are only `started` / `healthy` keeps running: a native sidecar (an
 *   init container with `restartPolicy: Always`, Kubernetes ≥ 1.29). For `healthy` the kubelet
 *   waits for its startup probe, so the renderer derives one from its readiness/liveness probe.
 * - Every other container is an ordinary pod container.
 *
 * Init containers run in list order, so they are sorted topologically along `before` edges
 * (ties by name, so the order is deterministic). Score validation has already rejected cycles
 * and unknown names; anything left over is still placed, never dropped.
 */
export type ContainerRole = "init" | "sidecar" | "main";

export interface ContainerPlacement {
  /** init and sidecar containers, in the order they must start */
  initOrder: string[];
  roles: Map<string, ContainerRole>;
  /** sidecars that must be healthy (not merely started) before what they precede */
  needsStartupProbe: Set<string>;
}

type ReadyCondition = "started" | "healthy" | "complete";

function beforeOf(container: unknown): Record<string, ReadyCondition> {
  if (typeof container !== "object" || container === null) return {};
  const before = (container as { before?: unknown }).before;
  if (typeof before !== "object" || before === null || Array.isArray(before)) return {};
  const out: Record<string, ReadyCondition> = {};
  for (const [other, entry] of Object.entries(before)) {
    const ready = typeof entry === "object" && entry !== null ? (entry as { ready?: unknown }).ready : undefined;
    out[other] = ready === "complete" || ready === "healthy" ? ready : "started";
  }
  return out;
}

export function placeContainers(containers: Record<string, unknown>): ContainerPlacement {
  const roles = new Map<string, ContainerRole>();
  const needsStartupProbe = new Set<string>();
  const edges = new Map<string, string[]>(); // X → containers X precedes
  for (const id of Object.keys(containers)) {
    const before = beforeOf(containers[id]);
    const conditions = Object.values(before);
    edges.set(id, Object.keys(before).filter((other) => other in containers && other !== id));
    if (conditions.length === 0) roles.set(id, "main");
    else if (conditions.includes("complete")) roles.set(id, "init");
    else {
      roles.set(id, "sidecar");
      if (conditions.includes("healthy")) needsStartupProbe.add(id);
    }
  }
  const early = [...roles.keys()].filter((id) => roles.get(id) !== "main");
  return { initOrder: topologicalOrder(early, edges), roles, needsStartupProbe };
}

/** Kahn's algorithm over the early-starting containers; a leftover cycle keeps name order. */
function topologicalOrder(ids: string[], edges: Map<string, string[]>): string[] {
  const members = new Set(ids);
  const incoming = new Map(ids.map((id) => [id, 0]));
  for (const id of ids) for (const next of edges.get(id) ?? []) if (members.has(next)) incoming.set(next, incoming.get(next)! + 1);
  const ready = ids.filter((id) => incoming.get(id) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!members.has(next)) continue;
      incoming.set(next, incoming.get(next)! - 1);
      if (incoming.get(next) === 0) {
        ready.push(next);
        ready.sort();
      }
    }
  }
  return [...order, ...ids.filter((id) => !order.includes(id)).sort()];
}
