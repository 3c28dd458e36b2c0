import { first } from "@/db/raw";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appRoles, envTypeRoles, orgRoles, users } from "@/db/tables";
import type { Actor, AppRole, OrgRole } from "@/lib/server/auth/roles";
import { preparedFor } from "./prepared";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  type: "user" | "service";
  disabled: boolean;
  orgRole: OrgRole | null;
  createdAt: string;
}

export async function findUserByEmail(db: DbOrTx, orgId: string, email: string) {
  return await first(db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.email, email.trim().toLowerCase()))));
}

export async function listUsers(db: DbOrTx, orgId: string): Promise<UserRecord[]> {
  return await db
    .select({ id: users.id, email: users.email, name: users.name, type: users.type, disabled: users.disabled, orgRole: orgRoles.role, createdAt: users.createdAt })
    .from(users)
    .leftJoin(orgRoles, and(eq(orgRoles.userId, users.id), eq(orgRoles.orgId, users.orgId)))
    .where(eq(users.orgId, orgId))
    .orderBy(asc(users.email));
}

export async function getUser(db: DbOrTx, orgId: string, userId: string): Promise<UserRecord | undefined> {
  return (await listUsers(db, orgId)).find((u) => u.id === userId);
}

/** Loads every role binding of a user; undefined when the user is unknown, disabled or has no org role. */
export async function loadActor(db: DbOrTx, orgId: string, userId: string): Promise<Actor | undefined> {
  // Runs on every API request: prepared once per database.
  const params = { orgId, userId };
  const user = await first(preparedFor(db, "users.actor", () =>
    db
      .select({ id: users.id, email: users.email, name: users.name, disabled: users.disabled, role: orgRoles.role })
      .from(users)
      .innerJoin(orgRoles, and(eq(orgRoles.userId, users.id), eq(orgRoles.orgId, users.orgId)))
      .where(and(eq(users.orgId, sql.placeholder("orgId")), eq(users.id, sql.placeholder("userId"))))
      .prepare(),
  ).execute(params));
  if (!user || user.disabled) return undefined;
  const apps = await preparedFor(db, "users.actor.apps", () =>
    db
      .select({ appId: appRoles.appId, role: appRoles.role })
      .from(appRoles)
      .where(and(eq(appRoles.orgId, sql.placeholder("orgId")), eq(appRoles.userId, sql.placeholder("userId"))))
      .prepare(),
  ).execute(params);
  const deployer = await preparedFor(db, "users.actor.deployer", () =>
    db
      .select({ envTypeId: envTypeRoles.envTypeId })
      .from(envTypeRoles)
      .where(and(eq(envTypeRoles.orgId, sql.placeholder("orgId")), eq(envTypeRoles.userId, sql.placeholder("userId"))))
      .prepare(),
  ).execute(params);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    orgId,
    orgRole: user.role,
    appRoles: Object.fromEntries(apps.map((a) => [a.appId, a.role as AppRole])),
    deployerEnvTypes: deployer.map((d) => d.envTypeId),
  };
}

export async function listUserBindings(db: DbOrTx, orgId: string, userId: string) {
  return {
    apps: (await db
      .select({ appId: appRoles.appId, role: appRoles.role })
      .from(appRoles)
      .where(and(eq(appRoles.orgId, orgId), eq(appRoles.userId, userId)))
      .orderBy(asc(appRoles.appId))),
    deployerEnvTypes: (await db
      .select({ envTypeId: envTypeRoles.envTypeId })
      .from(envTypeRoles)
      .where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.userId, userId))))
      .map((r) => r.envTypeId),
  };
}

export async function countAdministrators(db: DbOrTx, orgId: string): Promise<number> {
  return (await db
    .select({ userId: orgRoles.userId })
    .from(orgRoles)
    .innerJoin(users, eq(users.id, orgRoles.userId))
    .where(and(eq(orgRoles.orgId, orgId), eq(orgRoles.role, "administrator"), eq(users.disabled, false)))).length;
}
