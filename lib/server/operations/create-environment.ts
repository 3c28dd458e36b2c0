import { z } from "zod";
import { environments } from "@/db/tables";
import { getApplication, getEnvType, getEnvironment } from "@/lib/server/data/apps";
import { refreshEnvironmentSummary } from "@/lib/server/data/overview-summaries";
import { SafeError, notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema, envTypeIdSchema, nameSchema } from "@/lib/validation/ids";
import { enqueueWebhookEvent, environmentEventProperties } from "@/lib/server/webhooks/outbox";
import { defineOperation } from "./operation";

export const createEnvironmentInput = z.object({
  appId: appIdSchema,
  id: envIdSchema,
  name: nameSchema("Environment").optional(),
  type: envTypeIdSchema,
  /** The deployment the new environment starts from (clone); set by the deploy issue's clone flow. */
  fromDeployId: z.string().min(1).optional(),
});

export const createEnvironment = defineOperation({
  name: "env.create",
  input: createEnvironmentInput,
  permission: (input) => ({ action: "env.create", appId: input.appId, envType: input.type }),
  async execute(tx, input, { actor }) {
    const orgId = actor.orgId;
    if (!(await getApplication(tx, orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    if (!(await getEnvType(tx, orgId, input.type))) {
      throw new SafeError("invalid", `Environment type "${input.type}" does not exist`, {
        fields: [{ field: "type", message: "unknown environment type" }],
      });
    }
    if ((await getEnvironment(tx, orgId, input.appId, input.id))) {
      throw new SafeError("conflict", `Application "${input.appId}" already has an environment "${input.id}"`, {
        fields: [{ field: "id", message: "already exists" }],
      });
    }
    await tx.insert(environments)
      .values({
        orgId,
        appId: input.appId,
        id: input.id,
        name: input.name ?? input.id,
        type: input.type,
        fromDeployId: input.fromDeployId ?? null,
        createdAt: new Date().toISOString(),
        createdBy: actor.userId,
      });
    await refreshEnvironmentSummary(tx, orgId, input.appId, input.id);
    await enqueueWebhookEvent(tx, { orgId, appId: input.appId, scope: "environment", type: "created", properties: environmentEventProperties({ orgId, appId: input.appId, envId: input.id, envType: input.type }, actor.userId) });
    return (await getEnvironment(tx, orgId, input.appId, input.id))!;
  },
  audit: (input) => ({ target: `app/${input.appId}/env/${input.id}`, details: { type: input.type } }),
});
