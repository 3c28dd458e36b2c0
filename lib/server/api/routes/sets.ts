import { first } from "@/db/raw";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { deltas, deploymentSets, deployments } from "@/db/tables";
import { diffSets, type DeploymentDelta, type DeploymentSet } from "@/lib/engine/delta";
import { notFound } from "@/lib/server/errors";
import { getOrgSet } from "@/lib/server/data/deployments";
import { applyDeltaToSet } from "@/lib/server/operations/apply-delta-to-set";
import { createDelta, createDeltaInput } from "@/lib/server/operations/create-delta";
import { deltaBody } from "@/lib/server/operations/delta-input";
import { replaceDelta } from "@/lib/server/operations/replace-delta";
import { setDeltaMetadata } from "@/lib/server/operations/set-delta-metadata";
import { updateDelta } from "@/lib/server/operations/update-delta";
import { runOperation } from "@/lib/server/operations/operation";
import { pageOf, paginationQuery } from "../pagination";
import { appParams } from "../params";
import { defineRoute, operationContext, type RouteContext } from "../route";
import { deltaSchema, setSchema } from "../schemas";
import { requireVisibleApp } from "./apps";

const setParams = appParams.extend({ setId: z.string().min(1).describe("Deployment set id (content hash)") });
const diffParams = setParams.extend({ sourceSetId: z.string().min(1).describe("The set to compare from") });
const deltaParams = appParams.extend({ deltaId: z.string().min(1).describe("Delta id") });

async function loadSet(ctx: Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">, setId: string): Promise<DeploymentSet> {
  const set = await getOrgSet(ctx.db, ctx.actor.orgId, setId);
  if (!set) throw notFound(`Deployment set "${setId}"`);
  return set;
}

function deltaJson(row: typeof deltas.$inferSelect) {
  const c = row.content as unknown as DeploymentDelta & { metadata?: Record<string, unknown> };
  return {
    id: row.id,
    metadata: { ...(c.metadata ?? {}), env_id: row.envId ?? (c.metadata?.env_id as string | undefined) ?? null, created_at: row.createdAt, created_by: row.createdBy },
    modules: (c.modules ?? {}) as Record<string, unknown>,
    shared: (c.shared ?? []) as unknown[],
  };
}

export const listSetsRoute = defineRoute({
  operationId: "getSets",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/sets",
  tag: "Set",
  summary: "List the deployment sets an application's deployments used, newest first",
  params: appParams,
  query: paginationQuery,
  success: { status: 200, description: "Sets", schema: z.array(setSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    // The sets by id (IN), not DISTINCT over their content: JSON documents have no equality on PostgreSQL.
    const used = ctx.db
      .select({ id: deployments.setId })
      .from(deployments)
      .where(and(eq(deployments.orgId, ctx.actor.orgId), eq(deployments.appId, ctx.params.appId)));
    const rows = await ctx.db
      .select({ id: deploymentSets.id, content: deploymentSets.content, createdAt: deploymentSets.createdAt })
      .from(deploymentSets)
      .where(and(eq(deploymentSets.orgId, ctx.actor.orgId), inArray(deploymentSets.id, used)))
      .orderBy(desc(deploymentSets.createdAt), deploymentSets.id);
    return pageOf(
      rows.map((r) => ({ ...(r.content as Record<string, unknown>), version: (r.content as { version?: number }).version ?? 0, id: r.id }) as z.input<typeof setSchema>),
      ctx.page,
    );
  },
});

export const getSetRoute = defineRoute({
  operationId: "getSet",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/sets/{setId}",
  tag: "Set",
  summary: "Get a deployment set; with ?diff=OTHER, the delta from OTHER to this set",
  params: setParams,
  query: z.object({ diff: z.string().optional().describe("Another set id: answer with the delta from it to this set") }),
  success: { status: 200, description: "The set (or a delta with ?diff)", schema: z.union([setSchema, deltaSchema.partial()]) },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const set = await loadSet(ctx, ctx.params.setId);
    if (ctx.query.diff) return { id: "", metadata: {}, ...diffSets(await loadSet(ctx, ctx.query.diff), set) };
    return { id: ctx.params.setId, ...set } as Record<string, unknown> as z.input<typeof setSchema>;
  },
});

export const applyDeltaToSetRoute = defineRoute({
  operationId: "applyDeltaToSet",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/sets/{setId}",
  tag: "Set",
  summary: "Apply a delta to a set (`0` is the empty set) and answer the resulting set's id; the set is stored, nothing is deployed",
  params: setParams,
  body: deltaBody,
  success: { status: 200, description: "The id of the resulting set", schema: z.string() },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    return (await runOperation(applyDeltaToSet, { appId: ctx.params.appId, setId: ctx.params.setId, delta: ctx.body }, operationContext(ctx))).setId;
  },
});

export const diffSetsRoute = defineRoute({
  operationId: "getDiff",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/sets/{setId}/diff/{sourceSetId}",
  tag: "Set",
  summary: "The delta that turns sourceSetId into setId (`0` is the empty set)",
  params: diffParams,
  success: { status: 200, description: "A plain delta (modules add/remove/update, shared)", schema: deltaSchema.partial() },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    return diffSets(await loadSet(ctx, ctx.params.sourceSetId), await loadSet(ctx, ctx.params.setId)) as Record<string, unknown>;
  },
});

