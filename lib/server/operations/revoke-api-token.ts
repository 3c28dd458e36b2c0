import { rowsAffected } from "@/db/raw";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "@/db/tables";
import { notFound } from "@/lib/server/errors";
import { requireTokenOwner, tokenOwnerPermission } from "./api-token-owner";
import { defineOperation } from "./operation";

export const revokeApiToken = defineOperation({
  name: "token.revoke",
  input: z.object({
    id: z.string().min(1, "id is required"),
    /** The owner: omitted (or the caller) for one's own token; a service user's id (administrators). */
    userId: z.string().min(1).max(200).optional(),
  }),
  permission: (input, { actor }) => tokenOwnerPermission(actor, input.userId),
  async execute(tx, input, { actor }) {
    const ownerId = await requireTokenOwner(tx, actor, input.userId);
    // Only the owner's tokens are found: an id of anyone else's token is "not found".
    const res = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.orgId, actor.orgId), eq(apiTokens.userId, ownerId), eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)));
    if (rowsAffected(res) === 0) throw notFound("Active token");
    return { id: input.id, ownerId };
  },
  audit: (input, r) => ({ target: `token/${input.id}`, details: { owner: r.ownerId } }),
});
