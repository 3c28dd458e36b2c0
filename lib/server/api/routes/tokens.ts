import { z } from "zod";
import type { Db } from "@/db/client";
import { can } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { listApiTokens } from "@/lib/server/data/tokens";
import { forbidden, notFound } from "@/lib/server/errors";
import { isOwnTokens, requireTokenOwner, tokenOwnerPermission } from "@/lib/server/operations/api-token-owner";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { runOperation } from "@/lib/server/operations/operation";
import { revokeApiToken } from "@/lib/server/operations/revoke-api-token";
import { pageOf, paginationQuery } from "../pagination";
import { defineRoute } from "../route";
import { tokenCreatedSchema, tokenInfoSchema } from "../schemas";

/** Humanitec keeps these outside /orgs: a token and a user profile belong to the caller. */
const userParams = z.object({ userId: z.string().min(1).describe("User id, or `me`") });
const tokenParams = userParams.extend({ tokenId: z.string().min(1).describe("Token id") });

/**
 * Whose tokens the path names: `me` / one's own id (everyone), or a service user's id
 * (administrators; see api-token-owner). Reads check the same permission as the operations.
 */
async function tokenOwnerOf(db: Db, actor: Actor, userId: string): Promise<string> {
  if (!can(actor, tokenOwnerPermission(actor, userId))) {
    throw forbidden("You can only manage your own API tokens (administrators also manage those of service users)");
  }
  return await requireTokenOwner(db, actor, userId);
}

/** The operations take no owner for one's own tokens. */
const ownerInput = (actor: Actor, userId: string) => (isOwnTokens(actor, userId) ? undefined : userId);

function tokenJson(t: Awaited<ReturnType<typeof listApiTokens>>[number]) {
  return { id: t.id, description: t.description, type: "static" as const, created_at: t.createdAt, created_by: t.createdBy, expires_at: t.expiresAt, last_used_at: t.lastUsedAt, revoked_at: t.revokedAt };
}

export const listTokens = defineRoute({
  operationId: "getUserTokens",
  method: "GET",
  path: "/users/{userId}/tokens",
  tag: "UserProfile",
  summary: "List your API tokens, or (administrators) a service user's — never their values",
  params: userParams,
  query: paginationQuery,
  success: { status: 200, description: "Tokens, newest first", schema: z.array(tokenInfoSchema), paginated: true },
  handle: async ({ db, actor, params, page }) => {
    const ownerId = await tokenOwnerOf(db, actor, params.userId);
    return pageOf((await listApiTokens(db, actor.orgId, ownerId)).map(tokenJson), page);
  },
});

export const createToken = defineRoute({
  operationId: "createUserToken",
  method: "POST",
  path: "/users/{userId}/tokens",
  tag: "UserProfile",
  summary: "Create an API token for yourself or (administrators) a service user; its value is in this response only",
  params: userParams,
  body: z.object({
    description: z.string().describe("What the token is for"),
    type: z.literal("static").optional(),
    expires_at: z.iso.datetime({ offset: true }).optional().describe("Expiry (rounded up to whole days); omitted = never"),
  }),
  success: { status: 201, description: "The token", schema: tokenCreatedSchema },
  errors: [400, 404, 422],
  handle: async ({ db, actor, requestId, params, body }) => {
    const expiresInDays = body.expires_at ? Math.max(1, Math.ceil((Date.parse(body.expires_at) - Date.now()) / 86_400_000)) : undefined;
    const r = await runOperation(createApiToken, { description: body.description, expiresInDays, userId: ownerInput(actor, params.userId) }, { db, actor, requestId });
    return { id: r.id, token: r.token, expires_at: r.expiresAt };
  },
});

export const getToken = defineRoute({
  operationId: "getUserToken",
  method: "GET",
  path: "/users/{userId}/tokens/{tokenId}",
  tag: "UserProfile",
  summary: "Get one of your API tokens, or (administrators) of a service user's",
  params: tokenParams,
  success: { status: 200, description: "The token", schema: tokenInfoSchema },
  errors: [404],
  handle: async ({ db, actor, params }) => {
    const ownerId = await tokenOwnerOf(db, actor, params.userId);
    const t = (await listApiTokens(db, actor.orgId, ownerId)).find((x) => x.id === params.tokenId);
    if (!t) throw notFound(`Token "${params.tokenId}"`);
    return tokenJson(t);
  },
});

export const revokeToken = defineRoute({
  operationId: "deleteUserToken",
  method: "DELETE",
  path: "/users/{userId}/tokens/{tokenId}",
  tag: "UserProfile",
  summary: "Revoke one of your API tokens, or (administrators) of a service user's",
  params: tokenParams,
  success: { status: 204, description: "Revoked" },
  errors: [404],
  handle: async ({ db, actor, requestId, params }) => {
    await runOperation(revokeApiToken, { id: params.tokenId, userId: ownerInput(actor, params.userId) }, { db, actor, requestId });
  },
});
