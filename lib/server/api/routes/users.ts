import { z } from "zod";
import type { Db } from "@/db/client";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { APP_ROLES, type Actor, type AppRole, type OrgRole } from "@/lib/server/auth/roles";
import { getEnvType } from "@/lib/server/data/apps";
import { getUser, listUserBindings, listUsers, type UserRecord } from "@/lib/server/data/users";
import { SafeError, notFound } from "@/lib/server/errors";
import { createUser } from "@/lib/server/operations/create-user";
import { deleteUser } from "@/lib/server/operations/delete-user";
import { runOperation } from "@/lib/server/operations/operation";
import { updateUserRoles } from "@/lib/server/operations/update-user-roles";
import { pageOf, paginationQuery } from "../pagination";
import { appParams, orgParams } from "../params";
import { defineRoute } from "../route";
import { orgRoleEnum, userRoleSchema } from "../schemas";
import { requireVisibleApp } from "./apps";

const userParams = orgParams.extend({ userId: z.string().min(1).describe("User id") });
const appUserParams = appParams.extend({ userId: z.string().min(1).describe("User id") });
const envTypeUsersParams = orgParams.extend({ envTypeId: z.string().min(1).describe("Environment type id") });
const envTypeUserParams = envTypeUsersParams.extend({ userId: z.string().min(1).describe("User id") });

function userRoleJson(u: UserRecord, role: string) {
  return { id: u.id, name: u.name, email: u.email, role, type: u.type, created_at: u.createdAt };
}

async function requireUser(db: Db, orgId: string, userId: string): Promise<UserRecord> {
  const user = await getUser(db, orgId, userId);
  if (!user) throw notFound(`User "${userId}"`);
  return user;
}

/**
 * Changes one binding of a user through `updateUserRoles`, which replaces all of them: the
 * current bindings are read, edited and written back in the same permission-checked operation.
 */
async function rebind(
  ctx: { db: Db; actor: Actor; requestId: string },
  userId: string,
  edit: (b: { orgRole: OrgRole; appRoles: { appId: string; role: AppRole }[]; deployerEnvTypes: string[] }) => void,
) {
  // Refuse before revealing whether the user exists; the operation re-checks with the target's role.
  requirePermission(ctx.actor, { action: "user.manage", targetIsAdmin: false });
  const user = await requireUser(ctx.db, ctx.actor.orgId, userId);
  const current = await listUserBindings(ctx.db, ctx.actor.orgId, userId);
  const bindings = {
    orgRole: (user.orgRole ?? "member") as OrgRole,
    appRoles: current.apps.map((a) => ({ appId: a.appId, role: a.role as AppRole })),
    deployerEnvTypes: [...current.deployerEnvTypes],
  };
  edit(bindings);
  return await runOperation(updateUserRoles, { userId, ...bindings }, { db: ctx.db, actor: ctx.actor, requestId: ctx.requestId });
}

export const listOrgUsers = defineRoute({
  operationId: "listUserRolesInOrg",
  method: "GET",
  path: "/orgs/{orgId}/users",
  tag: "UserRole",
  summary: "List the organisation's users with their org role",
  params: orgParams,
  query: paginationQuery,
  success: { status: 200, description: "Users", schema: z.array(userRoleSchema), paginated: true },
  handle: async ({ db, actor, page }) => {
    requirePermission(actor, { action: "user.list" });
    return pageOf((await listUsers(db, actor.orgId)).map((u) => userRoleJson(u, u.orgRole ?? "")), page);
  },
});

export const createOrgUser = defineRoute({
  operationId: "createServiceUserInOrg",
  method: "POST",
  path: "/orgs/{orgId}/users",
  tag: "UserRole",
  summary: "Create a service user (for CI) with an org role",
  params: orgParams,
  body: z.object({
    name: z.string(),
    email: z.string().optional().describe("Defaults to <name>@service.baton.local"),
    role: orgRoleEnum,
  }),
  success: { status: 201, description: "The service user", schema: userRoleSchema },
  errors: [400, 409, 422],
  handle: async ({ db, actor, requestId, body }) => {
    const slug = body.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "service";
    const user = await runOperation(createUser, { name: body.name, email: body.email ?? `${slug}@service.baton.local`, type: "service", orgRole: body.role }, { db, actor, requestId });
    return userRoleJson(user, body.role);
  },
});

export const getOrgUser = defineRoute({
  operationId: "getUserRoleInOrg",
  method: "GET",
  path: "/orgs/{orgId}/users/{userId}",
  tag: "UserRole",
  summary: "Get a user's org role",
  params: userParams,
  success: { status: 200, description: "The user", schema: userRoleSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    requirePermission(actor, { action: "user.list" });
    const u = await requireUser(db, actor.orgId, params.userId);
    return userRoleJson(u, u.orgRole ?? "");
  },
});

