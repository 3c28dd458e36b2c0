import { z } from "zod";
import { appRoles, applications, environments } from "@/db/tables";
import { getApplication, getEnvType } from "@/lib/server/data/apps";
import { refreshEnvironmentSummary } from "@/lib/server/data/overview-summaries";
import { SafeError } from "@/lib/server/errors";
import { appIdSchema, nameSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

export const createApplicationInput = z.object({
  id: appIdSchema,
  name: nameSchema("Application").optional(),
  /** Humanitec creates a `development` environment unless told not to. */
  skipEnvironmentCreation: z.boolean().optional().default(false),
});

export const DEFAULT_ENV = { id: "development", name: "Development", type: "development" } as const;

export const createApplication = defineOperation({
  name: "app.create",
  input: createApplicationInput,
  permission: () => ({ action: "app.create" }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if ((await getApplication(tx, orgId, input.id))) {
      throw new SafeError("conflict", `An application with id "${input.id}" already exists`, {
        fields: [{ field: "id", message: "already exists" }],
      });
    }
    const now = new Date().toISOString();
    await tx.insert(applications).values({ orgId, id: input.id, name: input.name ?? input.id, createdAt: now, createdBy: actor.userId });
    await tx.insert(appRoles).values({ orgId, appId: input.id, userId: actor.userId, role: "owner" }).onConflictDoNothing();
    if (!input.skipEnvironmentCreation) {
      if (!(await getEnvType(tx, orgId, DEFAULT_ENV.type))) {
        throw new SafeError("conflict", `Environment type "${DEFAULT_ENV.type}" does not exist; create it first or skip environment creation`);
      }
      await tx.insert(environments).values({ orgId, appId: input.id, ...DEFAULT_ENV, createdAt: now, createdBy: actor.userId });
      await refreshEnvironmentSummary(tx, orgId, input.id, DEFAULT_ENV.id);
    }
    return (await getApplication(tx, orgId, input.id))!;
  },
  audit: (input) => ({ target: `app/${input.id}`, details: { name: input.name ?? input.id } }),
});
