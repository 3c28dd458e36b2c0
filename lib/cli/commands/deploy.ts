import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp, requireEnv } from "@/lib/cli/remote/config";
import { resolveDeployment } from "@/lib/cli/remote/deploy-refs";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { print } from "@/lib/cli/remote/output";
import type { DeploymentJson, EnvJson } from "@/lib/cli/remote/shapes";
import { waitForDeployment } from "@/lib/cli/remote/wait";
import { kindOf } from "./get";

const enc = encodeURIComponent;

interface DeployOptions extends RemoteOptions {
  message?: string;
  wait?: boolean;
  valuesVersion?: string;
}

/** `.` means the configured environment (humctl). */
function envOf(ref: string, configured: string | undefined): string {
  if (ref !== ".") return ref;
  if (!configured) throw usageError('"." means the current environment: pass --env or set BATON_ENV');
  return configured;
}

/**
 * `baton deploy deploy REF TARGET` redeploys a deployment into an environment (`deploy deploy
 * +1 .` = roll back, its values version included unless `--values-version .`);
 * `baton deploy env SOURCE [TARGET]` deploys SOURCE's current state into TARGET (clone).
 */
export function register(program: Command): void {
  const deploy = program.command("deploy").description("Deploy a delta, redeploy a deployment (roll back) or clone an environment's state");

  const finish = async (ctx: ReturnType<typeof remoteContext>, appId: string, envId: string, created: DeploymentJson, wait?: boolean): Promise<number> => {
    print(created, ctx.format, kindOf("deploys").columns as never);
    if (!wait) return 0;
    const { deployment } = await waitForDeployment(ctx.client, appId, envId, created.id);
    return deployment.status === "succeeded" ? 0 : 1;
  };

  withConnectionOptions(
    deploy
      .command("deploy")
      .description("Deploy an earlier deployment (REF: +N, . or an id) of the current environment into TARGET (default .)")
      .argument("<ref>", "+1 = the deployment before the current one")
      .argument("[target]", "target environment; . = current", ".")
      .option("--values-version <which>", "`.` keeps the current values instead of the deployment's pinned ones")
      .option("-m, --message <comment>", "deployment comment")
      .option("--wait", "wait for the deployment and exit non-zero when it fails"),
  ).action((ref: string, target: string, options: DeployOptions) =>
    runRemote(async () => {
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      const sourceEnv = requireEnv(ctx.settings);
      const targetEnv = envOf(target, ctx.settings.env);
      const source = await resolveDeployment(ctx.client, appId, sourceEnv, ref);
      const created = await ctx.client.request<DeploymentJson>("POST", `${ctx.client.orgPath}/apps/${enc(appId)}/envs/${enc(targetEnv)}/deploys`, {
        from_deploy_id: source.id,
        value_set_version: options.valuesVersion === "." ? "current" : "pinned",
        comment: options.message ?? `Redeploy of ${source.id}`,
      });
      return finish(ctx, appId, targetEnv, created, options.wait);
    }),
  );

  withConnectionOptions(
    deploy
      .command("env")
      .description("Deploy SOURCE environment's current state into TARGET (default .): clone configuration, not resources")
      .argument("<source>", "environment to copy from")
      .argument("[target]", "target environment; . = current", ".")
      .option("-m, --message <comment>", "deployment comment")
      .option("--wait", "wait for the deployment and exit non-zero when it fails"),
  ).action((sourceEnv: string, target: string, options: DeployOptions) =>
    runRemote(async () => {
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      const targetEnv = envOf(target, ctx.settings.env);
      const env = await ctx.client.get<EnvJson>(`${ctx.client.orgPath}/apps/${enc(appId)}/envs/${enc(sourceEnv)}`);
      const source = env.from_deploy ?? env.last_deploy;
      if (!source) throw new CliError(`Environment "${sourceEnv}" has no deployment to copy`);
      const created = await ctx.client.request<DeploymentJson>("POST", `${ctx.client.orgPath}/apps/${enc(appId)}/envs/${enc(targetEnv)}/deploys`, {
        from_deploy_id: source.id,
        value_set_version: "current",
        comment: options.message ?? `Clone of ${sourceEnv} (${source.id})`,
      });
      return finish(ctx, appId, targetEnv, created, options.wait);
    }),
  );

  withConnectionOptions(
    deploy
      .command("delta")
      .description("Deploy a draft delta onto TARGET's current state (default: the delta's environment, else .)")
      .argument("<deltaId>", "delta id")
      .argument("[target]", "target environment; . = current")
      .option("-m, --message <comment>", "deployment comment")
      .option("--wait", "wait for the deployment and exit non-zero when it fails"),
  ).action((deltaId: string, target: string | undefined, options: DeployOptions) =>
    runRemote(async () => {
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      const delta = await ctx.client.get<{ metadata: { env_id?: string | null } }>(`${ctx.client.orgPath}/apps/${enc(appId)}/deltas/${enc(deltaId)}`);
      const targetEnv = target ? envOf(target, ctx.settings.env) : (delta.metadata.env_id ?? envOf(".", ctx.settings.env));
      const created = await ctx.client.request<DeploymentJson>("POST", `${ctx.client.orgPath}/apps/${enc(appId)}/envs/${enc(targetEnv)}/deploys`, {
        delta_id: deltaId,
        comment: options.message ?? `Delta ${deltaId}`,
      });
      return finish(ctx, appId, targetEnv, created, options.wait);
    }),
  );
}
