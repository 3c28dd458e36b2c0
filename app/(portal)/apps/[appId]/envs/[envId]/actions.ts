"use server";

import { z } from "zod";
import { runClusterAction, runReadAction } from "@/lib/server/actions/action-client";
import { getEnvironment } from "@/lib/server/data/apps";
import { changeRuntime, readRuntimeLog, readRuntimeView, type RuntimeAction } from "@/lib/server/deploy/environment-runtime";
import { notFound } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/operations/operation";
import { getRuntime } from "@/lib/server/runtime";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";

const envRef = z.object({ appId: appIdSchema, envId: envIdSchema });
const workloadId = z.string().trim().min(1, "workload is required").max(63, "workload must be at most 63 characters");
const logInput = envRef.extend({
  pod: z.string().trim().min(1, "pod is required").max(253, "pod must be at most 253 characters"),
  container: z.string().trim().min(1).max(63, "container must be at most 63 characters").optional(),
  tail: z.number().int().min(1, "tail must be at least 1 line").max(5000, "tail must be at most 5000 lines").optional(),
  previous: z.boolean().optional(),
});
const scaleInput = envRef.extend({ workload: workloadId, replicas: z.number({ error: "replicas must be a number" }).int("replicas must be a whole number").min(0, "replicas must be 0 or more").max(1000, "replicas must be at most 1000") });
const restartInput = envRef.extend({ workload: workloadId });
const pausedInput = envRef.extend({ paused: z.boolean({ error: "paused must be true or false" }) });

// Read actions check the permission before parsing (like the app's other read actions): an unreadable app is refused the same way whatever the input.
const appIdOf = (raw: unknown) => (typeof (raw as { appId?: unknown })?.appId === "string" ? (raw as { appId: string }).appId : "");

/** The environment's runtime for the page's Runtime section (re-read every few seconds while visible). */
export async function runtimeViewAction(raw: unknown) {
  return runReadAction("env.runtime.read", async ({ actor }) => {
    const input = parseInput(envRef, raw);
    const { db, secrets } = await getRuntime();
    if (!(await getEnvironment(db, actor.orgId, input.appId, input.envId))) throw notFound(`Environment "${input.envId}"`);
    return await readRuntimeView(db, secrets, actor.orgId, input.appId, input.envId);
  }, { action: "app.view", appId: appIdOf(raw) });
}

/** The tail of a container's log (current or previous container), Baton's secrets masked. */
export async function runtimeLogAction(raw: unknown) {
  return runReadAction("env.runtime.logs", async ({ actor }) => {
    const input = parseInput(logInput, raw);
    const { db, secrets } = await getRuntime();
    return await readRuntimeLog(db, secrets, actor, input.appId, input.envId, { pod: input.pod, ...(input.container ? { container: input.container } : {}), tailLines: input.tail ?? 200, previous: input.previous ?? false });
  }, { action: "app.view", appId: appIdOf(raw) });
}

async function change<S extends z.ZodType<{ appId: string; envId: string }>>(name: string, raw: unknown, schema: S, toAction: (input: z.infer<S>) => RuntimeAction) {
  return runClusterAction(name, async ({ actor, requestId }) => {
    const input = parseInput(schema, raw);
    const { db, secrets } = await getRuntime();
    // changeRuntime checks the right to deploy to the environment and records the audit entry.
    await changeRuntime(db, secrets, actor, input.appId, input.envId, toAction(input), { requestId });
    return null;
  });
}

export async function scaleWorkloadAction(raw: unknown) {
  return change("env.runtime.scale", raw, scaleInput, (i) => ({ kind: "scale", replicas: { [i.workload]: i.replicas } }));
}

export async function restartWorkloadAction(raw: unknown) {
  return change("env.runtime.restart", raw, restartInput, (i) => ({ kind: "restart", workload: i.workload }));
}

export async function setPausedAction(raw: unknown) {
  return change("env.runtime.pause", raw, pausedInput, (i) => ({ kind: "pause", paused: i.paused }));
}
