import { z } from "zod";
import { formatScoreError, loadScore } from "@/lib/engine/score";
import { getEnvironment } from "@/lib/server/data/apps";
import { getWorkload } from "@/lib/server/data/workloads";
import { SafeError } from "@/lib/server/errors";
import { appIdSchema, envIdSchema } from "@/lib/validation/ids";
import { deployEnvironment } from "./deploy-environment";
import { defineOperation } from "./operation";
import { readWorkloadName, saveWorkloadVersion } from "./save-workload-version";

function workloadName(text: string, index: number): string {
  const name = readWorkloadName(text);
  if (!name) {
    throw new SafeError("unprocessable", `workloads.${index}: metadata.name: the Score file must name its workload`, {
      fields: [{ field: `workloads.${index}.score_yaml`, message: "metadata.name is required" }],
    });
  }
  return name;
}

export const deployScoreInput = z.object({
  appId: appIdSchema,
  envId: envIdSchema,
  /** Score files with overrides already applied (the CLI applies --property/--overrides). */
  workloads: z.array(z.object({ scoreYaml: z.string().min(1).max(512 * 1024), file: z.string().max(500).optional() })).min(1, "give at least one Score file"),
  image: z.string().trim().max(500).optional(),
  message: z.string().trim().max(1000).optional().default(""),
  /** Take the named workloads out of the environment instead of deploying them. */
  remove: z.boolean().optional().default(false),
});

/**
 * `score deploy` in one transaction: every file is validated first, saved as a new version of
 * its workload, and the environment's deployment is queued with those versions. If anything
 * is refused (a bad file, a busy environment), nothing is saved.
 */
export const deployScore = defineOperation({
  name: "env.score-deploy",
  input: deployScoreInput,
  permission: async (input, { db, actor }) => ({
    action: "env.deploy",
    appId: input.appId,
    envType: (await getEnvironment(db, actor.orgId, input.appId, input.envId))?.type ?? "",
  }),
  async execute(tx, input, ctx) {
    const names = input.workloads.map((w, i) => workloadName(w.scoreYaml, i));
    if (new Set(names).size !== names.length) throw new SafeError("unprocessable", `Two files name the same workload: ${names.join(", ")}`);
    if (input.remove) {
      // Only the removal (humctl's delta holds just `modules.remove`): the other workloads stay as deployed.
      return await deployEnvironment.execute(tx, deployEnvironment.input.parse({ appId: input.appId, envId: input.envId, workloads: [], removeWorkloads: names, comment: input.message }), ctx);
    }
    const problems = input.workloads.flatMap((w, i) =>
      loadScore(w.scoreYaml, { image: input.image }).errors.map((e) => ({ field: `workloads.${i}${w.file ? ` (${w.file})` : ""}`, message: formatScoreError(e, w.file ?? names[i]) })),
    );
    if (problems.length > 0) throw new SafeError("unprocessable", problems.map((p) => p.message).join("\n"), { fields: problems });
    const workloads: { workloadId: string; version: number; image: string | undefined }[] = [];
    for (const [i, w] of input.workloads.entries()) {
      const existing = await getWorkload(tx, ctx.actor.orgId, input.appId, names[i]);
      const saved = await saveWorkloadVersion.execute(
        tx,
        saveWorkloadVersion.input.parse({ appId: input.appId, workloadId: existing ? names[i] : undefined, scoreYaml: w.scoreYaml, message: input.message }),
        ctx,
      );
      workloads.push({ workloadId: saved.workloadId, version: saved.version, image: input.image });
    }
    return await deployEnvironment.execute(tx, deployEnvironment.input.parse({ appId: input.appId, envId: input.envId, workloads, comment: input.message }), ctx);
  },
  audit: (input, r) => ({ target: `app/${input.appId}/env/${input.envId}/deploy/${r.id}`, details: { workloads: input.workloads.length, remove: input.remove } }),
});
