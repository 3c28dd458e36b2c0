import { first } from "@/db/raw";
import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { workloadVersions, workloads } from "@/db/tables";

export interface WorkloadSummary {
  id: string;
  latestVersion: number;
  valid: boolean;
  updatedAt: string;
}

export interface WorkloadVersionRecord {
  version: number;
  scoreYaml: string;
  valid: boolean;
  errors: unknown[];
  message: string;
  createdAt: string;
  createdBy: string;
}

const versionColumns = {
  version: workloadVersions.version,
  scoreYaml: workloadVersions.scoreYaml,
  valid: workloadVersions.valid,
  errors: workloadVersions.errors,
  message: workloadVersions.message,
  createdAt: workloadVersions.createdAt,
  createdBy: workloadVersions.createdBy,
};

export async function listWorkloads(db: DbOrTx, orgId: string, appId: string): Promise<WorkloadSummary[]> {
  const rows = await db
    .select({ id: workloads.id, latestVersion: workloads.latestVersion })
    .from(workloads)
    .where(and(eq(workloads.orgId, orgId), eq(workloads.appId, appId)))
    .orderBy(asc(workloads.id));
  return Promise.all(
    rows.map(async (w) => {
      const latest = await getWorkloadVersion(db, orgId, appId, w.id, w.latestVersion);
      return { ...w, valid: latest?.valid ?? false, updatedAt: latest?.createdAt ?? "" };
    }),
  );
}

export async function getWorkload(db: DbOrTx, orgId: string, appId: string, workloadId: string) {
  return await first(db
    .select({ id: workloads.id, latestVersion: workloads.latestVersion, createdAt: workloads.createdAt })
    .from(workloads)
    .where(and(eq(workloads.orgId, orgId), eq(workloads.appId, appId), eq(workloads.id, workloadId))));
}

export async function getWorkloadVersion(db: DbOrTx, orgId: string, appId: string, workloadId: string, version: number): Promise<WorkloadVersionRecord | undefined> {
  return await first(db
    .select(versionColumns)
    .from(workloadVersions)
    .where(and(eq(workloadVersions.orgId, orgId), eq(workloadVersions.appId, appId), eq(workloadVersions.workloadId, workloadId), eq(workloadVersions.version, version))));
}

/** Versions newest first. */
export async function listWorkloadVersions(db: DbOrTx, orgId: string, appId: string, workloadId: string): Promise<WorkloadVersionRecord[]> {
  return await db
    .select(versionColumns)
    .from(workloadVersions)
    .where(and(eq(workloadVersions.orgId, orgId), eq(workloadVersions.appId, appId), eq(workloadVersions.workloadId, workloadId)))
    .orderBy(desc(workloadVersions.version));
}
