import { forbidden } from "@/lib/server/errors";
import { can, type Permission } from "./permissions";
import type { Actor, AppRole } from "./roles";

const quote = (s: string) => `"${s}"`;

/** "the developer or owner role on application "shop" (you have the viewer role)" */
function appRoleNeeded(actor: Actor, appId: string, roles: AppRole[]): string | undefined {
  const held = actor.appRoles[appId];
  if (held && roles.includes(held)) return undefined;
  const needed = roles.length === 1 ? `the ${roles[0]} role` : `the ${roles.slice(0, -1).join(", ")} or ${roles.at(-1)} role`;
  return `${needed} on application ${quote(appId)} (you have ${held ? `the ${held} role` : "no role"} there)`;
}

function deployerNeeded(actor: Actor, envTypes: string[]): string | undefined {
  const missing = envTypes.filter((t) => !actor.deployerEnvTypes.includes(t));
  if (missing.length === 0) return undefined;
  const held = actor.deployerEnvTypes.length ? `you have it on ${actor.deployerEnvTypes.map(quote).join(", ")}` : "you have it on none";
  return `the deployer grant on environment type${missing.length > 1 ? "s" : ""} ${missing.map(quote).join(", ")} (${held})`;
}

function orgRoleNeeded(actor: Actor, roles: string[]): string {
  return `the ${roles.join(" or ")} organisation role (you are ${actor.orgRole === "administrator" ? "an" : "a"} ${actor.orgRole})`;
}

const DEVELOPERS: AppRole[] = ["developer", "owner"];

/**
 * Why `can(actor, permission)` said no, for the person refused: what the action needs and
 * which of it they lack — the role on the application, the deployer grant on an environment
 * type, or the organisation role. Only names the actor's own roles.
 */
export function whyForbidden(actor: Actor, p: Permission): string {
  const all = (what: string, needs: (string | undefined)[]) => {
    const missing = needs.filter((n): n is string => n !== undefined);
    return `${what} needs ${missing.length ? missing.join(" and ") : "a role you do not have"}.`;
  };
  switch (p.action) {
    case "app.view":
      return all(`Viewing application ${quote(p.appId)}`, [appRoleNeeded(actor, p.appId, ["viewer", "developer", "owner"])]);
    case "app.update":
      return all(`Changing application ${quote(p.appId)}`, [appRoleNeeded(actor, p.appId, ["owner"])]);
    case "app.delete":
      return all(`Deleting application ${quote(p.appId)}`, [appRoleNeeded(actor, p.appId, ["owner"]), deployerNeeded(actor, p.envTypes)]);
    case "env.create":
      return all(`Creating an environment of type ${quote(p.envType)}`, [appRoleNeeded(actor, p.appId, DEVELOPERS), deployerNeeded(actor, [p.envType])]);
    case "env.delete":
      return all(`Deleting an environment of type ${quote(p.envType)}`, [appRoleNeeded(actor, p.appId, DEVELOPERS), deployerNeeded(actor, [p.envType])]);
    case "env.deploy":
      return all(`Deploying to an environment of type ${quote(p.envType)}`, [appRoleNeeded(actor, p.appId, DEVELOPERS), deployerNeeded(actor, [p.envType])]);
    case "env.update":
      return all(`Changing environments of application ${quote(p.appId)}`, [appRoleNeeded(actor, p.appId, DEVELOPERS)]);
    case "workload.edit":
      return all(`Editing workloads of application ${quote(p.appId)}`, [appRoleNeeded(actor, p.appId, DEVELOPERS)]);
    case "values.edit":
      return all(`Changing shared values of application ${quote(p.appId)}`, [appRoleNeeded(actor, p.appId, DEVELOPERS)]);
    case "values.purge":
      return all(`Purging shared values of application ${quote(p.appId)} from their history`, [appRoleNeeded(actor, p.appId, ["owner"])]);
    case "app.create":
      return all("Creating applications", [orgRoleNeeded(actor, ["manager", "administrator"])]);
    case "user.list":
      return all("Listing users", [orgRoleNeeded(actor, ["manager", "administrator"])]);
    case "audit.view":
      return all("Reading the audit log", [orgRoleNeeded(actor, ["manager", "administrator"])]);
    case "user.manage":
      return all(p.targetIsAdmin ? "Changing an administrator" : "Managing users", [orgRoleNeeded(actor, p.targetIsAdmin ? ["administrator"] : ["manager", "administrator"])]);
    case "env-type.manage":
      return all("Managing environment types", [orgRoleNeeded(actor, ["administrator"])]);
    case "definition.manage":
      return all("Managing resource definitions", [orgRoleNeeded(actor, ["administrator"])]);
    case "account.manage":
      return all("Managing cloud accounts", [orgRoleNeeded(actor, ["administrator"])]);
    case "resource-type.manage":
      return all("Managing resource types", [orgRoleNeeded(actor, ["administrator"])]);
    case "artefact.register":
      return all("Registering artefact versions", [orgRoleNeeded(actor, ["member", "manager", "administrator"])]);
    case "artefact.manage":
      return all("Deleting artefacts and archiving their versions", [orgRoleNeeded(actor, ["administrator"])]);
    case "token.manage-service-user":
      return all("Managing a service user's API tokens", [orgRoleNeeded(actor, ["administrator"])]);
    case "org.view":
    case "app.list":
    case "token.manage-own":
    case "profile.edit-own":
      return "You do not have permission to do this.";
  }
}

/** Throws the 403 that says what the action needs, unless the actor may. */
export function requirePermission(actor: Actor, p: Permission): void {
  if (!can(actor, p)) throw forbidden(whyForbidden(actor, p));
}
