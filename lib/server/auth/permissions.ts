import type { Actor, AppRole } from "./roles";

/**
 * Every action Baton authorises, with the resource it needs. One function (`can`) decides
 * them all; server actions and API routes call it through their operations.
 * Semantics follow Humanitec's RBAC (shared/reference/humanitec-model.md §7).
 */
export type Permission =
  | { action: "org.view" }
  | { action: "app.list" }
  | { action: "app.create" }
  | { action: "app.view"; appId: string }
  | { action: "app.update"; appId: string }
  /** `envTypes`: every environment type the app's environments use. */
  | { action: "app.delete"; appId: string; envTypes: string[] }
  | { action: "env.create"; appId: string; envType: string }
  | { action: "env.update"; appId: string }
  | { action: "env.delete"; appId: string; envType: string }
  | { action: "env.deploy"; appId: string; envType: string }
  | { action: "workload.edit"; appId: string }
  | { action: "values.edit"; appId: string }
  /** Erase a value from the history for good (a leaked secret): app owners. */
  | { action: "values.purge"; appId: string }
  | { action: "env-type.manage" }
  | { action: "definition.manage" }
  | { action: "account.manage" }
  | { action: "resource-type.manage" }
  | { action: "user.list" }
  /** `targetIsAdmin`: the user being changed is, or would become, an administrator. */
  | { action: "user.manage"; targetIsAdmin: boolean }
  | { action: "audit.view" }
  | { action: "token.manage-own" }
  /** Change one's own profile (display name). */
  | { action: "profile.edit-own" }
  /** Create, list and revoke the tokens of a service user (never of another person). */
  | { action: "token.manage-service-user" }
  /** Register artefact versions (CI): every organisation role but org viewers (Humanitec's artefactContributor and up). */
  | { action: "artefact.register" }
  /** Delete artefacts, archive versions: administrators. */
  | { action: "artefact.manage" };

export type Action = Permission["action"];

const APP_ROLE_RANK: Record<AppRole, number> = { viewer: 1, developer: 2, owner: 3 };

function appRoleAtLeast(actor: Actor, appId: string, min: AppRole): boolean {
  const role = actor.appRoles[appId];
  return role !== undefined && APP_ROLE_RANK[role] >= APP_ROLE_RANK[min];
}

function deploys(actor: Actor, envType: string): boolean {
  return actor.deployerEnvTypes.includes(envType);
}

/** Administrators, managers and org viewers read every app; members only those they hold a role on. */
export function seesAllApplications(actor: Actor): boolean {
  return actor.orgRole !== "member";
}

export function can(actor: Actor, p: Permission): boolean {
  if (actor.orgRole === "administrator") return true;
  switch (p.action) {
    case "org.view":
    case "app.list":
    case "token.manage-own":
    case "profile.edit-own":
      return true;
    case "app.create":
      return actor.orgRole === "manager";
    case "app.view":
      return seesAllApplications(actor) || appRoleAtLeast(actor, p.appId, "viewer");
    case "app.update":
    case "values.purge":
      return appRoleAtLeast(actor, p.appId, "owner");
    case "app.delete":
      return appRoleAtLeast(actor, p.appId, "owner") && p.envTypes.every((t) => deploys(actor, t));
    case "env.create":
    case "env.delete":
    case "env.deploy":
      return appRoleAtLeast(actor, p.appId, "developer") && deploys(actor, p.envType);
    case "env.update":
    case "workload.edit":
    case "values.edit":
      return appRoleAtLeast(actor, p.appId, "developer");
    case "user.list":
    case "audit.view":
      return actor.orgRole === "manager";
    case "user.manage":
      return actor.orgRole === "manager" && !p.targetIsAdmin;
    case "artefact.register":
      return actor.orgRole !== "viewer";
    case "env-type.manage":
    case "artefact.manage":
    case "token.manage-service-user":
    case "definition.manage":
    case "account.manage":
    case "resource-type.manage":
      return false;
  }
}
