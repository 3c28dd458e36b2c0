import { Command, CommanderError } from "commander";
import { version } from "@/package.json";
import { COMMANDS, entryOf, registerAllCommands } from "./commands";

export const VERSION: string = version;

function newProgram(): Command {
  return new Command("baton")
    .description("Baton — Platform Orchestrator command line")
    .version(VERSION, "-v, --version")
    // `baton -v` only before a command: after one, `--version` is the command's (create artefact-version --version TAG).
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride();
}

/** The command the arguments name (`baton help get` names `get`), if any. */
function commandNameOf(argv: string[]): string | undefined {
  const args = argv.slice(2).filter((a) => !a.startsWith("-"));
  return args[0] === "help" ? args[1] : args[0];
}

/**
 * Builds the `baton` program for these arguments: the command they name is loaded and
 * registered for real, every other one only by name and description (enough for help and
 * for commander's "unknown command" suggestions). `all` registers everything for real.
 */
export async function buildProgram(argv: string[] = [], opts: { all?: boolean } = {}): Promise<Command> {
  const program = newProgram();
  const name = commandNameOf(argv);
  if (opts.all || name === "completion") {
    await registerAllCommands(program);
    return program;
  }
  const chosen = name ? entryOf(name) : undefined;
  if (chosen) (await chosen.load()).register(program);
  const registered = new Set(program.commands.map((c) => c.name()));
  for (const entry of COMMANDS) {
    for (const n of entry.names) {
      if (registered.has(n)) continue;
      // A placeholder: shows in `baton --help`; never runs (its name would have loaded the module).
      program.command(n).description(entry.descriptions[n] ?? "");
    }
  }
  return program;
}

/** Runs the CLI and resolves to the process exit code (2 for usage errors). */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      return 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
