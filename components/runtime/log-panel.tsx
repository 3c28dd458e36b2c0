"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { LogTarget } from "./controller-pods";
import type { EnvRef, RuntimeActions } from "./types";

const TAILS = [50, 200, 1000];
const FOLLOW_MS = 2_000;

/**
 * A container's log tail; a crashed container opens on its previous container's log (the
 * current one has not started). Follow re-reads the tail every two seconds while open.
 */
export function LogPanel({ env, target, read, onClose }: { env: EnvRef; target: LogTarget; read: RuntimeActions["log"]; onClose: () => void }) {
  const [tail, setTail] = useState(200);
  const [previous, setPrevious] = useState(target.crashed);
  const [follow, setFollow] = useState(false);
  const { data, error, isFetching } = useQuery({
    queryKey: ["runtime-log", env.appId, env.envId, target.pod, target.container, tail, previous],
    queryFn: async () => {
      const r = await read({ ...env, pod: target.pod, container: target.container, tail, previous });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    staleTime: 0,
    retry: false,
    refetchInterval: follow ? FOLLOW_MS : false,
  });
  return (
    <section className="rounded-md border border-zinc-300 dark:border-zinc-700" aria-label={`Log of ${target.pod}/${target.container}`} data-testid="log-panel">
      <header className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
        <span className="font-mono font-medium">
          {target.pod}/{target.container}
        </span>
        <label className="flex items-center gap-1">
          Tail
          <select className="rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700" value={tail} onChange={(e) => setTail(Number(e.target.value))}>
            {TAILS.map((t) => (
              <option key={t} value={t}>
                {t} lines
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> Previous container
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        {isFetching ? <span className="text-zinc-500">reading…</span> : null}
        <Button variant="ghost" className="ml-auto" onClick={onClose}>
          Close
        </Button>
      </header>
      {error ? (
        <p role="alert" className="px-3 py-2 text-xs text-red-600">
          {error.message}
        </p>
      ) : null}
      <pre className="max-h-80 overflow-auto bg-zinc-950 p-3 font-mono text-xs text-zinc-200" data-testid="log-text">
        {data === undefined ? "Reading the log…" : data === "" ? "(the log is empty)" : data}
      </pre>
    </section>
  );
}
