import type { Command } from "commander";
import { registerScoreDeploy } from "./score-deploy";
import { registerScoreValidate } from "./score-validate";

/**
 * `baton score …`: the Score command group. Each subcommand lives in its own module and is
 * listed here; add `score deploy` by appending its register function.
 */
const scoreSubcommands: ReadonlyArray<(group: Command) => void> = [registerScoreValidate, registerScoreDeploy];

export function register(program: Command): void {
  const group = program.command("score").description("Work with Score workload files (score.dev/v1b1)");
  for (const registerSubcommand of scoreSubcommands) registerSubcommand(group);
}
