import { updateEnvType } from "@/lib/server/operations/update-env-type";
import { z } from "zod";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { getEnvType, listEnvTypes } from "@/lib/server/data/apps";
import { notFound } from "@/lib/server/errors";
import { createEnvType } from "@/lib/server/operations/create-env-type";
import { deleteEnvType } from "@/lib/server/operations/delete-env-type";
import { runOperation } from "@/lib/server/operations/operation";
import { pageOf, paginationQuery } from "../pagination";
import { orgParams } from "../params";
import { defineRoute } from "../route";
import { envTypeSchema } from "../schemas";

const envTypeParams = orgParams.extend({ envTypeId: z.string().min(1).describe("Environment type id") });

export const listEnvTypesRoute = defineRoute({
  operationId: "listEnvironmentTypes",
  method: "GET",
  path: "/orgs/{orgId}/env-types",
  tag: "EnvironmentType",
  summary: "List environment types",
  params: orgParams,
  query: paginationQuery,
  success: { status: 200, description: "Environment types", schema: z.array(envTypeSchema), paginated: true },
  handle: async ({ db, actor, page }) => {
    requirePermission(actor, { action: "org.view" });
    return pageOf((await listEnvTypes(db, actor.orgId)).map((t) => ({ id: t.id, description: t.description })), page);
  },
});

export const createEnvTypeRoute = defineRoute({
  operationId: "createEnvironmentType",
  method: "POST",
  path: "/orgs/{orgId}/env-types",
  tag: "EnvironmentType",
  summary: "Create an environment type (administrators)",
  params: orgParams,
  body: z.object({ id: z.string(), description: z.string().optional() }),
  success: { status: 201, description: "The environment type", schema: envTypeSchema },
  errors: [400, 409, 422],
  handle: async ({ db, actor, requestId, body }) => await runOperation(createEnvType, { id: body.id, description: body.description }, { db, actor, requestId }),
});

export const getEnvTypeRoute = defineRoute({
  operationId: "getEnvironmentType",
  method: "GET",
  path: "/orgs/{orgId}/env-types/{envTypeId}",
  tag: "EnvironmentType",
  summary: "Get an environment type",
  params: envTypeParams,
  success: { status: 200, description: "The environment type", schema: envTypeSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    requirePermission(actor, { action: "org.view" });
    const t = await getEnvType(db, actor.orgId, params.envTypeId);
    if (!t) throw notFound(`Environment type "${params.envTypeId}"`);
    return t;
  },
});

export const updateEnvTypeRoute = defineRoute({
  operationId: "updateEnvironmentType",
  method: "PATCH",
  path: "/orgs/{orgId}/env-types/{envTypeId}",
  tag: "EnvironmentType",
  summary: "Change an environment type's description (administrators)",
  params: envTypeParams,
  body: z.object({ description: z.string() }).strict(),
  success: { status: 200, description: "The environment type", schema: envTypeSchema },
  errors: [400, 404],
  handle: async ({ db, actor, requestId, params, body }) => await runOperation(updateEnvType, { id: params.envTypeId, description: body.description }, { db, actor, requestId }),
});

export const deleteEnvTypeRoute = defineRoute({
  operationId: "deleteEnvironmentType",
  method: "DELETE",
  path: "/orgs/{orgId}/env-types/{envTypeId}",
  tag: "EnvironmentType",
  summary: "Delete an unused environment type (administrators); answers the deleted type, as Humanitec does",
  params: envTypeParams,
  success: { status: 200, description: "The deleted environment type", schema: envTypeSchema },
  errors: [404, 409],
  handle: async ({ db, actor, requestId, params }) => {
    const existing = await getEnvType(db, actor.orgId, params.envTypeId);
    await runOperation(deleteEnvType, { id: params.envTypeId }, { db, actor, requestId });
    // the operation refused anything it may not delete, so `existing` is the deleted type
    return existing!;
  },
});
