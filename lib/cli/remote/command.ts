import type { Command } from "commander";
import { ApiClient } from "./client";
import { resolveSettings, type ConnectionFlags, type Settings } from "./config";
import { CliError } from "./errors";
import { outputFormatOf, type OutputFormat } from "./output";

export interface RemoteOptions extends ConnectionFlags {
  output?: string;
}

/** Adds the connection flags every remote command takes (humctl's --org/--app/--env/--token). */
export function withConnectionOptions(cmd: Command, opts: { output?: boolean } = { output: true }): Command {
  cmd
    .option("--url <url>", "Baton server address (or BATON_URL, HUMANITEC_API_PREFIX)")
    .option("--token <token>", "API token (or BATON_TOKEN, HUMANITEC_TOKEN)")
    .option("--org <org>", "organisation id (or BATON_ORG, HUMANITEC_ORG)")
    .option("--app <app>", "application id (or BATON_APP, HUMANITEC_APP)")
    .option("--env <env>", "environment id (or BATON_ENV, HUMANITEC_ENV)")
    .option("--context <name>", "config file context to read (or BATON_CONTEXT; default: the current context)");
  if (opts.output !== false) cmd.option("-o, --output <format>", "output: table, json or yaml");
  return cmd;
}

export interface RemoteContext {
  client: ApiClient;
  settings: Settings;
  format: OutputFormat;
}

export function remoteContext(options: RemoteOptions, defaultFormat: OutputFormat = "table"): RemoteContext {
  const settings = resolveSettings(options);
  return { client: new ApiClient(settings), settings, format: outputFormatOf(options.output, defaultFormat) };
}

/**
 * Runs a command body: a CliError prints `error: …` and sets the exit code (1, or 2 for
 * usage); the process is never exited mid-way.
 */
export async function runRemote(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    if (typeof code === "number" && code !== 0) process.exitCode = code;
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
