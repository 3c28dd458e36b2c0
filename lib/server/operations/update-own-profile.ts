import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/tables";
import { defineOperation } from "./operation";

export const updateOwnProfile = defineOperation({
  name: "user.update-profile",
  input: z.object({ name: z.string().trim().min(1, "name is required").max(100, "name must be at most 100 characters") }),
  permission: () => ({ action: "profile.edit-own" }),
  async execute(tx, input, { actor }) {
    await tx.update(users).set({ name: input.name }).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
    return { id: actor.userId, name: input.name };
  },
  audit: (input, result) => ({ target: `user/${result.id}`, details: { name: input.name } }),
});
