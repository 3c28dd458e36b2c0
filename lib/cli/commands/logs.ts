import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp, requireEnv } from "@/lib/cli/remote/config";
import { CliError, usageError } from "@/lib/cli/remote/errors";
import { chooseLogTarget, envPath, followLog, runtimeProblem } from "@/lib/cli/remote/runtime";
import type { EnvRuntimeJson } from "@/lib/cli/remote/shapes";

interface LogsOptions extends RemoteOptions {
  container?: string;
  pod?: string;
  tail?: string;
  previous?: boolean;
  follow?: boolean;
  interval?: string;
}

/** `--tail N` and the like: a whole number in range, or an error naming the flag. */
function intFlag(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** Set by tests: ends `--follow` as Ctrl-C would. */
let followSignalForTests: AbortSignal | undefined;
export function setFollowSignalForTests(signal: AbortSignal | undefined): void {
  followSignalForTests = signal;
}

/** Ctrl-C ends following normally (exit 0) instead of killing the process mid-write. */
function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  if (followSignalForTests) return { signal: followSignalForTests, dispose: () => undefined };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  return { signal: controller.signal, dispose: () => process.off("SIGINT", stop) };
}

/** `baton logs WORKLOAD`: a container's log through the API (humctl's `logs`). */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("logs")
      .description("Print a workload container's log (the workload's first ready pod unless --pod)")
      .argument("<workload>", "workload id")
      .option("--container <name>", "container (needed when the pod has several)")
      .option("--pod <name>", "pod of the workload (see `baton get runtime`)")
      .option("--tail <n>", "lines from the end (default 200)")
      .option("--previous", "the previous (crashed) container's log")
      .option("-f, --follow", "keep printing new lines until Ctrl-C")
      .option("--interval <seconds>", "with --follow: seconds between reads (default 2)")
      .addHelpText("after", "\nExample:\n  baton logs web --app shop --env development --tail 50 -f"),
    { output: false },
  ).action((workload: string, options: LogsOptions) =>
    runRemote(async () => {
      const tail = options.tail === undefined ? undefined : intFlag("--tail", options.tail, 1, 5000);
      const intervalMs = options.interval === undefined ? 2000 : intFlag("--interval", options.interval, 1, 3600) * 1000;
      if (options.interval !== undefined && !options.follow) throw usageError("--interval needs --follow");
      const ctx = remoteContext(options);
      const appId = requireApp(ctx.settings);
      const envId = requireEnv(ctx.settings);
      const base = envPath(ctx.client, appId, envId);
      const runtime = await ctx.client.get<EnvRuntimeJson>(`${base}/runtime`);
      const problem = runtimeProblem(runtime, appId, envId);
      if (problem) throw new CliError(`${problem.message}; no logs to read`);
      const target = chooseLogTarget(runtime, workload, options);
      if (target.note) process.stderr.write(`${target.note}\n`);
      const query = new URLSearchParams({ pod: target.pod, ...(target.container ? { container: target.container } : {}), ...(tail ? { tail: String(tail) } : {}), ...(options.previous ? { previous: "true" } : {}) });
      const read = async () => (await ctx.client.get<{ logs: string }>(`${base}/runtime/logs?${query}`)).logs;
      if (!options.follow) {
        const text = await read();
        process.stdout.write(text && !text.endsWith("\n") ? `${text}\n` : text);
        return;
      }
      const { signal, dispose } = interruptSignal();
      try {
        await followLog({ read, out: process.stdout, intervalMs, signal });
      } finally {
        dispose();
      }
    }),
  );
}
