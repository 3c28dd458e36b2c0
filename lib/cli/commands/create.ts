import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp } from "@/lib/cli/remote/config";
import { CliError } from "@/lib/cli/remote/errors";
import { print } from "@/lib/cli/remote/output";
import type { EnvJson } from "@/lib/cli/remote/shapes";
import { kindOf } from "./get";

const enc = encodeURIComponent;

/** `baton create app|env|value` (humctl's create). */
export function register(program: Command): void {
  const create = program.command("create").description("Create an application, environment, shared value or delta");

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
}
