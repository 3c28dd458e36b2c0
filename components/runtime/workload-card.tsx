"use client";

import { useState } from "react";
import type { WorkloadRuntime } from "@/lib/engine/targets/kubernetes";
import { Badge } from "@/components/ui/card";
import { ControllerPods, type LogTarget } from "./controller-pods";
import { EventList } from "./event-list";
import { LogPanel } from "./log-panel";
import { WorkloadControls } from "./runtime-controls";
import { STATUS_TONES, type EnvRef, type RuntimeActions } from "./types";

/** One workload: status, controllers and pods, the open log, recent events; actions when allowed. */
export function WorkloadCard({ env, workload, actions, mayChange }: { env: EnvRef; workload: WorkloadRuntime; actions: RuntimeActions; mayChange: boolean }) {
  const [log, setLog] = useState<LogTarget>();
  const scalable = workload.controllers.find((c) => c.kind !== "Job");
  return (
    <article className={`space-y-3 rounded-md border p-3 ${workload.status_class === "Failure" ? "border-red-300 dark:border-red-900" : "border-zinc-200 dark:border-zinc-800"}`} data-testid={`runtime-workload-${workload.id}`} data-status={workload.status}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <h3 className="font-mono text-sm font-semibold">{workload.id}</h3>
          <Badge tone={STATUS_TONES[workload.status]}>{workload.status}</Badge>
        </div>
        {mayChange && scalable ? <WorkloadControls env={env} workload={workload.id} replicas={scalable.paused_replicas ?? scalable.replicas} actions={actions} /> : null}
      </header>
      {workload.controllers.map((c) => (
        <ControllerPods key={`${c.kind}/${c.name}`} controller={c} onLogs={setLog} />
      ))}
      {log ? <LogPanel key={`${log.pod}/${log.container}`} env={env} target={log} read={actions.log} onClose={() => setLog(undefined)} /> : null}
      <details open={workload.status_class === "Failure"}>
        <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-300">Recent events ({workload.events.length})</summary>
        <div className="mt-2">
          <EventList events={workload.events} />
        </div>
      </details>
    </article>
  );
}
