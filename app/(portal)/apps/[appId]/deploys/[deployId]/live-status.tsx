"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { StatusBadge } from "@/components/ui/status-badge";

interface DeployEvent {
  id: number;
  at: string;
  level: "info" | "warn" | "error";
  step: string;
  message: string;
}
interface StatusResponse {
  status: string;
  events: DeployEvent[];
  errors: { code: string; scope: string; objectId: string; message: string }[];
}

const FINAL = new Set(["succeeded", "failed"]);

/** Polls the deployment's status and appends its events as they are recorded. */
export function LiveStatus({ appId, deployId, initialStatus, initialEvents }: { appId: string; deployId: string; initialStatus: string; initialEvents: DeployEvent[] }) {
  const router = useRouter();
  const [events, setEvents] = useState(initialEvents);
  const lastId = useRef(initialEvents.at(-1)?.id ?? 0);
  const { data } = useQuery({
    queryKey: ["deploy-status", appId, deployId],
    queryFn: async (): Promise<StatusResponse> => {
      const res = await fetch(`/api/ui/deploys/${appId}/${deployId}?after=${lastId.current}`);
      if (!res.ok) throw new Error(`${res.status}`);
      return res.json();
    },
    refetchInterval: (q) => (q.state.data && FINAL.has(q.state.data.status) ? false : 700),
    enabled: !FINAL.has(initialStatus),
  });
  useEffect(() => {
    if (!data?.events.length) return;
    lastId.current = data.events.at(-1)!.id;
    setEvents((prev) => [...prev, ...data.events.filter((e) => !prev.some((p) => p.id === e.id))]);
  }, [data]);
  const status = data?.status ?? initialStatus;
  useEffect(() => {
    // Once it finished, re-render the server parts (graph, objects, errors).
    if (data && FINAL.has(data.status) && !FINAL.has(initialStatus)) router.refresh();
  }, [data, initialStatus, router]);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2 text-sm" data-testid="deploy-status">
        Status: <StatusBadge status={status} />
        {!FINAL.has(status) ? <span className="animate-pulse text-zinc-500">live</span> : null}
      </div>
      <ol className="max-h-96 space-y-0.5 overflow-y-auto rounded-md bg-zinc-950 p-3 font-mono text-xs text-zinc-200" data-testid="deploy-events">
        {events.length === 0 ? <li className="text-zinc-500">Waiting for the worker…</li> : null}
        {events.map((e) => (
          <li key={e.id} className={e.level === "error" ? "text-red-400" : e.level === "warn" ? "text-amber-300" : undefined}>
            <span className="text-zinc-500">{e.at.slice(11, 19)}</span> <span className="text-zinc-400">[{e.step}]</span> {e.message}
          </li>
        ))}
      </ol>
    </div>
  );
}
