import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { parse as parseYaml, stringify } from "yaml";
import { formatScoreError, loadScore } from "@/lib/engine/score";
import { applyOverridesFile, applyPropertyOverride, OverrideError } from "@/lib/engine/score/overrides";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp, requireEnv } from "@/lib/cli/remote/config";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { print } from "@/lib/cli/remote/output";
import type { DeploymentJson } from "@/lib/cli/remote/shapes";
import { waitForDeployment } from "@/lib/cli/remote/wait";
import { kindOf } from "./get";

interface ScoreDeployOptions extends RemoteOptions {
  file: string[];
  image?: string;
  property: string[];
  overrides?: string;
  extensions?: string;
  deployConfig?: string;
  message?: string;
  wait?: boolean;
  dryRun?: boolean;
  remove?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw usageError(`${what} "${file}": ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
}

/** `--deploy-config`: `kind: ScoreDeployConfig`, `workloads: [{name, specFile, extensionsFile}]`. */
function filesOfDeployConfig(file: string): string[] {
  const doc = parseYaml(readText(file, "deploy config")) as { kind?: unknown; workloads?: unknown } | null;
  if (!doc || doc.kind !== "ScoreDeployConfig" || !Array.isArray(doc.workloads)) {
    throw usageError(`${file}: expected apiVersion config.humanitec.io/v1b1, kind ScoreDeployConfig and a workloads list`);
  }
  return doc.workloads.map((w: { specFile?: unknown; extensionsFile?: unknown }, i: number) => {
    if (typeof w?.specFile !== "string") throw usageError(`${file}: workloads.${i}.specFile is required`);
    if (w.extensionsFile !== undefined) throw usageError(`${file}: workloads.${i}.extensionsFile: Humanitec extension files are not supported by Baton`);
    return path.resolve(path.dirname(file), w.specFile);
  });
}

/**
 * The Score text sent for one file: the file as written, or — with --overrides/--property —
 * the file with them applied (the stored version is then what is deployed). `image: .` stays:
 * the server fills it from --image.
 */
export function prepareScoreFile(file: string, options: Pick<ScoreDeployOptions, "image" | "property" | "overrides">): string {
  const text = readText(file, "Score file");
  const overridesText = options.overrides ? readText(options.overrides, "overrides file") : undefined;
  const checked = loadScore(text, { file, image: options.image, overrides: options.property, overridesFile: overridesText ? { text: overridesText, file: options.overrides } : undefined });
  for (const w of checked.warnings) process.stderr.write(`warning: ${formatScoreError(w, file)}\n`);
  if (checked.errors.length > 0) {
    for (const e of checked.errors) process.stderr.write(`${formatScoreError(e, file)}\n`);
    throw new CliError(`${file} is not a valid Score file; nothing was deployed`);
  }
  if (!overridesText && options.property.length === 0) return text;
  try {
    let spec = parseYaml(text) as Record<string, unknown>;
    if (overridesText) spec = applyOverridesFile(spec, overridesText, options.overrides);
    for (const p of options.property) spec = applyPropertyOverride(spec, p);
    return stringify(spec);
  } catch (err) {
    if (err instanceof OverrideError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}

export function registerScoreDeploy(group: Command): void {
  withConnectionOptions(
    group
      .command("deploy")
      .description("Deploy Score files to an environment (saved as workload versions, then deployed)")
      .option("-f, --file <file>", "Score file (repeatable; default ./score.yaml)", collect, [])
      .option("--image <image>", "image for every container whose image is `.`")
      .option("--property <path=value>", "override a Score property (repeatable; empty value deletes)", collect, [])
      .option("--overrides <file>", "overrides file deep-merged into the Score file")
      .option("--extensions <file>", "Humanitec extension file (not supported by Baton)")
      .option("--deploy-config <file>", "ScoreDeployConfig file listing several workloads")
      .option("-m, --message <text>", "comment of the deployment")
      .option("--wait", "stream the deployment's status and exit non-zero when it fails")
      .option("--dry-run", "check the files and the target, deploy nothing")
      .option("--remove", "remove the files' workloads from the environment instead"),
  ).action((options: ScoreDeployOptions) =>
    runRemote(async () => {
      if (options.extensions) throw usageError("--extensions: Humanitec extension files are not supported by Baton; put the settings in the Score file");
      const files = options.deployConfig ? filesOfDeployConfig(options.deployConfig) : options.file.length > 0 ? options.file : ["score.yaml"];
      const workloads = files.map((file) => ({ file, score_yaml: prepareScoreFile(file, options) }));
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      const envId = requireEnv(ctx.settings);
      const envPath = `${ctx.client.orgPath}/apps/${encodeURIComponent(appId)}/envs/${encodeURIComponent(envId)}`;
      if (options.dryRun) {
        await ctx.client.get(envPath);
        const names = workloads.map((w) => (parseYaml(w.score_yaml) as { metadata: { name: string } }).metadata.name);
        process.stdout.write(`dry run: would ${options.remove ? "remove" : "deploy"} ${names.join(", ")} ${options.remove ? "from" : "to"} ${appId}/${envId}${options.image ? ` with image ${options.image}` : ""}\n`);
        return 0;
      }
      const created = await ctx.client.request<DeploymentJson>("POST", `${envPath}/score-deploys`, { workloads, image: options.image, message: options.message, remove: options.remove || undefined });
      print(created, ctx.format, kindOf("deploys").columns as never);
      if (!options.wait) return 0;
      const { deployment } = await waitForDeployment(ctx.client, appId, envId, created.id);
      return deployment.status === "succeeded" ? 0 : 1;
    }),
  );
}
