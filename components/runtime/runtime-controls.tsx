"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import type { EnvRef, RuntimeActions } from "./types";

/** After a change the runtime is re-read at once rather than at the next tick. */
function useRefresh(env: EnvRef) {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: ["runtime", env.appId, env.envId] });
}

function ActionError({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="basis-full text-xs text-red-600">
      {error}
    </p>
  ) : null;
}

/** Scale and restart one workload (for those who may deploy to the environment). */
export function WorkloadControls({ env, workload, replicas, actions }: { env: EnvRef; workload: string; replicas: number; actions: Pick<RuntimeActions, "scale" | "restart"> }) {
  const refresh = useRefresh(env);
  const scale = useAction(actions.scale);
  const restart = useAction(actions.restart);
  const [count, setCount] = useState(String(replicas));
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-xs"
      aria-label={`Runtime actions for ${workload}`}
      onSubmit={(e) => {
        e.preventDefault();
        scale.run({ ...env, workload, replicas: Number(count) }, refresh);
      }}
    >
      <label className="flex items-center gap-1">
        Replicas
        <input type="number" min={0} max={1000} value={count} onChange={(e) => setCount(e.target.value)} className="w-16 rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-700" aria-label={`Replicas of ${workload}`} />
      </label>
      <Button type="submit" variant="secondary" disabled={scale.pending}>
        {scale.pending ? "Scaling…" : "Scale"}
      </Button>
      <Button type="button" variant="secondary" disabled={restart.pending} onClick={() => restart.run({ ...env, workload }, refresh)}>
        {restart.pending ? "Restarting…" : "Restart"}
      </Button>
      <ActionError error={scale.error ?? restart.error} />
    </form>
  );
}

/** Pause (every controller to zero, counts kept) or resume the environment. */
export function PauseControl({ env, paused, setPaused }: { env: EnvRef; paused: boolean; setPaused: RuntimeActions["setPaused"] }) {
  const refresh = useRefresh(env);
  const action = useAction(setPaused);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" disabled={action.pending} onClick={() => action.run({ ...env, paused: !paused }, refresh)}>
        {action.pending ? (paused ? "Resuming…" : "Pausing…") : paused ? "Resume environment" : "Pause environment"}
      </Button>
      <ActionError error={action.error} />
    </div>
  );
}
