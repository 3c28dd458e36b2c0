"use server";

import { z } from "zod";
import { runAction, runReadAction } from "@/lib/server/actions/action-client";
import { getApplication } from "@/lib/server/data/apps";
import { workloadResourceMatches } from "@/lib/server/data/workload-matches";
import { notFound } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/operations/operation";
import { readWorkloadName, saveWorkloadVersion, saveWorkloadVersionInput } from "@/lib/server/operations/save-workload-version";
import { getRuntime } from "@/lib/server/runtime";

export async function saveWorkloadVersionAction(input: unknown) {
  return runAction(saveWorkloadVersion, input);
}

const matchesInput = saveWorkloadVersionInput.pick({ appId: true, workloadId: true, scoreYaml: true });

/**
 * What each resource of a Score text being written would match, per environment: the editor's
 * side panel asks while the developer types. `undefined` rows: the text does not parse yet.
 */
export async function resourceMatchesAction(raw: z.input<typeof matchesInput>) {
  const appId = typeof raw?.appId === "string" ? raw.appId : "";
  return runReadAction(
    "workload.resource-matches",
    async ({ actor }) => {
      const input = parseInput(matchesInput, raw);
      const { db } = await getRuntime();
      const app = await getApplication(db, actor.orgId, input.appId);
      if (!app) throw notFound(`Application "${input.appId}"`);
      // A new workload's private resources are named after the workload the file names.
      const workloadId = input.workloadId ?? readWorkloadName(input.scoreYaml) ?? "my-workload";
      return { rows: (await workloadResourceMatches(db, actor.orgId, input.appId, workloadId, input.scoreYaml, app.envs)) ?? null };
    },
    { action: "app.view", appId },
  );
}
