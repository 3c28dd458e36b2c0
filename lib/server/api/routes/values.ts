import { deleteAllSharedValues } from "@/lib/server/operations/delete-all-shared-values";
import { z } from "zod";
import { getEnvironment } from "@/lib/server/data/apps";
import { getValueSetVersion, listScopeValues, listSharedValues, listValueSetVersions, type ValueSetVersionRecord, type SharedValueView } from "@/lib/server/data/values";
import { SafeError, notFound } from "@/lib/server/errors";
import { deleteSharedValue } from "@/lib/server/operations/delete-shared-value";
import { runOperation } from "@/lib/server/operations/operation";
import { purgeValueKey } from "@/lib/server/operations/purge-value-key";
import { restoreValueKey } from "@/lib/server/operations/restore-value-key";
import { restoreValueSetVersion } from "@/lib/server/operations/restore-value-set-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { pageOf, paginationQuery } from "../pagination";
import { appParams, envParams } from "../params";
import { defineRoute, operationContext, type ApiRoute, type RouteContext } from "../route";
import { valueSchema, valueSetVersionSchema } from "../schemas";
import { requireVisibleApp } from "./apps";

/**
 * Shared values at both levels (humanitec-model.md §1): the same routes under
 * /apps/{appId}/values and /apps/{appId}/envs/{envId}/values. Listing env values merges the
 * app values with the env overrides, each tagged with `source`.
 */
type Level = "app" | "env";
type Params = { orgId: string; appId: string; envId?: string };
type Ctx = RouteContext<Params, unknown, unknown>;

const keyParam = { key: z.string().min(1).describe("Value key") };
const versionParam = { versionId: z.string().min(1).describe("Value set version id") };

async function scopeOf(ctx: Pick<Ctx, "db" | "actor">, params: Params): Promise<{ appId: string; envId: string }> {
  await requireVisibleApp(ctx, params.appId);
  if (params.envId && !(await getEnvironment(ctx.db, ctx.actor.orgId, params.appId, params.envId))) {
    throw notFound(`Environment "${params.envId}" of application "${params.appId}"`);
  }
  return { appId: params.appId, envId: params.envId ?? "" };
}

async function valueJsonOf(ctx: Pick<Ctx, "db" | "actor">, appId: string, envId: string, key: string) {
  const v = (await listSharedValues(ctx.db, ctx.actor.orgId, appId, envId || undefined)).find((x) => x.key === key);
  if (!v) throw notFound(`Value "${key}"`);
  return valueJson(v);
}

/** Humanitec's ValueResponse; Baton has no secret stores, so the secret reference fields are null. */
function valueJson(v: SharedValueView) {
  return { key: v.key, value: v.value, description: v.description, is_secret: v.isSecret, source: v.source, created_at: v.createdAt, updated_at: v.updatedAt, secret_key: null, secret_store_id: null, secret_version: null };
}

/** A version's values read as Humanitec's ValueResponse each, as the key stood then. */
function versionJson(v: ValueSetVersionRecord) {
  const source = v.envId ? "env" : "app";
  return {
    id: v.id,
    values: Object.fromEntries(
      Object.entries(v.values).map(([key, x]) => [
        key,
        {
          key,
          value: x.isSecret ? "" : x.value,
          is_secret: x.isSecret,
          description: x.description,
          source,
          created_at: x.createdAt ?? v.createdAt,
          updated_at: x.updatedAt ?? v.createdAt,
          secret_key: null,
          secret_store_id: null,
          secret_version: null,
          ...(x.purged ? { purged: true } : {}),
        },
      ]),
    ),
    change: v.change,
    comment: v.comment,
    result_of: v.resultOf,
    source_value_set_version_id: v.sourceVersionId,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    created_by: v.createdBy,
  };
}

const valueBody = z.object({
  value: z.string().optional().describe("Omitted for a secret keeps the stored secret"),
  // Humanitec's client sends null for "no description"
  description: z
    .string()
    .nullish()
    .transform((d) => d ?? undefined),
  is_secret: z.boolean().optional(),
});

