"use client";

import Link from "next/link";
import { criterionFields, dependentsOf, describeNode, FAILED_STATUSES, originOf, typeColour, type StoredGraph, type StoredGraphNode } from "./model";

function Json({ value }: { value: unknown }) {
  return <code className="break-all font-mono text-[11px]">{typeof value === "string" ? value : JSON.stringify(value)}</code>;
}

function KeyList({ keys, nodes, onSelect }: { keys: string[]; nodes: Map<string, StoredGraphNode>; onSelect: (key: string) => void }) {
  if (keys.length === 0) return <p className="text-xs text-zinc-500">none</p>;
  return (
    <ul className="space-y-0.5">
      {keys.map((k) => {
        const n = nodes.get(k);
        return (
          <li key={k}>
            <button type="button" onClick={() => onSelect(k)} className="text-left font-mono text-[11px] text-brand-600 hover:underline" disabled={!n}>
              {n ? `${n.type} ${n.res_id}` : k}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** What a node is: its definition, the criterion that matched, value outputs (secrets masked) and dependencies. */
export function NodePanel({ graph, node, onSelect }: { graph: StoredGraph; node: StoredGraphNode; onSelect: (key: string) => void }) {
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const dependents = dependentsOf(graph).get(node.key) ?? [];
  const criterion = criterionFields(node.criterion);
  const values = Object.entries(node.outputs?.values ?? {});
  const secrets = Object.keys(node.outputs?.secrets ?? {});
  const section = "mt-3 text-[11px] font-semibold uppercase tracking-wide text-zinc-500";
  return (
    <div data-testid="graph-node-panel" className="text-sm">
      <div className="flex items-center gap-2">
        <i className="inline-block size-2.5 rounded-full" style={{ background: typeColour(node.type) }} />
        <span className="font-mono text-xs text-zinc-500">
          {node.type}
          {node.class !== "default" ? `.${node.class}` : ""}
        </span>
      </div>
      <h3 className="mt-1 break-all font-mono text-sm font-semibold">{node.res_id}</h3>
      <p data-testid="graph-node-role" className={`mt-1 text-xs ${FAILED_STATUSES.has(node.status) ? "text-red-600" : "text-zinc-600 dark:text-zinc-300"}`}>
        {describeNode(node).long}
      </p>

      {node.def_id ? (
        <>
          <h4 className={section}>Definition</h4>
          <p className="text-xs">
            <Link href={`/resources/definitions/${node.def_id}`} className="font-mono text-brand-600 hover:underline">
              {node.def_id}
            </Link>
            {node.driver_type ? <span className="text-zinc-500"> · {node.driver_type}</span> : null}
          </p>
          <h4 className={section}>Matched by</h4>
          {criterion.length > 0 ? (
            <p className="font-mono text-[11px]">{criterion.map(([k, v]) => `${k}: ${v}`).join(", ")}</p>
          ) : (
            <p className="text-xs text-zinc-500">a criterion matching everything, or the built-in default</p>
          )}
        </>
      ) : null}

      {originOf(node) === "values" ? null : <h4 className={section}>Value outputs</h4>}
      {originOf(node) === "values" ? null : values.length > 0 ? (
        <dl className="space-y-0.5">
          {values.map(([k, v]) => (
            <div key={k} className="flex gap-2">
              <dt className="font-mono text-[11px] text-zinc-500">{k}</dt>
              <dd>
                <Json value={v} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-xs text-zinc-500">none</p>
      )}
      {secrets.length > 0 ? (
        <>
          <h4 className={section}>Secret outputs</h4>
          <p className="font-mono text-[11px]">{secrets.map((k) => `${k}: ***`).join(", ")}</p>
        </>
      ) : null}

      <h4 className={section}>Depends on</h4>
      <KeyList keys={node.depends_on} nodes={nodes} onSelect={onSelect} />
      <h4 className={section}>Used by</h4>
      <KeyList keys={dependents} nodes={nodes} onSelect={onSelect} />
      {node.guresid ? <p className="mt-3 break-all font-mono text-[10px] text-zinc-400">GUResID {node.guresid}</p> : null}
    </div>
  );
}

/** A type's resources when the picture is grouped: pick one to see its details. */
export function GroupPanel({ graph, type, onSelect }: { graph: StoredGraph; type: string; onSelect: (key: string) => void }) {
  const members = graph.nodes.filter((n) => n.type === type);
  return (
    <div data-testid="graph-group-panel" className="text-sm">
      <h3 className="font-mono text-sm font-semibold">{type}</h3>
      <p className="text-xs text-zinc-500">{members.length} resources — pick one:</p>
      <ul className="mt-2 max-h-96 space-y-0.5 overflow-auto">
        {members.map((n) => (
          <li key={n.key}>
            <button type="button" onClick={() => onSelect(n.key)} className={`text-left font-mono text-[11px] hover:underline ${FAILED_STATUSES.has(n.status) ? "text-red-600" : "text-brand-600"}`}>
              {n.res_id} ({describeNode(n).short})
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
