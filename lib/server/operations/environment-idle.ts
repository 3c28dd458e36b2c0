import type { DbOrTx } from "@/db/client";
import { activeDeployment } from "@/lib/server/data/deployments";
import { SafeError } from "@/lib/server/errors";

/** Refuses (409 "deployment in progress") while a deployment of the environment is queued or running. */
export async function requireEnvironmentIdle(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<void> {
  const busy = await activeDeployment(db, orgId, appId, envId);
  if (busy) {
    throw new SafeError("deployment-in-progress", `A deployment is in progress in ${appId}/${envId} (${busy.id}, ${busy.status}); wait for it to finish`, { deploymentId: busy.id });
  }
}
