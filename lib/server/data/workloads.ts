import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { workloadVersions, workloads } from "@/db/schema";

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

export function listWorkloads(db: DbOrTx, orgId: string, appId: string): WorkloadSummary[] {
  const rows = db
    .select({ id: workloads.id, latestVersion: workloads.latestVersion })
    .from(workloads)
    .where(and(eq(workloads.orgId, orgId), eq(workloads.appId, appId)))
    .orderBy(asc(workloads.id))
    .all();
  return rows.map((w) => {
    const latest = getWorkloadVersion(db, orgId, appId, w.id, w.latestVersion);
    return { ...w, valid: latest?.valid ?? false, updatedAt: latest?.createdAt ?? "" };
  });
}

export function getWorkload(db: DbOrTx, orgId: string, appId: string, workloadId: string) {
  return db
    .select({ id: workloads.id, latestVersion: workloads.latestVersion, createdAt: workloads.createdAt })
    .from(workloads)
    .where(and(eq(workloads.orgId, orgId), eq(workloads.appId, appId), eq(workloads.id, workloadId)))
    .get();
}

export function getWorkloadVersion(db: DbOrTx, orgId: string, appId: string, workloadId: string, version: number): WorkloadVersionRecord | undefined {
  return db
    .select(versionColumns)
    .from(workloadVersions)
    .where(and(eq(workloadVersions.orgId, orgId), eq(workloadVersions.appId, appId), eq(workloadVersions.workloadId, workloadId), eq(workloadVersions.version, version)))
    .get();
}

/** Versions newest first. */
export function listWorkloadVersions(db: DbOrTx, orgId: string, appId: string, workloadId: string): WorkloadVersionRecord[] {
  return db
    .select(versionColumns)
    .from(workloadVersions)
    .where(and(eq(workloadVersions.orgId, orgId), eq(workloadVersions.appId, appId), eq(workloadVersions.workloadId, workloadId)))
    .orderBy(desc(workloadVersions.version))
    .all();
}
