import type { DbOrTx } from "@/db/client";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { listApplications } from "@/lib/server/data/apps";
import { listPipelines, listWaitingApprovalsOfOrg } from "./data";

export interface PendingApproval {
  id: string;
  appId: string;
  appName: string;
  pipelineId: string;
  pipelineName: string;
  runId: string;
  jobId: string;
  envId: string;
  envType: string;
  message: string;
  waitingSince: string;
  /** Whether `actor` may decide it (may deploy to its environment's type, as the API decides). */
  canDecide: boolean;
}

/** The organisation's waiting approvals in the applications `actor` sees, oldest first. */
export async function listPendingApprovals(db: DbOrTx, actor: Actor): Promise<PendingApproval[]> {
  const waiting = (await listWaitingApprovalsOfOrg(db, actor.orgId)).filter((a) => can(actor, { action: "app.view", appId: a.appId }));
  if (waiting.length === 0) return [];
  const apps = new Map((await listApplications(db, actor.orgId, [...new Set(waiting.map((a) => a.appId))])).map((a) => [a.id, a]));
  const pipelineNames = new Map<string, string>();
  for (const appId of apps.keys()) for (const p of await listPipelines(db, actor.orgId, appId)) pipelineNames.set(`${appId}/${p.id}`, p.name);
  return waiting.flatMap((a) => {
    const app = apps.get(a.appId);
    if (!app) return [];
    const envType = app.envs.find((e) => e.id === a.envId)?.type ?? "";
    return [
      {
        id: a.id,
        appId: a.appId,
        appName: app.name,
        pipelineId: a.pipelineId,
        pipelineName: pipelineNames.get(`${a.appId}/${a.pipelineId}`) ?? a.pipelineId,
        runId: a.runId,
        jobId: a.jobId,
        envId: a.envId,
        envType,
        message: a.message,
        waitingSince: a.createdAt,
        canDecide: envType !== "" && can(actor, { action: "env.deploy", appId: a.appId, envType }),
      },
    ];
  });
}
