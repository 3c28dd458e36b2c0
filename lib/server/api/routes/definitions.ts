import { stringify } from "yaml";
import { z } from "zod";
import { HUMCTL_API_VERSION, HUMCTL_KIND } from "@/lib/engine/definitions";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { can } from "@/lib/server/auth/permissions";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { getDefinition, getDefinitionDetail, getDefinitionRow, getDefinitionVersionContent, listDefinitionVersions, loadOrgDefinitions } from "@/lib/server/data/definitions";
import { listActiveResourceRecords } from "@/lib/server/data/active-resources";
import { SafeError, notFound } from "@/lib/server/errors";
import { deleteDefinition } from "@/lib/server/operations/delete-definition";
import { importDefinitions } from "@/lib/server/operations/import-definitions";
import { runOperation } from "@/lib/server/operations/operation";
import { replaceDefinitionCriteria } from "@/lib/server/operations/replace-definition-criteria";
import { restoreDefinitionVersion } from "@/lib/server/operations/restore-definition-version";
import { pageOf, paginationQuery } from "../pagination";
import { orgParams } from "../params";
import { defineRoute, operationContext, type RouteContext } from "../route";
import { activeResourceSchema, criterionSchema, definitionSchema, definitionVersionSchema } from "../schemas";
import { activeResourceJson } from "../shapes";

const defParams = orgParams.extend({ defId: z.string().min(1).describe("Resource definition id") });
const criterionParams = defParams.extend({ criteriaId: z.string().min(1).describe("Matching criterion id") });
const versionParams = defParams.extend({ versionId: z.string().min(1).describe("Definition version id") });

type Ctx = Pick<RouteContext<unknown, unknown, unknown>, "db" | "secrets" | "actor" | "requestId">;

function requireOrgView(ctx: Pick<Ctx, "actor">) {
  requirePermission(ctx.actor, { action: "org.view" });
}

async function definitionJson(ctx: Ctx, id: string) {
  const detail = await getDefinitionDetail(ctx.db, ctx.secrets, ctx.actor.orgId, id);
  if (!detail) throw notFound(`Resource definition "${id}"`);
  const d = detail.definition;
  return {
    id: d.id,
    org_id: ctx.actor.orgId,
    name: d.name,
    type: d.type,
    driver_type: d.driver_type,
    ...(d.driver_account !== undefined ? { driver_account: d.driver_account } : {}),
    ...(d.driver_inputs ? { driver_inputs: { ...(d.driver_inputs.values ? { values: d.driver_inputs.values } : {}), ...(d.driver_inputs.secret_refs ? { secret_refs: d.driver_inputs.secret_refs as Record<string, unknown> } : {}) } } : {}),
    secret_paths: detail.secretPaths,
    ...(d.provision ? { provision: d.provision as Record<string, unknown> } : {}),
    criteria: (d.criteria ?? []).map(criterionJson),
    is_default: d.is_default ?? false,
    is_deleted: d.is_deleted ?? false,
    active_version_id: d.version_id ?? null,
    // Humanitec's name for the version in use
    current_version_id: d.version_id ?? "",
    created_at: detail.createdAt,
    created_by: detail.createdBy,
    updated_at: detail.updatedAt,
    updated_by: detail.updatedBy,
  };
}

const criterionBody = criterionSchema.omit({ id: true }).strict();

