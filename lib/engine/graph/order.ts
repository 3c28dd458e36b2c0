import type { ResourceNode } from "./types";

/** Finds one dependency cycle, returned as node keys with the first repeated at the end. */
export function findCycle(nodes: Map<string, ResourceNode>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  let cycle: string[] | null = null;
  const visit = (key: string): boolean => {
    const seen = state.get(key);
    if (seen === 2) return false;
    if (seen === 1) {
      cycle = [...stack.slice(stack.indexOf(key)), key];
      return true;
    }
    state.set(key, 1);
    stack.push(key);
    const node = nodes.get(key);
    for (const next of [...(node?.dependsOn ?? [])].sort()) {
      if (nodes.has(next) && visit(next)) return true;
    }
    stack.pop();
    state.set(key, 2);
    return false;
  };
  for (const key of [...nodes.keys()].sort()) {
    if (visit(key)) break;
  }
  return cycle;
}

/**
 * Provisioning order: dependencies first (Kahn's algorithm); among nodes that are ready at the
 * same time, the smallest key goes first so the order is deterministic. Null on a cycle.
 */
export function topologicalOrder(nodes: Map<string, ResourceNode>): string[] | null {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [key, node] of nodes) {
    let count = 0;
    for (const dep of node.dependsOn) {
      if (!nodes.has(dep)) continue;
      count++;
      const list = dependents.get(dep) ?? [];
      list.push(key);
      dependents.set(dep, list);
    }
    remaining.set(key, count);
  }
  const ready = [...remaining].filter(([, n]) => n === 0).map(([k]) => k).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const key = ready.shift()!;
    order.push(key);
    for (const dependent of dependents.get(key) ?? []) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) insertSorted(ready, dependent);
    }
  }
  return order.length === nodes.size ? order : null;
}

function insertSorted(list: string[], item: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < item) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
