import type { DbOrTx } from "@/db/client";
import { getDeployment } from "./deployments";
import { valuesChangedSince } from "./values";

export interface EnvironmentStatus {
  lastDeployment?: { id: string; status: string; createdAt: string; createdBy: string; comment: string };
  /** Values changed since the last deployment: they take effect only on the next one. */
  valuesOutdated: boolean;
}

export async function environmentStatus(db: DbOrTx, orgId: string, appId: string, env: { id: string; lastDeployId: string | null }): Promise<EnvironmentStatus> {
  const last = env.lastDeployId ? (await getDeployment(db, orgId, appId, env.lastDeployId)) : undefined;
  return {
    lastDeployment: last && { id: last.id, status: last.status, createdAt: last.createdAt, createdBy: last.createdBy, comment: last.comment },
    valuesOutdated: last ? (await valuesChangedSince(db, orgId, appId, env.id, last.createdAt)) : false,
  };
}