export const listDeltas = defineRoute({
  operationId: "listDeltas",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/deltas",
  tag: "Delta",
  summary: "List an application's deltas, newest first (?env filters by environment; archived ones only with ?archived=true)",
  params: appParams,
  query: paginationQuery.extend({ env: z.string().optional(), archived: z.enum(["true", "false"]).optional().describe("true: only archived deltas; default: only live ones") }),
  success: { status: 200, description: "Deltas", schema: z.array(deltaSchema), paginated: true },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const rows = await ctx.db
      .select()
      .from(deltas)
      .where(and(eq(deltas.orgId, ctx.actor.orgId), eq(deltas.appId, ctx.params.appId), ...(ctx.query.env ? [eq(deltas.envId, ctx.query.env)] : [])))
      .orderBy(desc(deltas.createdAt));
    const archived = ctx.query.archived === "true";
    return pageOf(rows.map(deltaJson).filter((d) => (d.metadata.archived === true) === archived), ctx.page);
  },
});

export const getDelta = defineRoute({
  operationId: "getDelta",
  method: "GET",
  path: "/orgs/{orgId}/apps/{appId}/deltas/{deltaId}",
  tag: "Delta",
  summary: "Get a delta",
  params: deltaParams,
  success: { status: 200, description: "The delta", schema: deltaSchema },
  errors: [404],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    return await readDelta(ctx, ctx.params.appId, ctx.params.deltaId);
  },
});

export const createDeltaRoute = defineRoute({
  operationId: "createDelta",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/deltas",
  tag: "Delta",
  summary: "Create a deployment delta (deploy it with `delta_id`)",
  params: appParams,
  body: createDeltaInput.omit({ appId: true }),
  success: { status: 200, description: "The delta", schema: deltaSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    const r = await runOperation(createDelta, { appId: ctx.params.appId, ...ctx.body }, operationContext(ctx));
    return await readDelta(ctx, ctx.params.appId, r.id);
  },
});

async function readDelta(ctx: Pick<RouteContext<unknown, unknown, unknown>, "db" | "actor">, appId: string, deltaId: string) {
  const row = await first(ctx.db.select().from(deltas).where(and(eq(deltas.orgId, ctx.actor.orgId), eq(deltas.appId, appId), eq(deltas.id, deltaId))));
  if (!row) throw notFound(`Delta "${deltaId}"`);
  return deltaJson(row);
}

export const patchDeltaRoute = defineRoute({
  operationId: "patchDelta",
  method: "PATCH",
  path: "/orgs/{orgId}/apps/{appId}/deltas/{deltaId}",
  tag: "Delta",
  summary: "Combine deltas into this one, in order, then simplify it (adds replace adds, removes are unioned, updates concatenated)",
  params: deltaParams,
  body: z.array(deltaBody).describe("Deltas to combine into the stored one"),
  success: { status: 200, description: "The combined delta", schema: deltaSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    await runOperation(updateDelta, { appId: ctx.params.appId, deltaId: ctx.params.deltaId, deltas: ctx.body }, operationContext(ctx));
    return await readDelta(ctx, ctx.params.appId, ctx.params.deltaId);
  },
});

export const putDeltaRoute = defineRoute({
  operationId: "putDelta",
  method: "PUT",
  path: "/orgs/{orgId}/apps/{appId}/deltas/{deltaId}",
  tag: "Delta",
  summary: "Replace a delta's modules and shared changes (its id and creator stay)",
  params: deltaParams,
  body: deltaBody,
  success: { status: 200, description: "The delta", schema: deltaSchema },
  errors: [400, 404, 422],
  handle: async (ctx) => {
    await requireVisibleApp(ctx, ctx.params.appId);
    await runOperation(replaceDelta, { appId: ctx.params.appId, deltaId: ctx.params.deltaId, ...ctx.body }, operationContext(ctx));
    return await readDelta(ctx, ctx.params.appId, ctx.params.deltaId);
  },
});

function deltaMetadataRoute<F extends "archived" | "env_id" | "name">(field: F, operationId: string, value: z.ZodType, summary: string) {
  return defineRoute({
    operationId,
    method: "PUT",
    path: `/orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/${field}`,
    tag: "Delta",
    summary,
    params: deltaParams,
    body: value,
    success: { status: 200, description: "The delta", schema: deltaSchema },
    errors: [400, 404, 422],
    handle: async (ctx) => {
      await requireVisibleApp(ctx, ctx.params.appId);
      await runOperation(setDeltaMetadata, { appId: ctx.params.appId, deltaId: ctx.params.deltaId, field, value: ctx.body }, operationContext(ctx));
      return await readDelta(ctx, ctx.params.appId, ctx.params.deltaId);
    },
  });
}

export const archiveDeltaRoute = deltaMetadataRoute("archived", "archiveDelta", z.boolean().describe("true archives the delta"), "Archive or unarchive a delta (body: JSON boolean)");
export const changeDeltaEnvRoute = deltaMetadataRoute("env_id", "changeEnvOfDelta", z.string().describe("Environment id"), "Point a delta at another environment (body: JSON string)");
export const changeDeltaNameRoute = deltaMetadataRoute("name", "changeNameOfDelta", z.string().describe("New name"), "Rename a delta (body: JSON string)");
