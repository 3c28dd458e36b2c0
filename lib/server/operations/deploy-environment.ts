import { first } from "@/db/raw";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { deltas, deploymentSets, deployments, environments } from "@/db/tables";
import { enqueueDeployJob } from "@/lib/server/deploy/job-leases";
import { applyDelta } from "@/lib/engine/delta/apply";
import type { DeploymentDelta } from "@/lib/engine/delta/types";
import { getApplication, getEnvironment } from "@/lib/server/data/apps";
import { requireEnvironmentNotPaused } from "@/lib/server/data/environment-pause";
import { currentSetOf, getDeployment, getSet } from "@/lib/server/data/deployments";
import { latestValueSetVersionId } from "@/lib/server/data/values";
import { refreshEnvironmentSummary } from "@/lib/server/data/overview-summaries";
import { buildSetFromWorkloads, type BuiltSet } from "@/lib/server/deploy/build-set";
import { SafeError, notFound } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { requireEnvironmentIdle } from "./environment-idle";
import { defineOperation } from "./operation";

export const deployEnvironmentInput = z
  .object({
    appId: appIdSchema,
    envId: envIdSchema,
    /** Workload versions to deploy (default: every workload's latest version). */
    workloads: z
      .array(z.object({ workloadId: z.string().min(1), version: z.number().int().positive().optional(), image: z.string().trim().max(500).optional() }))
      .optional(),
    removeWorkloads: z.array(z.string().min(1)).optional(),
    /** Redeploy (roll back to) an earlier deployment's set instead of building one. */
    fromDeployId: z.string().min(1).optional(),
    /** With `fromDeployId`: use that deployment's pinned values, or the current ones. */
    values: z.enum(["current", "pinned"]).optional().default("current"),
    /** Humanitec-style: deploy an existing delta or set. */
    deltaId: z.string().min(1).optional(),
    setId: z.string().min(1).optional(),
    comment: z.string().trim().max(1000).optional().default(""),
  })
  .refine((v) => [v.workloads, v.fromDeployId, v.deltaId, v.setId].filter((x) => x !== undefined).length <= 1, {
    message: "give at most one of workloads, fromDeployId, deltaId and setId",
    path: ["workloads"],
  });

export type DeployEnvironmentInput = z.input<typeof deployEnvironmentInput>;

export const deploymentId = () => randomBytes(8).toString("hex");

/**
 * Queues a deployment: builds the new set, records delta, set and a pending deployment, and
 * enqueues the job; the worker does the rest. A second deployment to a busy environment is
 * refused ("deployment in progress", 409 in the API).
 */
export const deployEnvironment = defineOperation({
  name: "env.deploy",
  input: deployEnvironmentInput,
  permission: async (input, { db, actor }) => ({
    action: "env.deploy",
    appId: input.appId,
    envType: (await getEnvironment(db, actor.orgId, input.appId, input.envId))?.type ?? "",
  }),
  async execute(tx, input, { actor }) {
    const { orgId } = actor;
    if (!(await getApplication(tx, orgId, input.appId))) throw notFound(`Application "${input.appId}"`);
    const env = await getEnvironment(tx, orgId, input.appId, input.envId);
    if (!env) throw notFound(`Environment "${input.appId}/${input.envId}"`);
    await requireEnvironmentIdle(tx, orgId, input.appId, input.envId);
    requireEnvironmentNotPaused(env);

    let built: BuiltSet;
    let valueSetVersionId = await latestValueSetVersionId(tx, orgId, input.appId, "");
    let envValueSetVersionId = await latestValueSetVersionId(tx, orgId, input.appId, input.envId);
    if (input.fromDeployId) {
      const source = await getDeployment(tx, orgId, input.appId, input.fromDeployId);
      if (!source) throw notFound(`Deployment "${input.fromDeployId}"`);
      const set = (await getSet(tx, source.setId))!;
      built = { delta: {}, set, setId: source.setId, workloadVersions: source.workloadVersions ?? {} };
      if (input.values === "pinned") {
        valueSetVersionId = source.valueSetVersionId;
        // Pinned environment values only apply within the same environment.
        envValueSetVersionId = source.envId === input.envId ? source.envValueSetVersionId : envValueSetVersionId;
      }
    } else if (input.setId) {
      const set = await getSet(tx, input.setId);
      if (!set) throw notFound(`Deployment set "${input.setId}"`);
      built = { delta: {}, set, setId: input.setId, workloadVersions: {} };
    } else if (input.deltaId) {
      const row = await first(tx.select().from(deltas).where(and(eq(deltas.orgId, orgId), eq(deltas.id, input.deltaId))));
      if (!row || row.appId !== input.appId) throw notFound(`Delta "${input.deltaId}"`);
      const base = (await currentSetOf(tx, orgId, input.appId, env))?.set;
      const applied = applyDelta(base ?? { version: 0, modules: {}, shared: {} }, row.content as DeploymentDelta);
      if (!applied.ok) throw new SafeError("unprocessable", applied.errors.map((e) => `${e.location}: ${e.message}`).join("; "));
      built = { delta: row.content as DeploymentDelta, set: applied.set, setId: applied.id, workloadVersions: {} };
    } else {
      built = await buildSetFromWorkloads(tx, orgId, input.appId, env, input.workloads, input.removeWorkloads);
    }
    if (Object.keys(built.set.modules).length === 0) {
      throw new SafeError("unprocessable", `Nothing to deploy: application "${input.appId}" has no workloads yet. Add a Score workload first.`);
    }

    const now = new Date().toISOString();
    const id = deploymentId();
    let deltaId = input.deltaId ?? null;
    if (!deltaId && !input.fromDeployId && !input.setId) {
      deltaId = randomUUID().replace(/-/g, "");
      await tx.insert(deltas).values({ id: deltaId, orgId, appId: input.appId, envId: input.envId, content: { ...built.delta, metadata: { env_id: input.envId } } as Record<string, unknown>, createdAt: now, createdBy: actor.email });
    }
    await tx.insert(deploymentSets).values({ id: built.setId, orgId, content: built.set as unknown as Record<string, unknown>, createdAt: now }).onConflictDoNothing();
    await tx.insert(deployments)
      .values({
        id,
        orgId,
        appId: input.appId,
        envId: input.envId,
        fromId: input.fromDeployId ?? env.lastDeployId,
        deltaId,
        setId: built.setId,
        valueSetVersionId,
        envValueSetVersionId,
        workloadVersions: built.workloadVersions,
        comment: input.comment,
        status: "pending",
        statusChangedAt: now,
        createdAt: now,
        createdBy: actor.email,
      });
    await tx.update(environments)
      .set({ lastDeployId: id, fromDeployId: id })
      .where(and(eq(environments.orgId, orgId), eq(environments.appId, input.appId), eq(environments.id, input.envId)));
    await refreshEnvironmentSummary(tx, orgId, input.appId, input.envId);
    await enqueueDeployJob(tx, { id, orgId, payload: { appId: input.appId, envId: input.envId, deploymentId: id }, now });
    return { id, status: "pending" as const, setId: built.setId };
  },
  audit: (input, r) => ({ target: `app/${input.appId}/env/${input.envId}/deploy/${r.id}`, details: { setId: r.setId, fromDeployId: input.fromDeployId, comment: input.comment } }),
});
