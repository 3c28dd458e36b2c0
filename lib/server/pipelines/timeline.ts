import type { DbOrTx } from "@/db/client";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { listEnvironments } from "@/lib/server/data/apps";
import { getUser } from "@/lib/server/data/users";
import { definitionOf, getPipelineVersion, getRun, isFinished, listApprovals, listJobs, listStepLogs, listSteps } from "./data";

/** One run as the portal's timeline shows it: jobs in `needs` order, their steps with logs, the run's approvals. */
export interface RunTimeline {
  run: {
    id: string;
    pipelineId: string;
    status: string;
    statusMessage: string;
    trigger: string;
    inputs: Record<string, unknown>;
    createdAt: string;
    createdBy: string;
    executingAt: string | null;
    completedAt: string | null;
    finished: boolean;
    restartedFrom: string | null;
  };
  jobs: {
    id: string;
    needs: string[];
    status: string;
    statusMessage: string;
    waitingFor: string | null;
    createdAt: string;
    completedAt: string | null;
    steps: { index: number; name: string; uses: string; status: string; statusMessage: string; createdAt: string | null; completedAt: string | null; logs: { id: number; at: string; level: string; message: string }[] }[];
  }[];
  approvals: { id: string; jobId: string; envId: string; envType: string; message: string; status: string; createdAt: string; decidedBy: string | null; decidedAt: string | null; canDecide: boolean }[];
  /** Whether the viewer may cancel or restart the run (the API's rule: may edit the app's workloads). */
  canControl: boolean;
}

/**
 * Reads a run for `actor` (who must see the application; the caller checks) with what they may
 * do to it: decide an approval when they may deploy to its environment's type, as the API decides.
 */
export async function loadRunTimeline(db: DbOrTx, actor: Actor, appId: string, pipelineId: string, runId: string): Promise<RunTimeline | undefined> {
  const run = await getRun(db, actor.orgId, appId, pipelineId, runId);
  if (!run) return undefined;
  const version = await getPipelineVersion(db, actor.orgId, run.versionId);
  const definition = version ? definitionOf(version) : undefined;
  const [jobRows, stepRows, approvalRows, envs] = await Promise.all([listJobs(db, run.id), listSteps(db, run.id), listApprovals(db, actor.orgId, appId, { runIds: [run.id] }), listEnvironments(db, actor.orgId, appId)]);
  const envTypeOf = new Map(envs.map((e) => [e.id, e.type]));
  const jobs = await Promise.all(
    jobRows.map(async (j) => {
      const declared = definition?.jobs.find((d) => d.id === j.id);
      const recorded = stepRows.filter((s) => s.jobId === j.id);
      // Steps not started yet are shown from the definition, as pending.
      const steps = await Promise.all(
        (declared?.steps ?? []).map(async (d, index) => {
          const s = recorded.find((r) => r.stepIndex === index);
          if (!s) return { index, name: d.name, uses: d.uses, status: "pending", statusMessage: "", createdAt: null, completedAt: null, logs: [] };
          const logs = (await listStepLogs(db, run.id, j.id, index)).map((l) => ({ id: l.id, at: l.at, level: l.level, message: l.message }));
          return { index, name: s.name, uses: s.uses, status: s.status, statusMessage: s.statusMessage, createdAt: s.createdAt, completedAt: s.completedAt, logs };
        }),
      );
      return { id: j.id, needs: declared?.needs ?? [], status: j.status, statusMessage: j.statusMessage, waitingFor: j.waitingFor, createdAt: j.createdAt, completedAt: j.completedAt, steps };
    }),
  );
  // Runs and decisions record user ids (as Humanitec's API does); a person reads emails.
  const userIds = [...new Set([run.createdBy, ...approvalRows.map((a) => a.approvedBy)].filter((id): id is string => Boolean(id)))];
  const emailOf = new Map((await Promise.all(userIds.map((id) => getUser(db, actor.orgId, id)))).flatMap((u) => (u ? [[u.id, u.email] as const] : [])));
  const personOf = (id: string | null) => (id ? (emailOf.get(id) ?? id) : null);
  const approvals = approvalRows.map((a) => {
    const envType = envTypeOf.get(a.envId) ?? "";
    return {
      id: a.id,
      jobId: a.jobId,
      envId: a.envId,
      envType,
      message: a.message,
      status: a.status,
      createdAt: a.createdAt,
      decidedBy: personOf(a.approvedBy),
      decidedAt: a.approvedAt,
      canDecide: a.status === "waiting" && envType !== "" && can(actor, { action: "env.deploy", appId, envType }),
    };
  });
  return {
    run: {
      id: run.id,
      pipelineId: run.pipelineId,
      status: run.status,
      statusMessage: run.statusMessage,
      trigger: run.trigger,
      inputs: run.inputs,
      createdAt: run.createdAt,
      createdBy: personOf(run.createdBy) ?? run.createdBy,
      executingAt: run.executingAt,
      completedAt: run.completedAt,
      finished: isFinished(run.status),
      restartedFrom: run.restartedFrom,
    },
    jobs,
    approvals,
    canControl: can(actor, { action: "workload.edit", appId }),
  };
}
