"use client";

import dynamic from "next/dynamic";
import type { StoredGraph } from "./model";

// React Flow and ELK load only on pages that show a graph, after the page itself.
const Picture = dynamic(() => import("./resource-graph-impl"), {
  ssr: false,
  loading: () => <div className="h-[460px] rounded-md border border-dashed border-zinc-300 p-4 text-sm text-zinc-500 dark:border-zinc-700">Loading the graph picture…</div>,
});

/** The resource graph picture (lazy); `graph` is a deployment's stored graph, secrets masked. */
export function ResourceGraph({ graph, groupAbove }: { graph: StoredGraph; groupAbove?: number }) {
  return <Picture graph={graph} groupAbove={groupAbove} />;
}
