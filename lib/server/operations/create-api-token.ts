import { randomUUID } from "node:crypto";
import { z } from "zod";
import { apiTokens } from "@/db/tables";
import { generateApiToken, hashApiToken } from "@/lib/server/auth/api-token";
import { requireTokenOwner, tokenOwnerPermission } from "./api-token-owner";
import { defineOperation } from "./operation";

export const createApiToken = defineOperation({
  name: "token.create",
  input: z.object({
    description: z.string().trim().min(1, "description is required").max(200),
    /** Days until expiry; omitted means the token does not expire. */
    expiresInDays: z.number().int().min(1, "expiry must be at least 1 day").max(3650).optional(),
    /** The owner: omitted (or the caller) for one's own token; a service user's id (administrators). */
    userId: z.string().min(1).max(200).optional(),
  }),
  permission: (input, { actor }) => tokenOwnerPermission(actor, input.userId),
  async execute(tx, input, { actor }) {
    const ownerId = await requireTokenOwner(tx, actor, input.userId);
    const token = generateApiToken();
    const id = randomUUID();
    const now = new Date();
    const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null;
    await tx.insert(apiTokens)
      .values({ id, orgId: actor.orgId, userId: ownerId, description: input.description, tokenHash: hashApiToken(token), expiresAt, createdAt: now.toISOString(), createdBy: actor.userId });
    // The plaintext token is returned this once and never stored.
    return { id, token, expiresAt, ownerId };
  },
  audit: (input, r) => ({ target: `token/${r.id}`, details: { description: input.description, expiresAt: r.expiresAt, owner: r.ownerId } }),
});