export const patchOrgUser = defineRoute({
  operationId: "updateUserRoleInOrg",
  method: "PATCH",
  path: "/orgs/{orgId}/users/{userId}",
  tag: "UserRole",
  summary: "Change a user's org role",
  params: userParams,
  body: z.object({ role: orgRoleEnum }),
  success: { status: 200, description: "The user", schema: userRoleSchema },
  errors: [400, 404, 409, 422],
  handle: async ({ db, actor, requestId, params, body }) => {
    const u = await rebind({ db, actor, requestId }, params.userId, (b) => (b.orgRole = body.role));
    return userRoleJson(u, body.role);
  },
});

export const deleteOrgUser = defineRoute({
  operationId: "deleteUserRoleInOrg",
  method: "DELETE",
  path: "/orgs/{orgId}/users/{userId}",
  tag: "UserRole",
  summary: "Remove a user from the organisation",
  params: userParams,
  success: { status: 204, description: "Removed" },
  errors: [404, 409],
  handle: async ({ db, actor, requestId, params }) => {
    await runOperation(deleteUser, { userId: params.userId }, { db, actor, requestId });
  },
});

export const listAppUsers = defineRoute({
  operationId: "listUserRolesInApp",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/users",
  tag: "UserRole",
  summary: "List the users holding a role on an application",
  params: appParams,
  query: paginationQuery,
  success: { status: 200, description: "Users with their app role", schema: z.array(userRoleSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const rows = [];
    for (const u of await listUsers(ctx.db, ctx.actor.orgId)) {
      const role = (await listUserBindings(ctx.db, ctx.actor.orgId, u.id)).apps.find((a) => a.appId === ctx.params.appId)?.role;
      if (role) rows.push(userRoleJson(u, role));
    }
    return pageOf(rows, ctx.page);
  },
});

const appRoleBody = z.object({ id: z.string().describe("User id"), role: z.enum(APP_ROLES) });

export const addAppUser = defineRoute({
  operationId: "createUserRoleInApp",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/users",
  tag: "UserRole",
  summary: "Give a user a role on an application",
  params: appParams,
  body: appRoleBody,
  success: { status: 201, description: "The binding", schema: userRoleSchema },
  errors: [400, 404, 409, 422],
  handle: async ({ db, actor, requestId, params, body }) => {
    const existing = (await listUserBindings(db, actor.orgId, body.id)).apps.find((a) => a.appId === params.appId);
    if (existing && (await getUser(db, actor.orgId, body.id))) throw new SafeError("conflict", `User "${body.id}" already has the role "${existing.role}" on "${params.appId}"; PATCH it instead`);
    const u = await rebind({ db, actor, requestId }, body.id, (b) => b.appRoles.push({ appId: params.appId, role: body.role }));
    return userRoleJson(u, body.role);
  },
});

export const getAppUser = defineRoute({
  operationId: "getUserRoleInApp",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/users/{userId}",
  tag: "UserRole",
  summary: "Get a user's role on an application",
  params: appUserParams,
  success: { status: 200, description: "The binding", schema: userRoleSchema },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const u = await requireUser(ctx.db, ctx.actor.orgId, ctx.params.userId);
    const role = (await listUserBindings(ctx.db, ctx.actor.orgId, u.id)).apps.find((a) => a.appId === ctx.params.appId)?.role;
    if (!role) throw notFound(`A role of user "${u.id}" on application "${ctx.params.appId}"`);
    return userRoleJson(u, role);
  },
});

export const patchAppUser = defineRoute({
  operationId: "updateUserRoleInApp",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}/users/{userId}",
  tag: "UserRole",
  summary: "Change a user's role on an application",
  params: appUserParams,
  body: z.object({ role: z.enum(APP_ROLES) }),
  success: { status: 200, description: "The binding", schema: userRoleSchema },
  errors: [400, 404, 422],
  handle: async ({ db, actor, requestId, params, body }) => {
    const u = await rebind({ db, actor, requestId }, params.userId, (b) => {
      const binding = b.appRoles.find((a) => a.appId === params.appId);
      if (!binding) throw notFound(`A role of user "${params.userId}" on application "${params.appId}"`);
      binding.role = body.role;
    });
    return userRoleJson(u, body.role);
  },
});

export const deleteAppUser = defineRoute({
  operationId: "deleteUserRoleInApp",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/users/{userId}",
  tag: "UserRole",
  summary: "Remove a user's role on an application",
  params: appUserParams,
  success: { status: 204, description: "Removed" },
  errors: [404],
  handle: async ({ db, actor, requestId, params }) => {
    await rebind({ db, actor, requestId }, params.userId, (b) => {
      const before = b.appRoles.length;
      b.appRoles = b.appRoles.filter((a) => a.appId !== params.appId);
      if (b.appRoles.length === before) throw notFound(`A role of user "${params.userId}" on application "${params.appId}"`);
    });
  },
});

