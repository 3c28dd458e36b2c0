import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isPostgres, rawRun } from "@/db/raw";
import { activeDeployment } from "@/lib/server/data/deployments";
import { SafeError } from "@/lib/server/errors";

/**
 * Refuses (409 "deployment in progress") while a deployment of the environment is queued or
 * running. Inside a transaction on PostgreSQL it first locks the environment's row, so two
 * concurrent requests (on any replicas) queue here and the second sees the first's deployment;
 * SQLite's IMMEDIATE transactions already run one at a time.
 */
export async function requireEnvironmentIdle(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<void> {
  if (isPostgres(db)) await rawRun(db, sql`SELECT 1 FROM environments WHERE org_id = ${orgId} AND app_id = ${appId} AND id = ${envId} FOR UPDATE`);
  const busy = await activeDeployment(db, orgId, appId, envId);
  if (busy) {
    throw new SafeError("deployment-in-progress", `A deployment is in progress in ${appId}/${envId} (${busy.id}, ${busy.status}); wait for it to finish`, { deploymentId: busy.id });
  }
}
