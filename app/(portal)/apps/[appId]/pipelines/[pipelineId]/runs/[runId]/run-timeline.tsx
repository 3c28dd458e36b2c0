"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { StatusBadge, duration, formatTime } from "@/components/ui/status-badge";
import { useAction } from "@/components/ui/use-action";
import type { RunTimeline as Timeline } from "@/lib/server/pipelines/timeline";
import { cancelRunAction, decideApprovalAction, restartRunAction, runTimelineAction } from "../../../actions";

type Ref = { appId: string; pipelineId: string; runId: string };

/** The run as a timeline, re-read every second until it ends. */
export function RunTimeline({ refs, initial }: { refs: Ref; initial: Timeline }) {
  const queryKey = ["pipeline-run", refs.appId, refs.pipelineId, refs.runId];
  const { data } = useQuery({
    queryKey,
    queryFn: async () => {
      const r = await runTimelineAction(refs);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.run.finished ? false : 1000),
  });
  const t = data ?? initial;
  return (
    <div className="space-y-4">
      <RunHeader refs={refs} t={t} />
      {t.approvals.filter((a) => a.status === "waiting").map((a) => (
        <ApprovalPanel key={a.id} refs={refs} approval={a} queryKey={queryKey} />
      ))}
      <ol className="space-y-3" data-testid="run-timeline">
        {t.jobs.map((job) => (
          <li key={job.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`job-${job.id}`}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-mono font-medium">{job.id}</span>
              <StatusBadge status={job.status} />
              {job.needs.length ? <span className="text-xs text-zinc-500">needs {job.needs.join(", ")}</span> : null}
              <span className="text-xs text-zinc-500">{job.statusMessage}</span>
            </div>
            <ol className="mt-2 space-y-1">
              {job.steps.map((s) => (
                <li key={s.index} data-testid={`step-${job.id}-${s.index}`}>
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
                      <span>{s.name}</span>
                      <StatusBadge status={s.status} />
                      <span className="font-mono text-xs text-zinc-500">{s.uses}</span>
                      {s.createdAt ? <span className="text-xs text-zinc-500">{formatTime(s.createdAt)} · {duration(s.createdAt, s.completedAt)}</span> : null}
                      {s.statusMessage ? <span className="text-xs text-zinc-500">{s.statusMessage}</span> : null}
                    </summary>
                    <ol className="mt-1 max-h-64 space-y-0.5 overflow-y-auto rounded-md bg-zinc-950 p-2 font-mono text-xs text-zinc-200" aria-label={`Log of ${s.name}`}>
                      {s.logs.length === 0 ? <li className="text-zinc-500">No log lines yet.</li> : null}
                      {s.logs.map((l) => (
                        <li key={l.id} className={l.level === "error" ? "text-red-400" : l.level === "warn" ? "text-amber-300" : undefined}>
                          <span className="text-zinc-500">{l.at.slice(11, 19)}</span> {l.message}
                        </li>
                      ))}
                    </ol>
                  </details>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {t.approvals.some((a) => a.status !== "waiting") ? (
        <ul className="space-y-1 text-sm" aria-label="Decided approvals">
          {t.approvals.filter((a) => a.status !== "waiting").map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2">
              <span>Approval for {a.envId}</span>
              <StatusBadge status={a.status} />
              <span className="text-xs text-zinc-500">{a.decidedBy ? `by ${a.decidedBy} · ${formatTime(a.decidedAt)}` : ""}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function RunHeader({ refs, t }: { refs: Ref; t: Timeline }) {
  const router = useRouter();
  const cancel = useAction(cancelRunAction);
  const restart = useAction(restartRunAction);
  const error = cancel.error ?? restart.error;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="run-status" className="flex items-center gap-2">
          Status: <StatusBadge status={t.run.status} />
          {!t.run.finished ? <span className="animate-pulse text-zinc-500">live</span> : null}
        </span>
        <span className="text-zinc-500">{t.run.statusMessage}</span>
        <span className="text-xs text-zinc-500">
          {t.run.trigger} · started {formatTime(t.run.createdAt)} by {t.run.createdBy}
          {t.run.completedAt ? ` · took ${duration(t.run.executingAt ?? t.run.createdAt, t.run.completedAt)}` : ""}
        </span>
        {t.canControl && !t.run.finished ? (
          <Button variant="secondary" disabled={cancel.pending} onClick={() => cancel.run(refs)}>
            {cancel.pending ? "Cancelling…" : "Cancel run"}
          </Button>
        ) : null}
        {t.canControl && t.run.finished ? (
          <Button variant="secondary" disabled={restart.pending} onClick={() => restart.run(refs, (r) => router.push(`/apps/${refs.appId}/pipelines/${refs.pipelineId}/runs/${(r as { id: string }).id}`))}>
            {restart.pending ? "Restarting…" : "Restart run"}
          </Button>
        ) : null}
      </div>
      {Object.keys(t.run.inputs).length ? (
        <div className="flex flex-wrap gap-1 text-xs">
          {Object.entries(t.run.inputs).map(([k, v]) => (
            <Badge key={k}>
              {k}={String(v)}
            </Badge>
          ))}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ApprovalPanel({ refs, approval, queryKey }: { refs: Ref; approval: Timeline["approvals"][number]; queryKey: string[] }) {
  const queryClient = useQueryClient();
  const { run, pending, error } = useAction(decideApprovalAction);
  const decide = (decision: "approved" | "denied") => run({ ...refs, jobId: approval.jobId, approvalId: approval.id, decision }, () => void queryClient.invalidateQueries({ queryKey }));
  return (
    <section aria-label="Waiting approval" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-900/20">
      <p className="font-medium">{approval.message || "Approval requested"}</p>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Environment <span className="font-mono">{approval.envId}</span> ({approval.envType || "unknown type"}) · job {approval.jobId} · waiting since {formatTime(approval.createdAt)}
      </p>
      {approval.canDecide ? (
        <div className="mt-2 flex gap-2">
          <Button disabled={pending} onClick={() => decide("approved")}>
            Approve
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => decide("denied")}>
            Deny
          </Button>
        </div>
      ) : (
        <p className="mt-2 text-xs text-zinc-500">Someone who may deploy to {approval.envType || approval.envId} environments decides.</p>
      )}
      {error ? (
        <p role="alert" className="mt-1 text-red-600">
          {error}
        </p>
      ) : null}
    </section>
  );
}
