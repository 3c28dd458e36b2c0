import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { orgRoles } from "@/db/schema";
import { countAdministrators, getUser } from "@/lib/server/data/users";
import { SafeError, notFound } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { roleBindingsSchema } from "./user-input";
import { writeRoleBindings } from "./write-role-bindings";

export const updateUserRoles = defineOperation({
  name: "user.update-roles",
  input: roleBindingsSchema.extend({ userId: z.string().min(1, "userId is required") }),
  permission: (input, { db, actor }) => ({
    action: "user.manage",
    targetIsAdmin: input.orgRole === "administrator" || getUser(db, actor.orgId, input.userId)?.orgRole === "administrator",
  }),
  execute(tx, input, { actor }) {
    const user = getUser(tx, actor.orgId, input.userId);
    if (!user) throw notFound("User");
    if (user.orgRole === "administrator" && input.orgRole !== "administrator" && countAdministrators(tx, actor.orgId) <= 1) {
      throw new SafeError("conflict", "The organisation must keep at least one administrator");
    }
    tx.update(orgRoles).set({ role: input.orgRole }).where(and(eq(orgRoles.orgId, actor.orgId), eq(orgRoles.userId, input.userId))).run();
    writeRoleBindings(tx, actor.orgId, input.userId, input);
    return getUser(tx, actor.orgId, input.userId)!;
  },
  audit: (input) => ({
    target: `user/${input.userId}`,
    details: { orgRole: input.orgRole, appRoles: input.appRoles, deployerEnvTypes: input.deployerEnvTypes },
  }),
});