const definitionBody = z.object({
  name: z.string().describe("Display name"),
  type: z.string().describe("Resource type, e.g. postgres"),
  driver_type: z.string().describe("e.g. humanitec/template, humanitec/echo"),
  driver_account: z.string().optional(),
  driver_inputs: z
    .object({
      values: z.record(z.string(), z.unknown()).optional(),
      secrets: z.record(z.string(), z.unknown()).optional().describe("Write-only; omitted keeps the stored secrets"),
      secret_refs: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  provision: z.record(z.string(), z.unknown()).optional(),
  criteria: z.array(criterionBody).optional().describe("Replaces the definition's criteria; omitted on update keeps them"),
});

/**
 * Writes one definition through the same humctl import operation as `baton apply` and the
 * import page, so an API client and a YAML file behave identically (upsert, criteria
 * replaced, secrets kept when omitted, all validation).
 */
async function writeThroughImport(ctx: Ctx, id: string, def: Omit<ResourceDefinition, "id">) {
  const doc = { apiVersion: HUMCTL_API_VERSION, kind: HUMCTL_KIND, metadata: { id }, entity: def };
  await runOperation(importDefinitions, { yaml: stringify(doc), file: "request body" }, operationContext(ctx));
  return await definitionJson(ctx, id);
}

function entityOf(body: z.output<typeof definitionBody>): Omit<ResourceDefinition, "id"> {
  const entity: Omit<ResourceDefinition, "id"> = { name: body.name, type: body.type, driver_type: body.driver_type };
  if (body.driver_account !== undefined) entity.driver_account = body.driver_account;
  if (body.driver_inputs) entity.driver_inputs = body.driver_inputs as ResourceDefinition["driver_inputs"];
  if (body.provision) entity.provision = body.provision as ResourceDefinition["provision"];
  if (body.criteria) entity.criteria = body.criteria;
  return entity;
}

export const listDefs = defineRoute({
  operationId: "listResourceDefinitions",
  method: "GET",
  path: "/orgs/{orgId}/resources/defs",
  tag: "ResourceDefinition",
  summary: "List resource definitions (never their secret inputs)",
  params: orgParams,
  query: paginationQuery.extend({
    res_type: z.string().optional().describe("Only definitions of this resource type"),
    deleted: z.enum(["true", "false"]).optional().describe("Include definitions marked deleted"),
  }),
  success: { status: 200, description: "Definitions by type and id", schema: z.array(definitionSchema), paginated: true },
  handle: async (ctx) => {
    requireOrgView(ctx);
    const defs = (await loadOrgDefinitions(ctx.db, ctx.actor.orgId, { includeDeleted: ctx.query.deleted === "true" })).filter((d) => !ctx.query.res_type || d.type === ctx.query.res_type);
    const page = pageOf(defs, ctx.page);
    return { ...page, items: await Promise.all(page.items.map(async (d) => await definitionJson(ctx, d.id))) };
  },
});

export const createDef = defineRoute({
  operationId: "createResourceDefinition",
  method: "POST",
  path: "/orgs/{orgId}/resources/defs",
  tag: "ResourceDefinition",
  summary: "Create a resource definition (administrators)",
  params: orgParams,
  body: definitionBody.extend({ id: z.string().describe("Definition id") }),
  success: { status: 201, description: "The definition", schema: definitionSchema },
  errors: [400, 409, 422],
  handle: async (ctx) => {
    requirePermission(ctx.actor, { action: "definition.manage" });
    if ((await getDefinitionRow(ctx.db, ctx.actor.orgId, ctx.body.id))) throw new SafeError("conflict", `A resource definition with id "${ctx.body.id}" already exists`);
    return await writeThroughImport(ctx, ctx.body.id, entityOf(ctx.body));
  },
});

export const getDef = defineRoute({
  operationId: "getResourceDefinition",
  method: "GET",
  path: "/orgs/{orgId}/resources/defs/{defId}",
  tag: "ResourceDefinition",
  summary: "Get a resource definition (never its secret inputs)",
  params: defParams,
  success: { status: 200, description: "The definition", schema: definitionSchema },
  errors: [404],
  handle: async (ctx) => {
    requireOrgView(ctx);
    return await definitionJson(ctx, ctx.params.defId);
  },
});

export const putDef = defineRoute({
  operationId: "updateResourceDefinition",
  method: "PUT",
  path: "/orgs/{orgId}/resources/defs/{defId}",
  tag: "ResourceDefinition",
  summary: "Replace a resource definition's content (administrators); the type and, unless given, the driver type and criteria are kept",
  params: defParams,
  body: definitionBody.partial({ type: true, driver_type: true }),
  success: { status: 200, description: "The definition", schema: definitionSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    requirePermission(ctx.actor, { action: "definition.manage" });
    const current = await getDefinition(ctx.db, ctx.actor.orgId, ctx.params.defId);
    if (!current || current.is_deleted) throw notFound(`Resource definition "${ctx.params.defId}"`);
    const body = { ...ctx.body, type: ctx.body.type ?? current.type, driver_type: ctx.body.driver_type ?? current.driver_type };
    const entity = entityOf(body);
    entity.criteria = ctx.body.criteria ?? (current.criteria ?? []).map(({ id: _id, ...c }) => c);
    return await writeThroughImport(ctx, ctx.params.defId, entity);
  },
});

export const patchDef = defineRoute({
  operationId: "patchResourceDefinition",
  method: "PATCH",
  path: "/orgs/{orgId}/resources/defs/{defId}",
  tag: "ResourceDefinition",
  summary: "Change some of a definition's fields (administrators); the rest, criteria and stored secrets are kept",
  params: defParams,
  body: definitionBody.omit({ type: true, criteria: true }).partial().strict(),
  success: { status: 200, description: "The definition, as a new version", schema: definitionSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    requirePermission(ctx.actor, { action: "definition.manage" });
    const current = await getDefinition(ctx.db, ctx.actor.orgId, ctx.params.defId);
    if (!current || current.is_deleted) throw notFound(`Resource definition "${ctx.params.defId}"`);
    const entity = entityOf({
      name: ctx.body.name ?? current.name,
      type: current.type,
      driver_type: ctx.body.driver_type ?? current.driver_type,
      driver_account: ctx.body.driver_account ?? current.driver_account,
      // secrets are write-only: the current inputs carry none, and omitted secrets are kept
      driver_inputs: ctx.body.driver_inputs ?? (current.driver_inputs ? { values: current.driver_inputs.values, secret_refs: current.driver_inputs.secret_refs as Record<string, unknown> | undefined } : undefined),
      provision: ctx.body.provision ?? (current.provision as Record<string, unknown> | undefined),
    });
    entity.criteria = (current.criteria ?? []).map(({ id: _id, ...c }) => c);
    return await writeThroughImport(ctx, ctx.params.defId, entity);
  },
});

export const deleteDef = defineRoute({
  operationId: "deleteResourceDefinition",
  method: "DELETE",
  path: "/orgs/{orgId}/resources/defs/{defId}",
  tag: "ResourceDefinition",
  summary: "Delete a definition; 409 listing the active resources using it unless force=true",
  params: defParams,
  query: z.object({ force: z.enum(["true", "false"]).optional().describe("Mark deleted even though active resources use it") }),
  success: { status: 204, description: "Deleted (or marked deleted when forced)" },
  errors: [404, 409],
  handle: async ({ db, actor, requestId, params, query }) => {
    await runOperation(deleteDefinition, { id: params.defId, force: query.force === "true" }, { db, actor, requestId });
  },
});

async function replaceCriteria(ctx: Ctx, defId: string, criteria: Record<string, string | undefined>[]) {
  const r = await runOperation(replaceDefinitionCriteria, { id: defId, criteria }, operationContext(ctx));
  return r.criteria.map(criterionJson);
}

/** Humanitec writes a criterion's class, `default` when none was given (the same match). */
function criterionJson<C extends { class?: string }>(c: C): C & { class: string } {
  return { ...c, class: c.class || "default" };
}

async function currentCriteria(ctx: Ctx, defId: string) {
  requirePermission(ctx.actor, { action: "definition.manage" });
  const def = await getDefinition(ctx.db, ctx.actor.orgId, defId);
  if (!def || def.is_deleted) throw notFound(`Resource definition "${defId}"`);
  return def.criteria ?? [];
}

export const addCriterion = defineRoute({
  operationId: "createResourceDefinitionCriteria",
  method: "POST",
  path: "/orgs/{orgId}/resources/defs/{defId}/criteria",
  tag: "ResourceDefinition",
  summary: "Add a matching criterion; 409 when another definition of the type has the same rule",
  params: defParams,
  body: criterionBody,
  success: { status: 200, description: "The new criterion (with its id)", schema: criterionSchema },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    const existing = await currentCriteria(ctx, ctx.params.defId);
    const strip = ({ id: _id, ...c }: (typeof existing)[number]) => c;
    const all = await replaceCriteria(ctx, ctx.params.defId, [...existing.map(strip), ctx.body]);
    const before = new Set(existing.map((c) => c.id));
    return all.find((c) => !before.has(c.id)) ?? all[all.length - 1];
  },
});

export const putCriteria = defineRoute({
  operationId: "updateResourceDefinitionCriteria",
  method: "PUT",
  path: "/orgs/{orgId}/resources/defs/{defId}/criteria",
  tag: "ResourceDefinition",
  summary: "Replace all matching criteria of a definition",
  params: defParams,
  body: z.array(criterionBody),
  success: { status: 200, description: "The criteria, with ids (a rule that stays keeps its id)", schema: z.array(criterionSchema) },
  errors: [400, 404, 409, 422],
  handle: async (ctx) => {
    await currentCriteria(ctx, ctx.params.defId);
    return await replaceCriteria(ctx, ctx.params.defId, ctx.body);
  },
});

export const deleteCriterion = defineRoute({
  operationId: "deleteResourceDefinitionCriteria",
  method: "DELETE",
  path: "/orgs/{orgId}/resources/defs/{defId}/criteria/{criteriaId}",
  tag: "ResourceDefinition",
  summary: "Remove one matching criterion",
  params: criterionParams,
  success: { status: 204, description: "Removed" },
  errors: [404, 409],
  handle: async (ctx) => {
    const existing = await currentCriteria(ctx, ctx.params.defId);
    if (!existing.some((c) => c.id === ctx.params.criteriaId)) throw notFound(`Criterion "${ctx.params.criteriaId}" of "${ctx.params.defId}"`);
    await replaceCriteria(ctx, ctx.params.defId, existing.filter((c) => c.id !== ctx.params.criteriaId).map(({ id: _id, ...c }) => c));
  },
});

export const listDefVersions = defineRoute({
  operationId: "listResourceDefinitionVersions",
  method: "GET",
  path: "/orgs/{orgId}/resources/defs/{defId}/versions",
  tag: "ResourceDefinition",
  summary: "List a definition's versions, newest first",
  params: defParams,
  query: paginationQuery,
  success: { status: 200, description: "Versions", schema: z.array(definitionVersionSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    requireOrgView(ctx);
    const row = await getDefinitionRow(ctx.db, ctx.actor.orgId, ctx.params.defId);
    if (!row) throw notFound(`Resource definition "${ctx.params.defId}"`);
    const versions = await Promise.all((await listDefinitionVersions(ctx.db, ctx.actor.orgId, ctx.params.defId)).map(async (v) => await versionJson(ctx, ctx.params.defId, v, row.activeVersionId)));
    return pageOf(versions, ctx.page);
  },
});

/** A version with its content, as Humanitec's ResourceDefinitionVersion (secrets never included). */
async function versionJson(ctx: Ctx, defId: string, v: Awaited<ReturnType<typeof listDefinitionVersions>>[number], activeVersionId: string | null) {
  const d = (await getDefinitionVersionContent(ctx.db, ctx.actor.orgId, defId, v.id))?.definition;
  return {
    id: v.id,
    org_id: ctx.actor.orgId,
    def_id: defId,
    name: d?.name ?? "",
    type: d?.type ?? "",
    driver_type: d?.driver_type ?? "",
    driver_account: d?.driver_account ?? "",
    driver_inputs: { values: d?.driver_inputs?.values ?? {}, secret_refs: (d?.driver_inputs?.secret_refs ?? {}) as Record<string, unknown> },
    provision: (d?.provision ?? {}) as Record<string, unknown>,
    action: v.action,
    active: v.id === activeVersionId,
    number: v.number,
    created_at: v.createdAt,
    created_by: v.createdBy,
  };
}

export const getDefVersion = defineRoute({
  operationId: "getResourceDefinitionVersion",
  method: "GET",
  path: "/orgs/{orgId}/resources/defs/{defId}/versions/{versionId}",
  tag: "ResourceDefinition",
  summary: "One version of a definition, with its content (never its secrets)",
  params: versionParams,
  success: { status: 200, description: "The version", schema: definitionVersionSchema },
  errors: [404],
  handle: async (ctx) => {
    requireOrgView(ctx);
    const row = await getDefinitionRow(ctx.db, ctx.actor.orgId, ctx.params.defId);
    if (!row) throw notFound(`Resource definition "${ctx.params.defId}"`);
    const v = (await listDefinitionVersions(ctx.db, ctx.actor.orgId, ctx.params.defId)).find((x) => x.id === ctx.params.versionId);
    if (!v) throw notFound(`Version "${ctx.params.versionId}" of resource definition "${ctx.params.defId}"`);
    return await versionJson(ctx, ctx.params.defId, v, row.activeVersionId);
  },
});

export const promoteDefVersion = defineRoute({
  operationId: "promoteResourceDefinitionVersion",
  method: "POST",
  path: "/orgs/{orgId}/resources/defs/{defId}/versions/{versionId}/actions/promote",
  tag: "ResourceDefinition",
  summary: "Make an earlier version's content current again (written as a new `restored` version)",
  params: versionParams,
  success: { status: 200, description: "The definition", schema: definitionSchema },
  errors: [400, 404, 409],
  handle: async (ctx) => {
    await runOperation(restoreDefinitionVersion, { id: ctx.params.defId, versionId: ctx.params.versionId }, operationContext(ctx));
    return await definitionJson(ctx, ctx.params.defId);
  },
});

export const listDefResources = defineRoute({
  operationId: "listActiveResourcesOfDefinition",
  method: "GET",
  path: "/orgs/{orgId}/resources/defs/{defId}/resources",
  tag: "ResourceDefinition",
  summary: "Active resources provisioned from a definition",
  params: defParams,
  query: paginationQuery,
  success: {
    status: 200,
    description: "Active resources",
    schema: z.array(activeResourceSchema),
    paginated: true,
  },
  errors: [404],
  handle: async (ctx) => {
    requireOrgView(ctx);
    if (!(await getDefinitionRow(ctx.db, ctx.actor.orgId, ctx.params.defId))) throw notFound(`Resource definition "${ctx.params.defId}"`);
    const rows = await listActiveResourceRecords(ctx.db, ctx.actor.orgId, { defId: ctx.params.defId });
    return pageOf(rows.filter((r) => can(ctx.actor, { action: "app.view", appId: r.appId })).map(activeResourceJson), ctx.page);
  },
});
