import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/tables";
import { countAdministrators, getUser } from "@/lib/server/data/users";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";

export const deleteUser = defineOperation({
  name: "user.delete",
  input: z.object({ userId: z.string().min(1, "userId is required") }),
  permission: async (input, { db, actor }) => ({
    action: "user.manage",
    targetIsAdmin: (await getUser(db, actor.orgId, input.userId))?.orgRole === "administrator",
  }),
  async execute(tx, input, { actor }) {
    const user = await getUser(tx, actor.orgId, input.userId);
    if (!user) throw notFound("User");
    if (user.id === actor.userId) throw new SafeError("conflict", "You cannot delete your own account");
    if (user.orgRole === "administrator" && (await countAdministrators(tx, actor.orgId)) <= 1) {
      throw new SafeError("conflict", "The organisation must keep at least one administrator");
    }
    // Role bindings and tokens cascade with the user row.
    await tx.delete(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, input.userId)));
    return { id: user.id, email: user.email };
  },
  audit: (input, r) => ({ target: `user/${input.userId}`, details: { email: r.email } }),
});
