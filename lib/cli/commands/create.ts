import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp } from "@/lib/cli/remote/config";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { print } from "@/lib/cli/remote/output";
import { pipelinePath, runInputs, runPath } from "@/lib/cli/remote/pipelines";
import type { EnvJson, PipelineRunJson } from "@/lib/cli/remote/shapes";
import { waitForRun } from "@/lib/cli/remote/wait";
import { kindOf } from "./get";

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ArtefactVersionOptions extends RemoteOptions {
  name: string;
  version?: string;
  digest?: string;
  commit?: string;
  ref?: string;
  type: string;
  spec?: string;
}

/** The POST body of `create artefact-version`, checked here so errors name the flag. */
async function artefactVersionBody(o: ArtefactVersionOptions): Promise<Record<string, unknown>> {
  const common = { name: o.name, version: o.version, ref: o.ref, commit: o.commit };
  if (o.type === "container") {
    if (o.spec) throw usageError("--spec is for --type workload");
    if (o.digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(o.digest)) throw usageError(`--digest must be sha256: and 64 lowercase hex digits (got "${o.digest}")`);
    return { type: "container", ...common, digest: o.digest };
  }
  if (o.type === "workload") {
    if (!o.spec) throw usageError("--type workload needs --spec SCORE_FILE");
    if (o.digest) throw usageError("--digest is for --type container");
    const [{ readFile }, { parse }] = await Promise.all([import("node:fs/promises"), import("yaml")]);
    let spec: unknown;
    try {
      spec = parse(await readFile(o.spec, "utf8"));
    } catch (err) {
      throw new CliError(`--spec ${o.spec}: ${(err as Error).message.split("\n")[0]}`);
    }
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw usageError(`--spec ${o.spec}: must be a Score document (a YAML mapping)`);
    return { type: "workload", ...common, spec };
  }
  throw usageError(`--type must be container or workload (got "${o.type}")`);
}

const enc = encodeURIComponent;

