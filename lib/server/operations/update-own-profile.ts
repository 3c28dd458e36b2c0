import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { defineOperation } from "./operation";

export const updateOwnProfile = defineOperation({
  name: "user.update-profile",
  input: z.object({ name: z.string().trim().min(1, "name is required").max(100, "name must be at most 100 characters") }),
  permission: () => ({ action: "profile.edit-own" }),
  execute(tx, input, { actor }) {
    tx.update(users).set({ name: input.name }).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId))).run();
    return { id: actor.userId, name: input.name };
  },
  audit: (input, result) => ({ target: `user/${result.id}`, details: { name: input.name } }),
});
