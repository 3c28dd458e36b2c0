import { first } from "@/db/raw";
import { eq, and } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/tables";
import type { Permission } from "@/lib/server/auth/permissions";
import type { Actor } from "@/lib/server/auth/roles";
import { SafeError, notFound } from "@/lib/server/errors";

/**
 * Whose API tokens a request manages. Everyone manages their own; an administrator also
 * manages a service user's (CI identities have no session to create their own). Nobody
 * manages another person's tokens: a token acts with its owner's roles, so minting one for a
 * person would let an administrator act as that person without a trace of who did.
 */

/** `userId` absent (or `me`, or the actor) means the actor's own tokens. */
export function isOwnTokens(actor: Actor, userId: string | undefined): boolean {
  return userId === undefined || userId === "me" || userId === actor.userId;
}

export function tokenOwnerPermission(actor: Actor, userId: string | undefined): Permission {
  return isOwnTokens(actor, userId) ? { action: "token.manage-own" } : { action: "token.manage-service-user" };
}

/**
 * The owner's user id, once the permission above has been granted: another user must exist
 * in the organisation (404) and be a service user (403, whatever the caller's role).
 */
export async function requireTokenOwner(db: DbOrTx, actor: Actor, userId: string | undefined): Promise<string> {
  if (isOwnTokens(actor, userId)) return actor.userId;
  const owner = await first(db
    .select({ id: users.id, type: users.type })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, userId!))));
  if (!owner) throw notFound(`User "${userId}"`);
  if (owner.type !== "service") throw new SafeError("forbidden", "API tokens of a person are created and revoked by that person only; administrators manage the tokens of service users");
  return owner.id;
}
