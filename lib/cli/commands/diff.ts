import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp } from "@/lib/cli/remote/config";
import { resolveSetRef } from "@/lib/cli/remote/deploy-refs";
import { usageError } from "@/lib/cli/remote/errors";
import { print } from "@/lib/cli/remote/output";

const enc = encodeURIComponent;

/**
 * `baton diff sets A B`: the delta that turns A's deployment set into B's (Humanitec's
 * GET /sets/{B}/diff/{A}). A and B: deploy/. deploy/+N deploy/ID env/ENV set/ID.
 */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("diff")
      .description("Compare deployment sets: diff sets deploy/+1 deploy/.  |  diff sets env/development env/staging")
      .argument("<kind>", "sets")
      .argument("<from>", "deploy/REF, env/ENV or set/ID")
      .argument("<to>", "deploy/REF, env/ENV or set/ID"),
  ).action((kind: string, from: string, to: string, options: RemoteOptions) =>
    runRemote(async () => {
      if (kind !== "sets" && kind !== "set") throw usageError(`baton diff compares sets: "baton diff sets FROM TO" (got "${kind}")`);
      const ctx = remoteContext(options, "yaml");
      const appId = requireApp(ctx.settings);
      const a = await resolveSetRef(ctx.client, appId, ctx.settings.env, from);
      const b = await resolveSetRef(ctx.client, appId, ctx.settings.env, to);
      const delta = await ctx.client.get(`${ctx.client.orgPath}/apps/${enc(appId)}/sets/${enc(b.setId)}/diff/${enc(a.setId)}`);
      if (ctx.format === "table") process.stderr.write(`# from ${a.label} (${a.setId}) to ${b.label} (${b.setId})\n`);
      print(delta, ctx.format === "table" ? "yaml" : ctx.format);
    }),
  );
}
