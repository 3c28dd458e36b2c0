import { z } from "zod";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { getResourceClass, listResourceClasses, type ResourceClassRecord } from "@/lib/server/data/resource-classes";
import { notFound } from "@/lib/server/errors";
import { runOperation } from "@/lib/server/operations/operation";
import { createResourceClass, deleteResourceClass, updateResourceClass } from "@/lib/server/operations/resource-classes";
import { pageOf, paginationQuery } from "../pagination";
import { orgParams } from "../params";
import { defineRoute, operationContext } from "../route";
import { resourceClassSchema } from "../schemas";

const typeParams = orgParams.extend({ typeId: z.string().min(1).describe("Resource type, e.g. `postgres`") });
const classParams = typeParams.extend({ classId: z.string().min(1).describe("Class id") });

function classJson(c: ResourceClassRecord) {
  return { id: c.id, resource_type: c.type, description: c.description, created_at: c.createdAt, created_by: c.createdBy };
}

export const listClassesRoute = defineRoute({
  operationId: "listResourceClasses",
  method: "GET",
  path: "/orgs/{orgId}/resources/classes",
  tag: "ResourceClass",
  summary: "List the resource classes the organisation declared, by type (`default` is implicit for every type)",
  params: orgParams,
  query: paginationQuery,
  success: { status: 200, description: "Resource classes", schema: z.array(resourceClassSchema), paginated: true },
  handle: async ({ db, actor, page }) => {
    requirePermission(actor, { action: "org.view" });
    return pageOf((await listResourceClasses(db, actor.orgId)).map(classJson), page);
  },
});

export const createClassRoute = defineRoute({
  operationId: "createResourceClass",
  method: "POST",
  path: "/orgs/{orgId}/resources/types/{typeId}/classes",
  tag: "ResourceClass",
  summary: "Declare a resource class of a type (administrators)",
  params: typeParams,
  body: z.object({ id: z.string(), description: z.string().optional() }),
  success: { status: 200, description: "The class", schema: resourceClassSchema },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => classJson(await runOperation(createResourceClass, { type: ctx.params.typeId, id: ctx.body.id, description: ctx.body.description }, operationContext(ctx))),
});

export const getClassRoute = defineRoute({
  operationId: "getResourceClass",
  method: "GET",
  path: "/orgs/{orgId}/resources/types/{typeId}/classes/{classId}",
  tag: "ResourceClass",
  summary: "Get a resource class",
  params: classParams,
  success: { status: 200, description: "The class", schema: resourceClassSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    requirePermission(actor, { action: "org.view" });
    const found = await getResourceClass(db, actor.orgId, params.typeId, params.classId);
    if (!found) throw notFound(`Resource class "${params.classId}" of type "${params.typeId}"`);
    return classJson(found);
  },
});

export const updateClassRoute = defineRoute({
  operationId: "updateResourceClass",
  method: "PATCH",
  path: "/orgs/{orgId}/resources/types/{typeId}/classes/{classId}",
  tag: "ResourceClass",
  summary: "Change a resource class's description (administrators)",
  params: classParams,
  body: z.object({ description: z.string() }),
  success: { status: 200, description: "The class", schema: resourceClassSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => classJson(await runOperation(updateResourceClass, { type: ctx.params.typeId, id: ctx.params.classId, description: ctx.body.description }, operationContext(ctx))),
});

export const deleteClassRoute = defineRoute({
  operationId: "deleteResourceClass",
  method: "DELETE",
  path: "/orgs/{orgId}/resources/types/{typeId}/classes/{classId}",
  tag: "ResourceClass",
  summary: "Delete a resource class no matching criteria select (administrators)",
  params: classParams,
  success: { status: 204, description: "Deleted" },
  errors: [404, 409],
  handle: async (ctx) => {
    await runOperation(deleteResourceClass, { type: ctx.params.typeId, id: ctx.params.classId }, operationContext(ctx));
  },
});