export const listEnvTypeUsers = defineRoute({
  operationId: "listUserRolesInEnvType",
  method: "GET",
  path: "/orgs/{orgId}/env-types/{envTypeId}/users",
  tag: "UserRole",
  summary: "List the users holding `deployer` on an environment type",
  params: envTypeUsersParams,
  query: paginationQuery,
  success: { status: 200, description: "Deployers", schema: z.array(userRoleSchema), paginated: true },
  errors: [404],
  handle: async ({ db, actor, params, page }) => {
    requirePermission(actor, { action: "user.list" });
    if (!(await getEnvType(db, actor.orgId, params.envTypeId))) throw notFound(`Environment type "${params.envTypeId}"`);
    const rows = [];
    for (const u of await listUsers(db, actor.orgId)) {
      if ((await listUserBindings(db, actor.orgId, u.id)).deployerEnvTypes.includes(params.envTypeId)) rows.push(u);
    }
    return pageOf(rows.map((u) => userRoleJson(u, "deployer")), page);
  },
});

export const addEnvTypeUser = defineRoute({
  operationId: "createUserRoleInEnvType",
  method: "POST",
  path: "/orgs/{orgId}/env-types/{envTypeId}/users",
  tag: "UserRole",
  summary: "Give a user `deployer` on an environment type",
  params: envTypeUsersParams,
  body: z.object({ id: z.string().describe("User id"), role: z.literal("deployer") }),
  success: { status: 201, description: "The binding", schema: userRoleSchema },
  errors: [400, 404, 422],
  handle: async ({ db, actor, requestId, params, body }) => {
    const u = await rebind({ db, actor, requestId }, body.id, (b) => b.deployerEnvTypes.push(params.envTypeId));
    return userRoleJson(u, "deployer");
  },
});

export const deleteEnvTypeUser = defineRoute({
  operationId: "deleteUserRoleInEnvType",
  method: "DELETE",
  path: "/orgs/{orgId}/env-types/{envTypeId}/users/{userId}",
  tag: "UserRole",
  summary: "Remove a user's `deployer` role on an environment type",
  params: envTypeUserParams,
  success: { status: 204, description: "Removed" },
  errors: [404],
  handle: async ({ db, actor, requestId, params }) => {
    await rebind({ db, actor, requestId }, params.userId, (b) => {
      if (!b.deployerEnvTypes.includes(params.envTypeId)) throw notFound(`A deployer role of user "${params.userId}" on "${params.envTypeId}"`);
      b.deployerEnvTypes = b.deployerEnvTypes.filter((t) => t !== params.envTypeId);
    });
  },
});

export const getEnvTypeUser = defineRoute({
  operationId: "getUserRoleInEnvType",
  method: "GET",
  path: "/orgs/{orgId}/env-types/{envTypeId}/users/{userId}",
  tag: "UserRole",
  summary: "Get a user's role on an environment type (`deployer` is the only one)",
  params: envTypeUserParams,
  success: { status: 200, description: "The binding", schema: userRoleSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    requirePermission(actor, { action: "user.list" });
    if (!(await getEnvType(db, actor.orgId, params.envTypeId))) throw notFound(`Environment type "${params.envTypeId}"`);
    const u = await requireUser(db, actor.orgId, params.userId);
    if (!(await listUserBindings(db, actor.orgId, u.id)).deployerEnvTypes.includes(params.envTypeId)) throw notFound(`A deployer role of user "${u.id}" on "${params.envTypeId}"`);
    return userRoleJson(u, "deployer");
  },
});

export const patchEnvTypeUser = defineRoute({
  operationId: "updateUserRoleInEnvType",
  method: "PATCH",
  path: "/orgs/{orgId}/env-types/{envTypeId}/users/{userId}",
  tag: "UserRole",
  summary: "Change a user's role on an environment type; `deployer` is the only role there, so this confirms an existing binding",
  params: envTypeUserParams,
  body: z.object({ role: z.literal("deployer") }),
  success: { status: 200, description: "The binding", schema: userRoleSchema },
  errors: [400, 404, 422],
  handle: async ({ db, actor, requestId, params }) => {
    const u = await rebind({ db, actor, requestId }, params.userId, (b) => {
      if (!b.deployerEnvTypes.includes(params.envTypeId)) throw notFound(`A deployer role of user "${params.userId}" on "${params.envTypeId}"`);
    });
    return userRoleJson(u, "deployer");
  },
});
