import { first } from "@/db/raw";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { applications, envTypes, environments } from "@/db/tables";
import { preparedFor } from "./prepared";

export interface EnvironmentRecord {
  id: string;
  appId: string;
  name: string;
  type: string;
  fromDeployId: string | null;
  lastDeployId: string | null;
  /** Set while the environment is paused; deployments are refused until it is resumed. */
  pausedAt: string | null;
  pausedBy: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  envs: EnvironmentRecord[];
}

const envColumns = {
  id: environments.id,
  appId: environments.appId,
  name: environments.name,
  type: environments.type,
  fromDeployId: environments.fromDeployId,
  lastDeployId: environments.lastDeployId,
  pausedAt: environments.pausedAt,
  pausedBy: environments.pausedBy,
  createdAt: environments.createdAt,
  createdBy: environments.createdBy,
};

/** Applications with their environments; `onlyIds` narrows to apps a member may see. */
export async function listApplications(db: DbOrTx, orgId: string, onlyIds?: string[]): Promise<ApplicationRecord[]> {
  if (onlyIds && onlyIds.length === 0) return [];
  const where = onlyIds ? and(eq(applications.orgId, orgId), inArray(applications.id, onlyIds)) : eq(applications.orgId, orgId);
  const apps = await db
    .select({ id: applications.id, name: applications.name, createdAt: applications.createdAt, createdBy: applications.createdBy })
    .from(applications)
    .where(where)
    .orderBy(asc(applications.id));
  const envs = await db.select(envColumns).from(environments).where(eq(environments.orgId, orgId)).orderBy(asc(environments.createdAt));
  return apps.map((a) => ({ ...a, envs: envs.filter((e) => e.appId === a.id) }));
}

// getApplication and getEnvironment run on every API request below an application: prepared
// once per database (see ./prepared).
export async function getApplication(db: DbOrTx, orgId: string, appId: string): Promise<ApplicationRecord | undefined> {
  const app = await first(preparedFor(db, "apps.get", () =>
    db
      .select({ id: applications.id, name: applications.name, createdAt: applications.createdAt, createdBy: applications.createdBy })
      .from(applications)
      .where(and(eq(applications.orgId, sql.placeholder("orgId")), eq(applications.id, sql.placeholder("appId"))))
      .prepare(),
  ).execute({ orgId, appId }));
  if (!app) return undefined;
  return { ...app, envs: (await listEnvironments(db, orgId, appId)) };
}

export async function listEnvironments(db: DbOrTx, orgId: string, appId: string): Promise<EnvironmentRecord[]> {
  return await preparedFor(db, "apps.envs", () =>
    db
      .select(envColumns)
      .from(environments)
      .where(and(eq(environments.orgId, sql.placeholder("orgId")), eq(environments.appId, sql.placeholder("appId"))))
      .orderBy(asc(environments.createdAt), asc(environments.id))
      .prepare(),
  ).execute({ orgId, appId });
}

export async function getEnvironment(db: DbOrTx, orgId: string, appId: string, envId: string): Promise<EnvironmentRecord | undefined> {
  return await first(preparedFor(db, "apps.env", () =>
    db
      .select(envColumns)
      .from(environments)
      .where(and(eq(environments.orgId, sql.placeholder("orgId")), eq(environments.appId, sql.placeholder("appId")), eq(environments.id, sql.placeholder("envId"))))
      .prepare(),
  ).execute({ orgId, appId, envId }));
}

export interface EnvTypeRecord {
  id: string;
  description: string;
  environmentCount: number;
}

export async function listEnvTypes(db: DbOrTx, orgId: string): Promise<EnvTypeRecord[]> {
  const types = await db
    .select({ id: envTypes.id, description: envTypes.description })
    .from(envTypes)
    .where(eq(envTypes.orgId, orgId))
    .orderBy(asc(envTypes.createdAt), asc(envTypes.id));
  const envs = await db.select({ type: environments.type }).from(environments).where(eq(environments.orgId, orgId));
  return types.map((t) => ({ ...t, environmentCount: envs.filter((e) => e.type === t.id).length }));
}

export async function getEnvType(db: DbOrTx, orgId: string, id: string) {
  return await first(db
    .select({ id: envTypes.id, description: envTypes.description })
    .from(envTypes)
    .where(and(eq(envTypes.orgId, orgId), eq(envTypes.id, id))));
}
