import { randomUUID } from "node:crypto";
import { z } from "zod";
import { deltas } from "@/db/schema";
import { applyDelta } from "@/lib/engine/delta/apply";
import type { DeploymentDelta } from "@/lib/engine/delta/types";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { SafeError, notFound } from "@/lib/server/errors";
import { appIdSchema } from "@/lib/validation/ids";
import { defineOperation } from "./operation";

const patchOp = z.object({ op: z.enum(["add", "remove", "replace"], { error: "op must be add, remove or replace" }), path: z.string(), value: z.unknown().optional() });

export const createDeltaInput = z.object({
  appId: appIdSchema,
  metadata: z.object({ env_id: z.string().optional(), name: z.string().max(200).optional() }).partial().optional(),
  modules: z
    .object({
      add: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      remove: z.array(z.string()).optional(),
      update: z.record(z.string(), z.array(patchOp)).optional(),
    })
    .optional(),
  shared: z.array(patchOp).optional(),
});

/**
 * Stores a deployment delta (Humanitec's `POST /deltas`) after checking it applies to the empty
 * set's shape; deploying it (`delta_id`) applies it to the environment's current set.
 */
export const createDelta = defineOperation({
  name: "delta.create",
  input: createDeltaInput,
  permission: (input) => ({ action: "workload.edit", appId: input.appId }),
  execute(tx, input, { actor }) {
    if (!getApplication(tx, actor.orgId, input.appId)) throw notFound(`Application "${input.appId}"`);
    const envId = input.metadata?.env_id || null;
    if (envId && !getEnvironment(tx, actor.orgId, input.appId, envId)) throw notFound(`Environment "${input.appId}/${envId}"`);
    const delta = { modules: input.modules ?? {}, shared: input.shared ?? [] } as DeploymentDelta;
    // Module adds must be well formed on their own; updates are checked when deployed against a base.
    const check = applyDelta({ version: 0, modules: {}, shared: {} }, { modules: { add: delta.modules?.add } });
    if (!check.ok) throw new SafeError("unprocessable", check.errors.map((e) => `${e.location}: ${e.message}`).join("; "));
    const id = randomUUID().replace(/-/g, "");
    const now = new Date().toISOString();
    const content = { ...delta, metadata: { ...(input.metadata ?? {}), ...(envId ? { env_id: envId } : {}) } };
    tx.insert(deltas).values({ id, orgId: actor.orgId, appId: input.appId, envId, content: content as Record<string, unknown>, createdAt: now, createdBy: actor.email }).run();
    return { id, envId, content, createdAt: now, createdBy: actor.email };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/delta/${r.id}`, details: { env_id: r.envId } }),
});
