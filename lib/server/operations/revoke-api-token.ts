import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "@/db/schema";
import { notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";

export const revokeApiToken = defineOperation({
  name: "token.revoke",
  input: z.object({ id: z.string().min(1, "id is required") }),
  permission: () => ({ action: "token.manage-own" }),
  execute(tx, input, { actor }) {
    const res = tx
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.orgId, actor.orgId), eq(apiTokens.userId, actor.userId), eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)))
      .run();
    if (res.changes === 0) throw notFound("Active token");
    return { id: input.id };
  },
  audit: (input) => ({ target: `token/${input.id}` }),
});
