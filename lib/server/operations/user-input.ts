import { z } from "zod";
import { APP_ROLES, ORG_ROLES } from "@/lib/server/auth/roles";
import { appIdSchema, envTypeIdSchema } from "@/lib/validation/ids";

export const orgRoleSchema = z.enum(ORG_ROLES, { error: `role must be one of ${ORG_ROLES.join(", ")}` });
export const roleBindingsSchema = z.object({
  orgRole: orgRoleSchema,
  appRoles: z
    .array(z.object({ appId: appIdSchema, role: z.enum(APP_ROLES, { error: `app role must be one of ${APP_ROLES.join(", ")}` }) }))
    .default([])
    .refine((rows) => new Set(rows.map((r) => r.appId)).size === rows.length, "each application may appear only once"),
  deployerEnvTypes: z.array(envTypeIdSchema).default([]),
});