function routesFor(level: Level) {
  const base = level === "app" ? "/orgs/{orgId}/apps/{appId}" : "/orgs/{orgId}/apps/{appId}/envs/{envId}";
  const params = level === "app" ? appParams : envParams;
  const tag = level === "app" ? "AppValue" : "EnvironmentValue";
  const opPrefix = level === "app" ? "App" : "Env";
  const where = level === "app" ? "the application" : "an environment (overrides)";

  const list = defineRoute({
    operationId: `list${opPrefix}Values`,
    method: "GET",
    path: `${base}/values`,
    tag,
    summary: level === "app" ? "List the application's shared values" : "List an environment's values: app values merged with its overrides",
    params,
    query: paginationQuery,
    success: { status: 200, description: "Values by key (secrets without value)", schema: z.array(valueSchema), paginated: true },
    errors: [404],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      const values = await listSharedValues(ctx.db, ctx.actor.orgId, s.appId, s.envId || undefined);
      return pageOf(values.map(valueJson), ctx.page);
    },
  });

  const create = defineRoute({
    operationId: `create${opPrefix}Value`,
    method: "POST",
    path: `${base}/values`,
    tag,
    summary: `Create a shared value of ${where}; 409 when the key exists`,
    params,
    body: valueBody.extend({ key: z.string(), value: z.string() }),
    success: { status: 201, description: "The value", schema: valueSchema },
    errors: [400, 404, 409, 422],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      if ((await listScopeValues(ctx.db, ctx.actor.orgId, s.appId, s.envId)).some((v) => v.key === ctx.body.key)) {
        throw new SafeError("conflict", `Value "${ctx.body.key}" already exists; PUT /values/${ctx.body.key} replaces it`);
      }
      await runOperation(setSharedValue, { ...s, key: ctx.body.key, value: ctx.body.value, isSecret: ctx.body.is_secret ?? false, description: ctx.body.description }, operationContext(ctx));
      return await valueJsonOf(ctx, s.appId, s.envId, ctx.body.key);
    },
  });

  const put = defineRoute({
    operationId: `update${opPrefix}Value`,
    method: "PUT",
    path: `${base}/values/{key}`,
    tag,
    summary: `Create or replace a shared value of ${where}`,
    params: params.extend(keyParam),
    body: valueBody,
    success: { status: 200, description: "The value", schema: valueSchema },
    errors: [400, 404, 422],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      await runOperation(setSharedValue, { ...s, key: ctx.params.key, value: ctx.body.value, isSecret: ctx.body.is_secret ?? false, description: ctx.body.description }, operationContext(ctx));
      return await valueJsonOf(ctx, s.appId, s.envId, ctx.params.key);
    },
  });

  const patch = defineRoute({
    operationId: `patch${opPrefix}Value`,
    method: "PATCH",
    path: `${base}/values/{key}`,
    tag,
    summary: `Change an existing shared value of ${where} (fields omitted are kept)`,
    params: params.extend(keyParam),
    body: valueBody,
    success: { status: 200, description: "The value", schema: valueSchema },
    errors: [400, 404, 422],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      const existing = (await listScopeValues(ctx.db, ctx.actor.orgId, s.appId, s.envId)).find((v) => v.key === ctx.params.key);
      if (!existing) throw notFound(`Value "${ctx.params.key}"`);
      const isSecret = ctx.body.is_secret ?? existing.isSecret;
      const value = ctx.body.value ?? (existing.isSecret ? undefined : existing.value);
      await runOperation(setSharedValue, { ...s, key: ctx.params.key, value, isSecret, description: ctx.body.description }, operationContext(ctx));
      return await valueJsonOf(ctx, s.appId, s.envId, ctx.params.key);
    },
  });

  const remove = defineRoute({
    operationId: `delete${opPrefix}Value`,
    method: "DELETE",
    path: `${base}/values/{key}`,
    tag,
    summary: `Delete a shared value of ${where}`,
    params: params.extend(keyParam),
    success: { status: 204, description: "Deleted" },
    errors: [404],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      await runOperation(deleteSharedValue, { ...s, key: ctx.params.key }, operationContext(ctx));
    },
  });

  const removeAll = defineRoute({
    operationId: `deleteAll${opPrefix}Values`,
    method: "DELETE",
    path: `${base}/values`,
    tag,
    summary: `Delete every shared value of ${where}, as one new value-set version`,
    params,
    success: { status: 204, description: "Deleted" },
    errors: [404],
    handle: async (ctx) => {
      await runOperation(deleteAllSharedValues, await scopeOf(ctx, ctx.params as Params), operationContext(ctx));
    },
  });

  const versions = defineRoute({
    operationId: `list${opPrefix}ValueSetVersions`,
    method: "GET",
    path: `${base}/value-set-versions`,
    tag,
    summary: `Versions of ${level === "app" ? "the application's" : "an environment's"} value set, newest first`,
    params,
    query: paginationQuery,
    success: { status: 200, description: "Versions (secrets masked)", schema: z.array(valueSetVersionSchema), paginated: true },
    errors: [404],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      return pageOf((await listValueSetVersions(ctx.db, ctx.actor.orgId, s.appId, s.envId)).map(versionJson), ctx.page);
    },
  });

  const version = defineRoute({
    operationId: `get${opPrefix}ValueSetVersion`,
    method: "GET",
    path: `${base}/value-set-versions/{versionId}`,
    tag,
    summary: "One value set version",
    params: params.extend(versionParam),
    success: { status: 200, description: "The version (secrets masked)", schema: valueSetVersionSchema },
    errors: [404],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      const v = await getValueSetVersion(ctx.db, ctx.actor.orgId, s.appId, ctx.params.versionId);
      if (!v || v.envId !== s.envId) throw notFound(`Value set version "${ctx.params.versionId}"`);
      return versionJson(v);
    },
  });

  const restore = defineRoute({
    operationId: `restore${opPrefix}ValueSetVersion`,
    method: "POST",
    path: `${base}/value-set-versions/{versionId}/restore`,
    tag,
    summary: "Restore the whole value set to a version (written as a new version)",
    params: params.extend(versionParam),
    body: z.object({ comment: z.string().optional() }).optional(),
    success: { status: 200, description: "The new version", schema: valueSetVersionSchema },
    errors: [400, 404],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      const r = await runOperation(restoreValueSetVersion, { ...s, versionId: ctx.params.versionId, comment: ctx.body?.comment }, operationContext(ctx));
      return versionJson((await getValueSetVersion(ctx.db, ctx.actor.orgId, s.appId, r.versionId))!);
    },
  });

  const restoreKey = defineRoute({
    operationId: `restore${opPrefix}ValueSetVersionKey`,
    method: "POST",
    path: `${base}/value-set-versions/{versionId}/restore/{key}`,
    tag,
    summary: "Restore one key to what it held in a version (written as a new version)",
    params: params.extend(versionParam).extend(keyParam),
    body: z.object({ comment: z.string().optional() }).optional(),
    success: { status: 200, description: "The new version", schema: valueSetVersionSchema },
    errors: [400, 404, 409],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      const r = await runOperation(restoreValueKey, { ...s, versionId: ctx.params.versionId, key: ctx.params.key, comment: ctx.body?.comment }, operationContext(ctx));
      return versionJson((await getValueSetVersion(ctx.db, ctx.actor.orgId, s.appId, r.versionId))!);
    },
  });

  const purgeKey = defineRoute({
    operationId: `purge${opPrefix}ValueSetVersionKey`,
    method: "POST",
    path: `${base}/value-set-versions/{versionId}/purge/{key}`,
    tag,
    summary:
      "Erase the value a key held in a version from every version of the scope that held it (application owners). It can no longer be read, restored or deployed; the key's current value must differ.",
    params: params.extend(versionParam).extend(keyParam),
    body: z.object({ comment: z.string().optional() }).optional(),
    success: { status: 204, description: "Purged" },
    errors: [400, 404, 409],
    handle: async (ctx) => {
      const s = await scopeOf(ctx, ctx.params as Params);
      await runOperation(purgeValueKey, { ...s, versionId: ctx.params.versionId, key: ctx.params.key, comment: ctx.body?.comment }, operationContext(ctx));
    },
  });

  return { list, create, put, patch, remove, removeAll, versions, version, restore, restoreKey, purgeKey } as Record<string, ApiRoute>;
}

const app = routesFor("app");
const env = routesFor("env");

export const listAppValues = app.list;
export const deleteAllAppValues = app.removeAll;
export const deleteAllEnvValues = env.removeAll;
export const createAppValue = app.create;
export const putAppValue = app.put;
export const patchAppValue = app.patch;
export const deleteAppValue = app.remove;
export const listAppValueVersions = app.versions;
export const getAppValueVersion = app.version;
export const restoreAppValueVersion = app.restore;
export const restoreAppValueVersionKey = app.restoreKey;
export const purgeAppValueVersionKey = app.purgeKey;

export const listEnvValues = env.list;
export const createEnvValue = env.create;
export const putEnvValue = env.put;
export const patchEnvValue = env.patch;
export const deleteEnvValue = env.remove;
export const listEnvValueVersions = env.versions;
export const getEnvValueVersion = env.version;
export const restoreEnvValueVersion = env.restore;
export const restoreEnvValueVersionKey = env.restoreKey;
export const purgeEnvValueVersionKey = env.purgeKey;
