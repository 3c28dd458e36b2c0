"use client";

import { useQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/ui/status-badge";
import { PauseControl } from "./runtime-controls";
import type { EnvRef, RuntimeActions } from "./types";
import { WorkloadCard } from "./workload-card";

const REFRESH_MS = 4_000;

/**
 * The environment's workloads as the cluster runs them, re-read every few seconds while the
 * page is visible (react-query pauses the interval in a hidden tab). Actions are offered to
 * whoever may deploy to the environment.
 */
export function RuntimeSection({ env, actions, mayChange }: { env: EnvRef; actions: RuntimeActions; mayChange: boolean }) {
  const { data: view, error } = useQuery({
    queryKey: ["runtime", env.appId, env.envId],
    queryFn: async () => {
      const r = await actions.read(env);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    staleTime: 0,
    refetchInterval: REFRESH_MS,
  });
  // GitOps: the commit that holds the deployment, whether or not the cluster can be read.
  const gitCommit = view && view.state !== "error" ? view.commit : undefined;
  return (
    <div className="space-y-3" data-testid="runtime" data-state={view?.state}>
      {gitCommit ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="runtime-commit">
          Deployed in Git commit <span className="font-mono">{gitCommit}</span>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
        </p>
      ) : null}
      {!view ? <p className="text-sm text-zinc-500">Reading the runtime…</p> : null}
      {view?.state === "unknown" ? <p className="text-sm text-zinc-600 dark:text-zinc-300">Runtime unknown: {view.reason}</p> : null}
      {view?.state === "error" ? (
        <p role="alert" className="text-sm text-red-600">
          The cluster could not be read ({view.error.code}): {view.error.message}
        </p>
      ) : null}
      {view?.state === "available" ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-500">
            <span>
              Namespace <span className="font-mono">{view.runtime.namespace}</span> · read {formatTime(view.runtime.read_at)}
              {view.runtime.paused ? <strong className="ml-2 text-amber-700">paused</strong> : null}
            </span>
            {mayChange ? <PauseControl env={env} paused={view.runtime.paused} setPaused={actions.setPaused} /> : null}
          </div>
          {view.runtime.workloads.length === 0 ? <p className="text-sm text-zinc-500">No workloads in the cluster.</p> : null}
          {view.runtime.workloads.map((w) => (
            <WorkloadCard key={w.id} env={env} workload={w} actions={actions} mayChange={mayChange} />
          ))}
        </>
      ) : null}
    </div>
  );
}
