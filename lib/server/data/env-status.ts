import type { DbOrTx } from "@/db/client";
import { getDeployment } from "./deployments";
import { valuesChangedSince } from "./values";

export interface EnvironmentStatus {
  lastDeployment?: { id: string; status: string; createdAt: string; createdBy: string; comment: string };
  /** Values changed since the last deployment: they take effect only on the next one. */
  valuesOutdated: boolean;
}

export function environmentStatus(db: DbOrTx, orgId: string, appId: string, env: { id: string; lastDeployId: string | null }): EnvironmentStatus {
  const last = env.lastDeployId ? getDeployment(db, orgId, appId, env.lastDeployId) : undefined;
  return {
    lastDeployment: last && { id: last.id, status: last.status, createdAt: last.createdAt, createdBy: last.createdBy, comment: last.comment },
    valuesOutdated: last ? valuesChangedSince(db, orgId, appId, env.id, last.createdAt) : false,
  };
}
