import { randomUUID } from "node:crypto";
import { z } from "zod";
import { orgRoles, users } from "@/db/tables";
import { hashPassword } from "@/lib/server/auth/password";
import { findUserByEmail, getUser } from "@/lib/server/data/users";
import { SafeError } from "@/lib/server/errors";
import { defineOperation } from "./operation";
import { roleBindingsSchema } from "./user-input";
import { writeRoleBindings } from "./write-role-bindings";

export const createUserInput = roleBindingsSchema.extend({
  email: z.string().trim().toLowerCase().email("email must be a valid email address"),
  name: z.string().trim().min(1, "name is required").max(100),
  type: z.enum(["user", "service"]).default("user"),
  password: z.string().min(8, "password must be at least 8 characters").max(200).optional(),
});

export const createUser = defineOperation({
  name: "user.create",
  input: createUserInput,
  permission: (input) => ({ action: "user.manage", targetIsAdmin: input.orgRole === "administrator" }),
  async execute(tx, input, { actor }) {
    if ((await findUserByEmail(tx, actor.orgId, input.email))) {
      throw new SafeError("conflict", `A user with email "${input.email}" already exists`, {
        fields: [{ field: "email", message: "already exists" }],
      });
    }
    if (input.type === "user" && !input.password) {
      throw new SafeError("invalid", "password: required for users who sign in", { fields: [{ field: "password", message: "required" }] });
    }
    const id = randomUUID();
    await tx.insert(users)
      .values({
        id,
        orgId: actor.orgId,
        email: input.email,
        name: input.name,
        type: input.type,
        passwordHash: input.type === "user" && input.password ? hashPassword(input.password) : null,
        createdAt: new Date().toISOString(),
      });
    await tx.insert(orgRoles).values({ orgId: actor.orgId, userId: id, role: input.orgRole });
    await writeRoleBindings(tx, actor.orgId, id, input);
    return (await getUser(tx, actor.orgId, id))!;
  },
  audit: (input, user) => ({ target: `user/${user.id}`, details: { email: input.email, orgRole: input.orgRole, type: input.type } }),
});
