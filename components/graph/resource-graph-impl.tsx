"use client";

import { useEffect, useMemo, useState } from "react";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { layoutPicture } from "./layout";
import { buildPicture, FAILED_STATUSES, typeColour, type PictureNode, type StoredGraph } from "./model";
import { GroupPanel, NodePanel } from "./node-panel";

type BoxData = { box: PictureNode; selected: boolean };

const STATUS_RING: Record<string, string> = { failed: "#ef4444", skipped: "#a1a1aa", "not-provisioned": "#a1a1aa" };
/** Nothing was provisioned for these, by design: drawn dashed. */
const NOTHING_PROVISIONED = new Set(["unmatched", "values"]);

function Box({ data }: NodeProps<Node<BoxData>>) {
  const { box, selected } = data;
  const colour = typeColour(box.type);
  const bad = FAILED_STATUSES.has(box.status);
  return (
    <div
      className="rounded-md bg-white px-2 py-1.5 text-left shadow-sm dark:bg-zinc-900"
      style={{
        width: box.width,
        height: box.height,
        borderLeft: `5px solid ${colour}`,
        outline: selected ? "2px solid #3b55e0" : `1px solid ${STATUS_RING[box.status] ?? "#d4d4d8"}`,
        borderStyle: NOTHING_PROVISIONED.has(box.status) ? "dashed" : undefined,
      }}
      data-status={box.status}
    >
      <Handle type="target" position={Position.Left} className="!opacity-0" isConnectable={false} />
      <div className="truncate font-mono text-[11px] font-semibold" title={box.label}>
        {box.label}
      </div>
      <div className="flex items-center gap-1 truncate text-[10px] text-zinc-500" title={box.kind === "resource" ? `${box.sublabel} · ${box.role}` : box.sublabel}>
        <span style={{ color: colour }}>{box.sublabel}</span>
        {box.kind === "resource" ? <span className={bad ? "font-semibold text-red-600" : ""}>· {box.role}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} className="!opacity-0" isConnectable={false} />
    </div>
  );
}

const nodeTypes = { box: Box };

/** The resource graph as a picture (React Flow, laid out by ELK) with a details panel. */
export default function ResourceGraphPicture({ graph, groupAbove }: { graph: StoredGraph; groupAbove?: number }) {
  const picture = useMemo(() => buildPicture(graph, groupAbove), [graph, groupAbove]);
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    layoutPicture(picture)
      .then((p) => live && setPositions(p))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [picture]);

  const nodes: Node<BoxData>[] = useMemo(
    () =>
      positions
        ? picture.nodes.map((box) => ({
            id: box.id,
            type: "box",
            position: positions.get(box.id) ?? { x: 0, y: 0 },
            data: { box, selected: box.id === selected || (picture.grouped && selected !== null && `group:${graph.nodes.find((n) => n.key === selected)?.type}` === box.id) },
            ariaLabel: `${box.sublabel} ${box.label}, ${box.kind === "resource" ? box.role : box.sublabel}`,
            draggable: false,
            connectable: false,
          }))
        : [],
    [picture, positions, selected, graph],
  );
  const edges: Edge[] = useMemo(
    () =>
      picture.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.count && e.count > 1 ? String(e.count) : undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        style: { strokeWidth: 1.25 },
      })),
    [picture],
  );

  const node = selected && !selected.startsWith("group:") ? graph.nodes.find((n) => n.key === selected) : undefined;
  const groupType = selected?.startsWith("group:") ? selected.slice("group:".length) : null;

  return (
    <div className="flex flex-col gap-3 lg:flex-row" data-testid="graph-picture">
      <div className="h-[460px] min-w-0 flex-1 rounded-md border border-zinc-200 dark:border-zinc-800">
        {error ? (
          <p className="p-4 text-sm text-red-600">The graph could not be laid out: {error}</p>
        ) : positions ? (
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodeClick={(_, n) => setSelected(n.id)}
            onPaneClick={() => setSelected(null)}
            nodesDraggable={false}
            nodesConnectable={false}
            fitView
            fitViewOptions={{ padding: 0.15 }}
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} size={1} />
            <Controls showInteractive={false} />
          </ReactFlow>
        ) : (
          <p className="p-4 text-sm text-zinc-500">Laying out {graph.nodes.length} resources…</p>
        )}
      </div>
      <aside className="w-full shrink-0 rounded-md border border-zinc-200 p-3 lg:w-80 dark:border-zinc-800" aria-label="Selected resource">
        {picture.grouped ? <p className="mb-2 text-xs text-amber-700">{graph.nodes.length} resources: grouped by type. Click a type to list its resources.</p> : null}
        {node ? (
          <NodePanel graph={graph} node={node} onSelect={setSelected} />
        ) : groupType ? (
          <GroupPanel graph={graph} type={groupType} onSelect={setSelected} />
        ) : (
          <p className="text-sm text-zinc-500">Click a resource to see its definition, the criterion that matched, its outputs and dependencies.</p>
        )}
      </aside>
    </div>
  );
}
