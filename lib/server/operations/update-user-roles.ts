import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { orgRoles } from "@/db/tables";
import { countAdministrators, getUser } from "@/lib/server/data/users";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { roleBindingsSchema } from "./user-input";
import { writeRoleBindings } from "./write-role-bindings";

export const updateUserRoles = defineOperation({
  name: "user.update-roles",
  input: roleBindingsSchema.extend({ userId: z.string().min(1, "userId is required") }),
  permission: async (input, { db, actor }) => ({
    action: "user.manage",
    targetIsAdmin: input.orgRole === "administrator" || (await getUser(db, actor.orgId, input.userId))?.orgRole === "administrator",
  }),
  async execute(tx, input, { actor }) {
    const user = await getUser(tx, actor.orgId, input.userId);
    if (!user) throw notFound("User");
    if (user.orgRole === "administrator" && input.orgRole !== "administrator" && (await countAdministrators(tx, actor.orgId)) <= 1) {
      throw new SafeError("conflict", "The organisation must keep at least one administrator");
    }
    await tx.update(orgRoles).set({ role: input.orgRole }).where(and(eq(orgRoles.orgId, actor.orgId), eq(orgRoles.userId, input.userId)));
    await writeRoleBindings(tx, actor.orgId, input.userId, input);
    return (await getUser(tx, actor.orgId, input.userId))!;
  },
  audit: (input) => ({
    target: `user/${input.userId}`,
    details: { orgRole: input.orgRole, appRoles: input.appRoles, deployerEnvTypes: input.deployerEnvTypes },
  }),
});
