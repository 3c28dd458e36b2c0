import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens } from "@/db/tables";

export interface ApiTokenRecord {
  id: string;
  description: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  /** Who made it: the owner, or the administrator who made a service user's token. */
  createdBy: string;
}

export async function listApiTokens(db: DbOrTx, orgId: string, userId: string): Promise<ApiTokenRecord[]> {
  return await db
    .select({
      id: apiTokens.id,
      description: apiTokens.description,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
      // tokens from before the column were made by their owner (only administrators make others')
      createdBy: sql<string>`coalesce(${apiTokens.createdBy}, ${apiTokens.userId})`,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId)))
    .orderBy(desc(apiTokens.createdAt));
}
