"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ResourceMatchRow } from "@/lib/server/data/workload-matches";
import { resourceMatchesAction } from "./actions";
import { useWorkloadDraft } from "./workload-draft";

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function ResourceMatchList({ rows }: { rows: ResourceMatchRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-500">This workload declares no resources.</p>;
  return (
    <ul className="space-y-3 text-sm" data-testid="resource-matches">
      {rows.map((m) => (
        <li key={m.name} data-testid={`resource-match-${m.name}`}>
          <div className="font-medium">
            {m.name}{" "}
            <span className="font-mono text-xs text-zinc-500">
              {m.type}
              {m.class !== "default" ? `.${m.class}` : ""}
            </span>
          </div>
          <div className="font-mono text-[11px] text-zinc-400">{m.resId}</div>
          <ul className="mt-1 space-y-0.5 text-xs">
            {Object.entries(m.byEnv).map(([env, r]) => (
              <li key={env}>
                <span className="text-zinc-500">{env}:</span>{" "}
                {r.defId ? (
                  <span title={`criterion ${r.criterion}`} className="font-mono">
                    {r.defId}
                  </span>
                ) : (
                  <span className={r.note === "no matching definition" ? "text-amber-600" : "text-zinc-500"}>{r.note}</span>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/**
 * Per environment, the definition each resource of the text being written would match —
 * asked again once typing pauses. While the text does not parse, the last answer stays.
 */
export function LiveResourceMatches({
  appId,
  workloadId,
  initialText,
  initialRows,
}: {
  appId: string;
  workloadId?: string;
  initialText: string;
  initialRows: ResourceMatchRow[];
}) {
  const { text } = useWorkloadDraft();
  const settled = useSettled(text, 400);
  const [lastReadable, setLastReadable] = useState(initialRows);
  const query = useQuery({
    queryKey: ["resource-matches", appId, workloadId ?? "", settled],
    queryFn: async () => {
      const r = await resourceMatchesAction({ appId, workloadId, scoreYaml: settled });
      if (!r.ok) throw new Error(r.error);
      if (r.data.rows) setLastReadable(r.data.rows);
      return r.data.rows;
    },
    enabled: settled !== initialText && settled.trim() !== "",
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const rows = settled === initialText ? initialRows : query.data;
  const typing = text !== settled || query.isFetching;
  return (
    <div aria-busy={typing} data-testid="live-resource-matches">
      <ResourceMatchList rows={rows ?? lastReadable} />
      {rows === null ? (
        <p className="mt-2 text-xs text-amber-700">The file does not parse as YAML yet; these are the matches of its last readable version.</p>
      ) : null}
      {query.error ? <p className="mt-2 text-xs text-red-600">{query.error.message}</p> : null}
    </div>
  );
}
