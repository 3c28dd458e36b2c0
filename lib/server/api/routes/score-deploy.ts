import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatScoreError, loadScore } from "@/lib/engine/score";
import { getDeployment } from "@/lib/server/data/deployments";
import { getWorkload } from "@/lib/server/data/workloads";
import { SafeError } from "@/lib/server/errors";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { envParams } from "../params";
import { defineRoute, operationContext } from "../route";
import { deploymentStubSchema } from "../schemas";
import { deploymentJson } from "../shapes";
import { requireVisibleEnv } from "./envs";

function workloadName(text: string, index: number): string {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    doc = undefined;
  }
  const name = (doc as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  if (typeof name !== "string" || !name) {
    throw new SafeError("unprocessable", `workloads.${index}: metadata.name: the Score file must name its workload`, { fields: [{ field: `workloads.${index}.score_yaml`, message: "metadata.name is required" }] });
  }
  return name;
}

/**
 * `baton score deploy` / `humctl score deploy` on the server: each Score file is saved as a
 * new version of its workload (only when valid — nothing is written otherwise), then the
 * environment is deployed with those versions, `image` filling every `image: .`. With
 * `remove`, the named workloads are taken out of the environment instead.
 */
export const scoreDeploy = defineRoute({
  operationId: "deployScore",
  method: "POST",
  path: "/orgs/{orgId}/apps/{appId}/envs/{envId}/score-deploys",
  tag: "Deployment",
  summary: "Deploy Score files: save them as workload versions and deploy them (Baton's `score deploy`)",
  params: envParams,
  body: z.object({
    workloads: z.array(z.object({ score_yaml: z.string().describe("The Score file, overrides already applied"), file: z.string().optional().describe("File name, for messages") })).min(1),
    image: z.string().optional().describe("Image for every container whose image is `.`"),
    message: z.string().optional().describe("Comment of the versions and the deployment"),
    remove: z.boolean().optional().describe("Remove these workloads from the environment instead"),
  }),
  success: { status: 201, description: "The deployment (status pending; poll it)", schema: deploymentStubSchema },
  errors: [400, 404, 409, 422],
  handle: (ctx) => {
    const { appId, envId } = ctx.params;
    requireVisibleEnv(ctx, appId, envId);
    const names = ctx.body.workloads.map((w, i) => workloadName(w.score_yaml, i));
    if (new Set(names).size !== names.length) throw new SafeError("unprocessable", `Two files name the same workload: ${names.join(", ")}`);
    const comment = ctx.body.message ?? "";
    if (ctx.body.remove) {
      const r = runOperation(deployEnvironment, { appId, envId, removeWorkloads: names, comment }, operationContext(ctx));
      return deploymentJson(getDeployment(ctx.db, ctx.actor.orgId, appId, r.id)!);
    }
    // Validate every file before saving any, so a bad file leaves nothing behind.
    const problems = ctx.body.workloads.flatMap((w, i) =>
      loadScore(w.score_yaml, { image: ctx.body.image }).errors.map((e) => ({ field: `workloads.${i}${w.file ? ` (${w.file})` : ""}`, message: formatScoreError(e, w.file ?? names[i]) })),
    );
    if (problems.length > 0) throw new SafeError("unprocessable", problems.map((p) => p.message).join("\n"), { fields: problems });
    const versions = ctx.body.workloads.map((w, i) => {
      const existing = getWorkload(ctx.db, ctx.actor.orgId, appId, names[i]);
      const saved = runOperation(saveWorkloadVersion, { appId, workloadId: existing ? names[i] : undefined, scoreYaml: w.score_yaml, message: comment }, operationContext(ctx));
      return { workloadId: saved.workloadId, version: saved.version, image: ctx.body.image };
    });
    const r = runOperation(deployEnvironment, { appId, envId, workloads: versions, comment }, operationContext(ctx));
    return deploymentJson(getDeployment(ctx.db, ctx.actor.orgId, appId, r.id)!);
  },
});
