import { z } from "zod";
import { requirePermission } from "@/lib/server/auth/permission-messages";
import { getArtefact, getArtefactVersion, listArtefactVersions, listArtefacts, placementsOf, type ArtefactVersionRecord } from "@/lib/server/artefacts/data";
import { archiveArtefactVersion, deleteArtefact, registerArtefactVersion, registerArtefactVersionInput } from "@/lib/server/artefacts/register-artefact-version";
import { artefactShape, artefactVersionShape } from "@/lib/server/artefacts/shapes";
import type { Actor } from "@/lib/server/auth/roles";
import type { DbOrTx } from "@/db/client";
import { visibleApplications } from "@/lib/server/data/visible-apps";
import { notFound } from "@/lib/server/errors";
import { runOperation } from "@/lib/server/operations/operation";
import { orgParams } from "../params";
import { defineRoute, operationContext } from "../route";

const artefactSchema = z
  .object({ id: z.string(), name: z.string(), type: z.string(), created_at: z.string(), created_by: z.string(), updated_at: z.string(), updated_by: z.string() })
  .meta({ id: "ArtefactResponse" });

const placementSchema = z.object({ app_id: z.string(), env_id: z.string(), deploy_id: z.string(), status: z.string(), workloads: z.array(z.string()) });

const artefactVersionSchema = z
  .object({
    id: z.string(),
    artefact_id: z.string(),
    type: z.enum(["container", "workload"]),
    name: z.string(),
    version: z.string(),
    ref: z.string(),
    commit: z.string(),
    digest: z.string().optional(),
    archived: z.boolean(),
    created_at: z.string(),
    created_by: z.string(),
    updated_at: z.string(),
    updated_by: z.string(),
    deployed_in: z.array(placementSchema).optional().describe("Baton: environments (that you can see) whose latest deployment runs this version"),
  })
  .meta({ id: "ArtefactVersion" });

const archivedQuery = z.enum(["true", "false"]).optional().transform((v) => v === "true");

async function withPlacements(db: DbOrTx, actor: Actor, versions: ArtefactVersionRecord[]) {
  const placements = await placementsOf(db, actor.orgId, await visibleApplications(db, actor), versions);
  return versions.map((v) => artefactVersionShape(v, placements.get(v.id)));
}

export const listArtefactsRoute = defineRoute({
  operationId: "listArtefacts",
  method: "GET",
  path: "/orgs/{orgId}/artefacts",
  tag: "Artefact",
  summary: "List artefacts (images and workloads CI registered)",
  params: orgParams,
  query: z.object({ type: z.string().optional(), name: z.string().optional() }),
  success: { status: 200, description: "Artefacts", schema: z.array(artefactSchema) },
  handle: async ({ db, actor, query }) => {
    requirePermission(actor, { action: "org.view" });
    return (await listArtefacts(db, actor.orgId, query)).map(artefactShape);
  },
});

export const deleteArtefactRoute = defineRoute({
  operationId: "deleteArtefact",
  method: "DELETE",
  path: "/orgs/{orgId}/artefacts/{artefactId}",
  tag: "Artefact",
  summary: "Delete an artefact and all its versions (administrators)",
  params: orgParams.extend({ artefactId: z.string().min(1) }),
  success: { status: 204, description: "Deleted" },
  errors: [404],
  handle: async (ctx) => {
    if (!(await runOperation(deleteArtefact, { artefactId: ctx.params.artefactId }, operationContext(ctx)))) throw notFound(`Artefact "${ctx.params.artefactId}"`);
  },
});

export const listArtefactVersionsRoute = defineRoute({
  operationId: "listArtefactVersions",
  method: "GET",
  path: "/orgs/{orgId}/artefacts/{artefactId}/versions",
  tag: "Artefact",
  summary: "List the versions of an artefact, newest first, with where each is deployed now",
  params: orgParams.extend({ artefactId: z.string().min(1) }),
  query: z.object({ archived: archivedQuery, reference: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }),
  success: { status: 200, description: "Artefact versions", schema: z.array(artefactVersionSchema) },
  errors: [404],
  handle: async ({ db, actor, params, query }) => {
    requirePermission(actor, { action: "org.view" });
    if (!(await getArtefact(db, actor.orgId, params.artefactId))) throw notFound(`Artefact "${params.artefactId}"`);
    return await withPlacements(db, actor, await listArtefactVersions(db, actor.orgId, { artefactId: params.artefactId, archived: query.archived, ref: query.reference, limit: query.limit ?? 1000 }));
  },
});

export const patchArtefactVersionRoute = defineRoute({
  operationId: "patchArtefactVersion",
  method: "PATCH",
  path: "/orgs/{orgId}/artefacts/{artefactId}/versions/{versionId}",
  tag: "Artefact",
  summary: "Archive or unarchive an artefact version (administrators)",
  params: orgParams.extend({ artefactId: z.string().min(1), versionId: z.string().min(1) }),
  body: z.object({ archived: z.boolean() }),
  success: { status: 200, description: "The artefact version", schema: artefactVersionSchema },
  errors: [404, 422],
  handle: async (ctx) => {
    const v = await runOperation(archiveArtefactVersion, { ...ctx.params, archived: ctx.body.archived }, operationContext(ctx));
    if (!v) throw notFound(`Artefact version "${ctx.params.versionId}"`);
    return artefactVersionShape(v);
  },
});

export const listArtefactVersionsInOrgRoute = defineRoute({
  operationId: "listArtefactVersionsInOrg",
  method: "GET",
  path: "/orgs/{orgId}/artefact-versions",
  tag: "Artefact",
  summary: "List artefact versions of the organisation, newest first",
  params: orgParams,
  query: z.object({ name: z.string().optional(), reference: z.string().optional(), archived: archivedQuery, type: z.string().optional() }),
  success: { status: 200, description: "Artefact versions", schema: z.array(artefactVersionSchema) },
  handle: async ({ db, actor, query }) => {
    requirePermission(actor, { action: "org.view" });
    return await withPlacements(db, actor, await listArtefactVersions(db, actor.orgId, { name: query.name, ref: query.reference, archived: query.archived, type: query.type, limit: 1000 }));
  },
});

export const createArtefactVersionRoute = defineRoute({
  operationId: "createArtefactVersion",
  method: "POST",
  path: "/orgs/{orgId}/artefact-versions",
  tag: "Artefact",
  summary: "Register a built image or Score workload (CI); automation rules of matching environments then deploy it",
  params: orgParams,
  body: registerArtefactVersionInput,
  success: { status: 200, description: "The artefact version", schema: artefactVersionSchema },
  errors: [400, 422],
  handle: async (ctx) => artefactVersionShape(await runOperation(registerArtefactVersion, ctx.body, operationContext(ctx))),
});

export const getArtefactVersionRoute = defineRoute({
  operationId: "getArtefactVersion",
  method: "GET",
  path: "/orgs/{orgId}/artefact-versions/{artefactVersionId}",
  tag: "Artefact",
  summary: "Get an artefact version, with where it is deployed now",
  params: orgParams.extend({ artefactVersionId: z.string().min(1) }),
  success: { status: 200, description: "The artefact version", schema: artefactVersionSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    requirePermission(actor, { action: "org.view" });
    const v = await getArtefactVersion(db, actor.orgId, params.artefactVersionId);
    if (!v) throw notFound(`Artefact version "${params.artefactVersionId}"`);
    return (await withPlacements(db, actor, [v]))[0];
  },
});
