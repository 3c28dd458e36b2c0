"use server";

import { z } from "zod";
import { runAction, runReadAction } from "@/lib/server/actions/action-client";
import { whyForbidden } from "@/lib/server/auth/permission-messages";
import { can } from "@/lib/server/auth/permissions";
import { getEnvironment } from "@/lib/server/data/apps";
import { previewDeployment } from "@/lib/server/deploy/preview";
import { kickWorker } from "@/lib/server/deploy/worker-instance";
import { forbidden } from "@/lib/server/errors";
import { cloneEnvironment } from "@/lib/server/operations/clone-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { deleteSharedValue } from "@/lib/server/operations/delete-shared-value";
import { parseInput } from "@/lib/server/operations/operation";
import { restoreValueSetVersion } from "@/lib/server/operations/restore-value-set-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { getRuntime } from "@/lib/server/runtime";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";

export async function deployAction(input: unknown) {
  const result = await runAction(deployEnvironment, input);
  if (result.ok) await kickWorker();
  return result;
}

export async function cloneEnvironmentAction(input: unknown) {
  const result = await runAction(cloneEnvironment, input);
  if (result.ok && result.data.deploymentId) await kickWorker();
  return result;
}

const previewInput = z.object({
  appId: appIdSchema,
  envId: envIdSchema,
  workloads: z.array(z.object({ workloadId: z.string().min(1), version: z.number().int().positive().optional(), image: z.string().trim().max(500).optional() })).optional(),
});

export async function previewDeployAction(raw: unknown) {
  return runReadAction("env.preview-deploy", async ({ actor }) => {
    const input = parseInput(previewInput, raw);
    const { db, secrets } = await getRuntime();
    const envType = (await getEnvironment(db, actor.orgId, input.appId, input.envId))?.type ?? "";
    const permission = { action: "env.deploy", appId: input.appId, envType } as const;
    if (!can(actor, permission)) throw forbidden(whyForbidden(actor, permission));
    return previewDeployment(db, secrets, actor.orgId, input);
  });
}

export async function setValueAction(input: unknown) {
  return runAction(setSharedValue, input);
}
export async function deleteValueAction(input: unknown) {
  return runAction(deleteSharedValue, input);
}
export async function restoreValuesAction(input: unknown) {
  return runAction(restoreValueSetVersion, input);
}
