import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appRoles, envTypeRoles, orgRoles, users } from "@/db/schema";
import type { Actor, AppRole, OrgRole } from "@/lib/server/auth/roles";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  type: "user" | "service";
  disabled: boolean;
  orgRole: OrgRole | null;
}

export function findUserByEmail(db: DbOrTx, orgId: string, email: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.email, email.trim().toLowerCase())))
    .get();
}

export function listUsers(db: DbOrTx, orgId: string): UserRecord[] {
  return db
    .select({ id: users.id, email: users.email, name: users.name, type: users.type, disabled: users.disabled, orgRole: orgRoles.role })
    .from(users)
    .leftJoin(orgRoles, and(eq(orgRoles.userId, users.id), eq(orgRoles.orgId, users.orgId)))
    .where(eq(users.orgId, orgId))
    .orderBy(asc(users.email))
    .all();
}

export function getUser(db: DbOrTx, orgId: string, userId: string): UserRecord | undefined {
  return listUsers(db, orgId).find((u) => u.id === userId);
}

/** Loads every role binding of a user; undefined when the user is unknown, disabled or has no org role. */
export function loadActor(db: DbOrTx, orgId: string, userId: string): Actor | undefined {
  const user = db
    .select({ id: users.id, email: users.email, name: users.name, disabled: users.disabled, role: orgRoles.role })
    .from(users)
    .innerJoin(orgRoles, and(eq(orgRoles.userId, users.id), eq(orgRoles.orgId, users.orgId)))
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .get();
  if (!user || user.disabled) return undefined;
  const apps = db
    .select({ appId: appRoles.appId, role: appRoles.role })
    .from(appRoles)
    .where(and(eq(appRoles.orgId, orgId), eq(appRoles.userId, userId)))
    .all();
  const deployer = db
    .select({ envTypeId: envTypeRoles.envTypeId })
    .from(envTypeRoles)
    .where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.userId, userId)))
    .all();
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

export function listUserBindings(db: DbOrTx, orgId: string, userId: string) {
  return {
    apps: db
      .select({ appId: appRoles.appId, role: appRoles.role })
      .from(appRoles)
      .where(and(eq(appRoles.orgId, orgId), eq(appRoles.userId, userId)))
      .orderBy(asc(appRoles.appId))
      .all(),
    deployerEnvTypes: db
      .select({ envTypeId: envTypeRoles.envTypeId })
      .from(envTypeRoles)
      .where(and(eq(envTypeRoles.orgId, orgId), eq(envTypeRoles.userId, userId)))
      .all()
      .map((r) => r.envTypeId),
  };
}

export function countAdministrators(db: DbOrTx, orgId: string): number {
  return db
    .select({ userId: orgRoles.userId })
    .from(orgRoles)
    .innerJoin(users, eq(users.id, orgRoles.userId))
    .where(and(eq(orgRoles.orgId, orgId), eq(orgRoles.role, "administrator"), eq(users.disabled, false)))
    .all().length;
}
