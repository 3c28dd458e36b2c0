import type { Command } from "commander";
import { ApiError } from "@/lib/cli/remote/client";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp } from "@/lib/cli/remote/config";
import { usageError } from "@/lib/cli/remote/errors";
import { loadDefinitionFiles } from "./apply";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const enc = encodeURIComponent;

/** `baton delete app|env|value|def ID` or `baton delete -f FILE` (the definitions in it). */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("delete")
      .description("Delete an app, env, value or definition, or the definitions in -f files")
      .argument("[kind]", "app, env, value or def")
      .argument("[id]", "its id (a value's key)")
      .option("-f, --file <path>", "humctl YAML file or directory whose definitions to delete (repeatable)", collect, [])
      .option("--force", "definitions: mark deleted even though active resources use them"),
    { output: false },
  ).action((kind: string | undefined, id: string | undefined, options: RemoteOptions & { file: string[]; force?: boolean }) =>
    runRemote(async () => {
      const ctx = remoteContext(options);
      const org = ctx.client.orgPath;
      const force = options.force ? "?force=true" : "";
      if (options.file.length > 0) {
        if (kind) throw usageError("give either -f or KIND ID, not both");
        let failed = 0;
        for (const def of loadDefinitionFiles(options.file)) {
          try {
            await ctx.client.request("DELETE", `${org}/resources/defs/${enc(def.id)}${force}`);
            process.stdout.write(`definition/${def.id} deleted\n`);
          } catch (err) {
            if (!(err instanceof ApiError) || err.status !== 404) throw err;
            process.stderr.write(`definition/${def.id}: not found\n`);
            failed++;
          }
        }
        return failed > 0 ? 1 : 0;
      }
      if (!kind || !id) throw usageError("usage: baton delete app|env|value|def ID, or baton delete -f FILE");
      switch (kind) {
        case "app":
        case "application":
          await ctx.client.request("DELETE", `${org}/apps/${enc(id)}`);
          break;
        case "env":
        case "environment":
          await ctx.client.request("DELETE", `${org}/apps/${enc(requireApp(ctx.settings))}/envs/${enc(id)}`);
          break;
        case "value": {
          const appId = requireApp(ctx.settings);
          const envId = options.env === "" ? undefined : ctx.settings.env;
          await ctx.client.request("DELETE", `${org}/apps/${enc(appId)}${envId ? `/envs/${enc(envId)}` : ""}/values/${enc(id)}`);
          break;
        }
        case "def":
        case "definition":
          await ctx.client.request("DELETE", `${org}/resources/defs/${enc(id)}${force}`);
          break;
        default:
          throw usageError(`cannot delete "${kind}": use app, env, value or def`);
      }
      process.stdout.write(`${kind}/${id} deleted\n`);
    }),
  );
}