/** `baton create app|env|value|delta|artefact-version|pipeline-run` (humctl's create). */
export function register(program: Command): void {
  const create = program.command("create").description("Create an application, environment, shared value, delta, artefact version or pipeline run");

  withConnectionOptions(create.command("app").description("Create an application (with a development environment)").argument("<id>").option("--name <name>", "display name"))
    .option("--skip-env", "do not create the development environment")
    .action((id: string, options: RemoteOptions & { name?: string; skipEnv?: boolean }) =>
      runRemote(async () => {
        const ctx = remoteContext(options, "yaml");
        const app = await ctx.client.request("POST", `${ctx.client.orgPath}/apps`, { id, name: options.name, skip_environment_creation: options.skipEnv || undefined });
        print(app, ctx.format, kindOf("apps").columns as never);
      }),
    );

  withConnectionOptions(
    create
      .command("env")
      .description("Create an environment; --from clones another environment's current deployment")
      .argument("<id>")
      .requiredOption("--type <type>", "environment type")
      .option("--name <name>", "display name")
      .option("--from <env>", "environment whose current deployment the new one starts from"),
  ).action((id: string, options: RemoteOptions & { type: string; name?: string; from?: string }) =>
    runRemote(async () => {
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      let fromDeployId: string | undefined;
      if (options.from) {
        const source = await ctx.client.get<EnvJson>(`${ctx.client.orgPath}/apps/${enc(appId)}/envs/${enc(options.from)}`);
        fromDeployId = (source.from_deploy ?? source.last_deploy)?.id;
        if (!fromDeployId) throw new CliError(`Environment "${options.from}" has no deployment to start from; deploy it first`);
      }
      const env = await ctx.client.request("POST", `${ctx.client.orgPath}/apps/${enc(appId)}/envs`, { id, name: options.name, type: options.type, from_deploy_id: fromDeployId });
      print(env, ctx.format, kindOf("envs").columns as never);
    }),
  );

  withConnectionOptions(
    create
      .command("value")
      .description('Create or replace a shared value; --env "" (or no env) sets the application-level value')
      .argument("<key>")
      .argument("<value>")
      .option("--is-secret", "store as a secret (never shown again)")
      .option("-d, --description <text>", "description"),
  ).action((key: string, value: string, options: RemoteOptions & { isSecret?: boolean; description?: string }) =>
    runRemote(async () => {
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      // An explicit empty --env means the application level even when BATON_ENV is set.
      const envId = options.env === "" ? undefined : ctx.settings.env;
      const base = `${ctx.client.orgPath}/apps/${enc(appId)}${envId ? `/envs/${enc(envId)}` : ""}/values/${enc(key)}`;
      const v = await ctx.client.request("PUT", base, { value, is_secret: options.isSecret ?? false, description: options.description });
      print(v, ctx.format, kindOf("values").columns as never);
    }),
  );

  withConnectionOptions(create.command("delta").description("Create an empty draft deployment delta (fill it with `baton update delta`)").option("--name <name>", "delta name")).action(
    (options: RemoteOptions & { name?: string }) =>
      runRemote(async () => {
        const ctx = remoteContext(options, "yaml");
        const appId = requireApp(ctx.settings);
        const metadata = { ...(options.name ? { name: options.name } : {}), ...(ctx.settings.env ? { env_id: ctx.settings.env } : {}) };
        const delta = await ctx.client.request("POST", `${ctx.client.orgPath}/apps/${enc(appId)}/deltas`, { metadata, modules: {}, shared: [] });
        print(delta, ctx.format, kindOf("deltas").columns as never);
      }),
  );

  withConnectionOptions(
    create
      .command("artefact-version")
      .description("Register a built container image (or a Score workload) version, as CI does after a build")
      .requiredOption("--name <name>", "image name without tag, e.g. registry.example/shop/web")
      .option("--version <tag>", "version (the image tag)")
      .option("--digest <sha256>", "image digest: sha256: and 64 hex digits")
      .option("--commit <sha>", "git commit the version was built from")
      .option("--ref <ref>", "git ref, e.g. refs/heads/main")
      .option("--type <type>", "container or workload", "container")
      .option("--spec <file>", "--type workload: the Score file")
      .addHelpText("after", "\nExample:\n  baton create artefact-version --name registry.example/shop/web --version 1.4.2 --digest sha256:… --commit $GIT_SHA --ref refs/heads/main"),
  ).action((options: ArtefactVersionOptions) =>
    runRemote(async () => {
      const body = await artefactVersionBody(options);
      const ctx = remoteContext(options, "yaml");
      const v = await ctx.client.request("POST", `${ctx.client.orgPath}/artefact-versions`, body);
      print(v, ctx.format, kindOf("artefact-versions").columns as never);
    }),
  );

  withConnectionOptions(
    create
      .command("pipeline-run")
      .description("Start a pipeline (its pipeline_call trigger) with inputs; --wait follows it to the end")
      .requiredOption("--pipeline <id>", "pipeline id (see `baton get pipelines`)")
      .option("--input <name=value>", "an input the pipeline declares (repeatable); typed as declared", collect, [])
      .option("--wait", "wait for the run to end (approvals included) and exit non-zero unless it succeeded"),
  ).action((options: RemoteOptions & { pipeline: string; input: string[]; wait?: boolean }) =>
    runRemote(async () => {
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      const inputs = await runInputs(ctx.client, appId, options.pipeline, options.input);
      const run = await ctx.client.request<PipelineRunJson>("POST", `${pipelinePath(ctx.client, appId, options.pipeline)}/runs`, { inputs });
      print(run as never, ctx.format, kindOf("pipeline-runs").columns as never);
      if (!options.wait) return 0;
      const end = await waitForRun(ctx.client, runPath(ctx.client, appId, options.pipeline, run.id));
      return end.status === "succeeded" ? 0 : 1;
    }),
  );
}
