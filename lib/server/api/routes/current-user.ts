import { first } from "@/db/raw";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/tables";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/server/auth/roles";
import { listUserBindings } from "@/lib/server/data/users";
import { SafeError } from "@/lib/server/errors";
import { runOperation } from "@/lib/server/operations/operation";
import { updateOwnProfile } from "@/lib/server/operations/update-own-profile";
import { defineRoute, operationContext } from "../route";
import { userProfileSchema } from "../schemas";

const profileSchema = userProfileSchema
  .extend({
    created_at: z.string(),
    properties: z.record(z.string(), z.unknown()).describe("Baton keeps no profile properties: always empty"),
  })
  .meta({ id: "UserProfileExtendedResponse" });

async function profileOf(db: Db, actor: Actor): Promise<z.input<typeof profileSchema>> {
  const row = await first(db.select({ type: users.type, createdAt: users.createdAt, name: users.name }).from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId))));
  const bindings = await listUserBindings(db, actor.orgId, actor.userId);
  const roles: Record<string, string> = { [`/orgs/${actor.orgId}`]: actor.orgRole };
  for (const a of bindings.apps) roles[`/orgs/${actor.orgId}/apps/${a.appId}`] = a.role;
  for (const t of bindings.deployerEnvTypes) roles[`/orgs/${actor.orgId}/env-types/${t}`] = "deployer";
  return { id: actor.userId, name: row?.name ?? actor.name, email: actor.email, type: row?.type ?? "user", roles, created_at: row?.createdAt ?? "", properties: {} };
}

export const currentUser = defineRoute({
  operationId: "getCurrentUser",
  method: "GET",
  path: "/current-user",
  tag: "UserProfile",
  summary: "The user the token acts for, with every role",
  params: z.object({}),
  success: { status: 200, description: "The user", schema: profileSchema },
  handle: async ({ db, actor }) => await profileOf(db, actor),
});

export const updateCurrentUserRoute = defineRoute({
  operationId: "updateCurrentUser",
  method: "PATCH",
  path: "/current-user",
  tag: "UserProfile",
  summary: "Change your display name (email, roles and type are not changed here)",
  params: z.object({}),
  // only the name can change: other fields are refused by name rather than ignored
  body: z.object({ name: z.string().optional(), properties: z.record(z.string(), z.unknown()).optional() }).strict(),
  success: { status: 200, description: "The user", schema: profileSchema },
  errors: [400],
  handle: async (ctx) => {
    if (ctx.body.properties && Object.keys(ctx.body.properties).length > 0) {
      throw new SafeError("invalid", "properties: Baton keeps no profile properties; only name can change", { fields: [{ field: "properties", message: "not supported" }] });
    }
    if (ctx.body.name !== undefined) await runOperation(updateOwnProfile, { name: ctx.body.name }, operationContext(ctx));
    return await profileOf(ctx.db, ctx.actor);
  },
});
