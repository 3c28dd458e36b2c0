import { first } from "@/db/raw";
import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/tables";
import { hashApiToken } from "@/lib/server/auth/api-token";
import type { Actor } from "@/lib/server/auth/roles";
import { preparedFor } from "@/lib/server/data/prepared";
import { loadActor } from "@/lib/server/data/users";
import { SafeError } from "@/lib/server/errors";

/** How often `last_used_at` is written at most per token: every request would be a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function bearerTokenOf(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

const unauthenticated = (message: string) => new SafeError("unauthenticated", message);

/**
 * Resolves a bearer token to the actor it acts for: its owner, with the owner's current role
 * bindings. Refuses missing, unknown, revoked and expired tokens and disabled owners (401).
 */
export async function authenticateToken(db: Db, token: string | undefined, now = new Date()): Promise<{ actor: Actor; tokenId: string }> {
  if (!token) throw unauthenticated("Missing API token: send `Authorization: Bearer <token>` (create one under Settings → API tokens)");
  const hash = hashApiToken(token);
  // Every request reads its token row afresh (revocation and expiry take effect at once); the
  // statement is prepared once, which is what made the lookup cost.
  const row = await first(preparedFor(db, "api-tokens.by-hash", () =>
    db
      .select({ id: apiTokens.id, orgId: apiTokens.orgId, userId: apiTokens.userId, tokenHash: apiTokens.tokenHash, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sql.placeholder("hash")))
      .prepare(),
  ).execute({ hash }));
  // The lookup is by hash (an index); the comparison below is constant-time anyway so no
  // timing difference depends on how much of a guessed token matched.
  if (!row || !crypto.timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(hash, "hex"))) {
    throw unauthenticated("The API token is not valid");
  }
  if (row.revokedAt) throw unauthenticated("The API token has been revoked");
  if (row.expiresAt && Date.parse(row.expiresAt) <= now.getTime()) throw unauthenticated(`The API token expired at ${row.expiresAt}`);
  const actor = await loadActor(db, row.orgId, row.userId);
  if (!actor) throw unauthenticated("The API token's user is disabled or no longer has a role in the organisation");
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.id));
  }
  return { actor, tokenId: row.id };
}
