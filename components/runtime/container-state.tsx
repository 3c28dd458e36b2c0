import type { ContainerRuntime } from "@/lib/engine/targets/kubernetes";
import { formatTime } from "@/components/ui/status-badge";
import { isFailingReason } from "./types";

/** One container: its state (a failing waiting reason in red), restarts, the last termination, and the way to its logs. */
export function ContainerState({ container, onLogs }: { container: ContainerRuntime; onLogs: () => void }) {
  const waiting = container.state.waiting;
  const terminated = container.state.terminated;
  const failing = isFailingReason(waiting?.reason) || (terminated !== undefined && terminated.exit_code !== 0);
  const last = container.last_termination;
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs" data-testid={`container-${container.name}`} data-failing={failing || undefined}>
      <span className="font-mono font-medium">{container.name}</span>
      <span className="font-mono text-zinc-500">{container.image}</span>
      {waiting ? (
        <span className={isFailingReason(waiting.reason) ? "font-semibold text-red-600 dark:text-red-400" : "text-amber-700"} title={waiting.message}>
          {waiting.reason ?? "waiting"}
        </span>
      ) : container.status === "running" ? (
        <span className="text-emerald-700 dark:text-emerald-400">running{container.state.running?.started_at ? ` since ${formatTime(container.state.running.started_at)}` : ""}</span>
      ) : terminated ? (
        <span className={failing ? "font-semibold text-red-600 dark:text-red-400" : "text-zinc-600"}>
          terminated: {terminated.reason ?? "exit"} {terminated.exit_code !== undefined ? `(exit ${terminated.exit_code})` : ""}
        </span>
      ) : (
        <span className="text-zinc-500">{container.status}</span>
      )}
      <span className={container.ready ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500"}>{container.ready ? "ready" : "not ready"}</span>
      <span className={container.restart_count > 0 ? "text-red-600 dark:text-red-400" : "text-zinc-500"}>{container.restart_count} restart{container.restart_count === 1 ? "" : "s"}</span>
      {last ? (
        <span className="text-zinc-600 dark:text-zinc-400">
          last termination: {last.reason ?? "exited"}
          {last.exit_code !== undefined ? ` (exit ${last.exit_code})` : ""}
          {last.finished_at ? ` at ${formatTime(last.finished_at)}` : ""}
        </span>
      ) : null}
      {waiting?.message ? <span className="basis-full truncate text-zinc-500" title={waiting.message}>{waiting.message}</span> : null}
      <button type="button" className="text-brand-600 hover:underline" onClick={onLogs} aria-label={`Logs of ${container.name}`}>
        Logs
      </button>
    </li>
  );
}
