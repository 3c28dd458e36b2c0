import type { ResourceSelector } from "@/lib/engine/placeholders/parse";
import type { ResourceGraph, ResourceNode } from "./types";

/**
 * List selectors (humanitec-model.md §3). From the node that uses them, start at the nodes of
 * type A sharing its res_id; `A>B` returns the B nodes they depend on, `A<B` the B nodes that
 * depend on them. Selectors never create nodes. Results are sorted by key for stable output.
 */
export function selectNodes(
  graph: Pick<ResourceGraph, "nodes">,
  from: ResourceNode,
  selector: Extract<ResourceSelector, { kind: "dependencies" | "dependents" }>,
): ResourceNode[] {
  const starts = [...graph.nodes.values()].filter((n) => n.type === selector.from && n.res_id === from.res_id);
  const found = new Map<string, ResourceNode>();
  for (const start of starts) {
    if (selector.kind === "dependencies") {
      for (const key of start.dependsOn) {
        const node = graph.nodes.get(key);
        if (node && node.type === selector.type) found.set(key, node);
      }
    } else {
      for (const node of graph.nodes.values()) {
        if (node.type === selector.type && node.dependsOn.has(start.key)) found.set(node.key, node);
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
