"use server";

import { z } from "zod";
import { runAction, runReadAction } from "@/lib/server/actions/action-client";
import { notFound } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/operations/operation";
import { cancelPipelineRun, decidePipelineApproval, restartPipelineRun, startPipelineRun } from "@/lib/server/pipelines/operations";
import { loadRunTimeline } from "@/lib/server/pipelines/timeline";
import { getRuntime } from "@/lib/server/runtime";
import { appIdSchema } from "@/lib/validation/ids";

/** Thin: each mutation is the pipeline operation the API calls, with its checks and audit entry. */

export async function startRunAction(input: unknown) {
  return runAction(startPipelineRun, input);
}

export async function cancelRunAction(input: unknown) {
  return runAction(cancelPipelineRun, input);
}

export async function restartRunAction(input: unknown) {
  return runAction(restartPipelineRun, input);
}

export async function decideApprovalAction(input: unknown) {
  return runAction(decidePipelineApproval, input);
}

const runRef = z.object({ appId: appIdSchema, pipelineId: z.string().min(1).max(100), runId: z.string().min(1).max(100) });

/** The run page's live timeline (polled while the run is not finished). */
export async function runTimelineAction(raw: unknown) {
  // The permission is checked before parsing, like the other read actions: an unreadable app is refused the same way whatever the input.
  const appId = typeof (raw as { appId?: unknown })?.appId === "string" ? (raw as { appId: string }).appId : "";
  return runReadAction("pipeline.run.timeline", async ({ actor }) => {
    const input = parseInput(runRef, raw);
    const timeline = await loadRunTimeline((await getRuntime()).db, actor, input.appId, input.pipelineId, input.runId);
    if (!timeline) throw notFound(`Run "${input.runId}"`);
    return timeline;
  }, { action: "app.view", appId });
}
