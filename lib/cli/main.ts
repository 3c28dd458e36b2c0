import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands";

/** Builds the `baton` program. Each command group lives in its own file under ./commands. */
export function buildProgram(): Command {
  const program = new Command("baton")
    .description("Baton — Platform Orchestrator command line")
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code (2 for usage errors). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
      return 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
