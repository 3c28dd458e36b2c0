import type { Command } from "commander";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { requireApp } from "@/lib/cli/remote/config";
import { print } from "@/lib/cli/remote/output";
import { findWaitingApproval, runPath } from "@/lib/cli/remote/pipelines";
import { kindOf } from "./get";

const enc = encodeURIComponent;

interface DecideOptions extends RemoteOptions {
  pipeline?: string;
  run?: string;
  job?: string;
}

/** `baton approve|deny`: decides the run's waiting approval request (found when not named). */
export function register(program: Command): void {
  for (const [verb, decision] of [
    ["approve", "approve"],
    ["deny", "deny"],
  ] as const) {
    withConnectionOptions(
      program
        .command(verb)
        .description(`${verb === "approve" ? "Approve" : "Deny"} a pipeline run's waiting approval request (the app's only waiting one unless --run/--job say which)`)
        .option("--pipeline <id>", "pipeline of the run")
        .option("--run <id>", "run waiting for the approval (see `baton get pipeline-runs`)")
        .option("--job <id>", "the job that waits, when the run has several")
        .addHelpText("after", `\nExample:\n  baton ${verb} --app shop --pipeline promote-with-approval --run RUN_ID`),
    ).action((options: DecideOptions) =>
      runRemote(async () => {
        const ctx = remoteContext(options);
        const appId = requireApp(ctx.settings);
        const a = await findWaitingApproval(ctx.client, appId, options);
        const decided = await ctx.client.request("POST", `${runPath(ctx.client, appId, a.pipeline_id, a.run_id)}/jobs/${enc(a.job_id)}/approvals/${enc(a.id)}/${decision}`);
        print(decided as never, ctx.format, kindOf("pipeline-approvals").columns as never);
      }),
    );
  }
}
