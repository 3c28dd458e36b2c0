import { z } from "zod";
import { can } from "@/lib/server/auth/permissions";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { getApplication } from "@/lib/server/data/apps";
import { deleteApplicationJobs } from "@/lib/server/deploy/delete-jobs";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { forbidden, notFound } from "@/lib/server/errors";
import { createApplication } from "@/lib/server/operations/create-application";
import { deleteApplication } from "@/lib/server/operations/delete-application";
import { runOperation } from "@/lib/server/operations/operation";
import { renameApplication } from "@/lib/server/operations/rename-application";
import { pageOf, paginationQuery } from "../pagination";
import { appParams, orgParams } from "../params";
import { defineRoute, type RouteContext } from "../route";
import { applicationSchema } from "../schemas";
import { applicationJson } from "../shapes";

/** Reads need `app.view`; an app the actor may not see is reported as missing, not forbidden. */
export async function requireVisibleApp(ctx: Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">, appId: string) {
  const app = await getApplication(ctx.db, ctx.actor.orgId, appId);
  if (!app) throw notFound(`Application "${appId}"`);
  if (!can(ctx.actor, { action: "app.view", appId })) throw forbidden(`You have no role on application "${appId}"`);
  return app;
}

export const listApps = defineRoute({
  operationId: "listApplications",
  method: "GET",
  path: "/orgs/{orgId}/apps",
  tag: "Application",
  summary: "List the applications you can see",
  params: orgParams,
  query: paginationQuery,
  success: { status: 200, description: "Applications, by id", schema: z.array(applicationSchema), paginated: true },
  handle: async (ctx) => {
    requirePermission(ctx.actor, { action: "app.list" });
    return pageOf((await visibleApplications(ctx.db, ctx.actor)).map((a) => applicationJson(ctx.actor.orgId, a)), ctx.page);
  },
});

export const createApp = defineRoute({
  operationId: "createApplication",
  method: "POST",
  path: "/orgs/{orgId}/apps",
  tag: "Application",
  summary: "Create an application (with a `development` environment unless skipped)",
  params: orgParams,
  body: z.object({
    id: z.string().describe("Application id: lowercase letters, digits and dashes, 3–50 characters"),
    name: z.string().optional().describe("Display name; defaults to the id"),
    skip_environment_creation: z.boolean().optional().describe("Do not create the `development` environment"),
  }),
  success: { status: 201, description: "The application", schema: applicationSchema },
  errors: [400, 409, 422],
  handle: async ({ db, actor, requestId, body }) => {
    const app = await runOperation(createApplication, { id: body.id, name: body.name, skipEnvironmentCreation: body.skip_environment_creation ?? false }, { db, actor, requestId });
    return applicationJson(actor.orgId, app);
  },
});

export const getApp = defineRoute({
  operationId: "getApplication",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}",
  tag: "Application",
  summary: "Get an application",
  params: appParams,
  success: { status: 200, description: "The application", schema: applicationSchema },
  errors: [404],
  handle: async (ctx) => applicationJson(ctx.actor.orgId, await requireVisibleApp(ctx, ctx.params.appId)),
});

export const patchApp = defineRoute({
  operationId: "patchApplication",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}",
  tag: "Application",
  summary: "Rename an application",
  params: appParams,
  body: z.object({ name: z.string().describe("New display name") }),
  success: { status: 200, description: "The application", schema: applicationSchema },
  errors: [400, 404, 422],
  handle: async ({ db, actor, requestId, params, body }) => applicationJson(actor.orgId, await runOperation(renameApplication, { id: params.appId, name: body.name }, { db, actor, requestId })),
});

export const deleteApp = defineRoute({
  operationId: "deleteApplication",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}",
  tag: "Application",
  summary: "Delete an application, its environments and their history (irreversible)",
  params: appParams,
  success: { status: 204, description: "Deleted" },
  errors: [404],
  handle: async ({ db, actor, requestId, params }) => {
    // The API call is the confirmation; the web form asks the user to type the id.
    await runOperation(deleteApplication, { id: params.appId, confirm: params.appId }, { db, actor, requestId });
  },
});

export const deleteAppJobsRoute = defineRoute({
  operationId: "deleteApplicationJobs",
  method: "DELETE",
  path: "/orgs/{orgId}/apps/{appId}/jobs",
  tag: "Application",
  summary:
    "Delete the Kubernetes Jobs Baton applied in every environment deployed to a cluster, so the next deployment runs them again (needs the right to deploy to each environment; GitOps environments are left alone)",
  params: appParams,
  success: { status: 204, description: "Deleted" },
  errors: [403, 404, 409, 422],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    await deleteApplicationJobs(ctx.db, ctx.secrets, ctx.actor, ctx.params.appId, { requestId: ctx.requestId });
  },
});
