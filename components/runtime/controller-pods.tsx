import type { ControllerRuntime } from "@/lib/engine/targets/kubernetes";
import { Badge } from "@/components/ui/card";
import { ContainerState } from "./container-state";
import { STATUS_TONES } from "./types";

export type LogTarget = { pod: string; container: string; crashed: boolean };

/** A controller (Deployment, StatefulSet, Job) with its pods and their containers. */
export function ControllerPods({ controller, onLogs }: { controller: ControllerRuntime; onLogs: (target: LogTarget) => void }) {
  return (
    <div className="space-y-2" data-testid={`controller-${controller.kind}-${controller.name}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-zinc-500">{controller.kind}</span>
        <span className="font-mono">{controller.name}</span>
        <Badge tone={STATUS_TONES[controller.status]}>{controller.status}</Badge>
        <span className="text-xs text-zinc-500">
          {controller.ready_replicas}/{controller.replicas} ready · {controller.message}
          {controller.paused_replicas !== undefined ? ` · paused (resume restores ${controller.paused_replicas})` : ""}
        </span>
      </div>
      {controller.pods.length === 0 ? <p className="pl-4 text-xs text-zinc-500">No pods.</p> : null}
      <ul className="space-y-2 pl-4">
        {controller.pods.map((pod) => (
          <li key={pod.name} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-testid={`pod-${pod.name}`}>
            <div className="mb-1 flex flex-wrap items-center gap-2 text-xs">
              <span className="font-mono font-medium">{pod.name}</span>
              <span className="text-zinc-500">phase {pod.phase}</span>
              <span className={pod.ready ? "text-emerald-700 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}>{pod.ready ? "ready" : "not ready"}</span>
              {pod.status !== pod.phase ? <span className="font-medium">{pod.status}</span> : null}
              {pod.node ? <span className="text-zinc-500">on {pod.node}</span> : null}
            </div>
            <ul className="space-y-1">
              {[...pod.init_containers, ...pod.containers].map((c) => (
                <ContainerState key={c.name} container={c} onLogs={() => onLogs({ pod: pod.name, container: c.name, crashed: c.restart_count > 0 && c.status !== "running" })} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
