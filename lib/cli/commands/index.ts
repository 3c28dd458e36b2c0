import type { Command } from "commander";

/** A command module: registers its command(s) on the program. */
export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  /** Top-level command names the module registers. */
  names: readonly string[];
  /** One line per name, for `baton --help` without loading the module. */
  descriptions: Readonly<Record<string, string>>;
  load(): Promise<CommandModule>;
}

/**
 * Every command group, one entry per module. Names and descriptions are known up front; the
 * implementation (and what it imports: the engine, YAML, …) is loaded only when the command
 * runs, so `baton --help` and `baton get apps` do not pay for the whole CLI.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { names: ["score"], descriptions: { score: "Work with Score workload files (score.dev/v1b1)" }, load: () => import("./score") },
  { names: ["plan"], descriptions: { plan: "Plan a deployment offline: Score files + resource definitions → resource graph and Kubernetes objects" }, load: () => import("./plan") },
  {
    names: ["login", "config"],
    descriptions: { login: "Check an API token against a Baton server and save it in the config file", config: "Show or change the saved CLI configuration and its named contexts" },
    load: () => import("./login"),
  },
  { names: ["get"], descriptions: { get: "List or show objects (apps, envs, defs, values, runtime, artefact-versions, pipeline-runs, …)" }, load: () => import("./get") },
  { names: ["create"], descriptions: { create: "Create an application, environment, shared value, delta, artefact version or pipeline run" }, load: () => import("./create") },
  { names: ["delete"], descriptions: { delete: "Delete an app, env, value or definition, or the documents in -f files" }, load: () => import("./delete") },
  { names: ["apply"], descriptions: { apply: "Create or update everything described in humctl YAML files (apps, envs, env types, accounts, definitions, values, roles)" }, load: () => import("./apply") },
  { names: ["export"], descriptions: { export: "Write the organisation's estate as humctl YAML files that `baton apply` takes back" }, load: () => import("./export") },
  { names: ["logs"], descriptions: { logs: "Print (or follow) a workload container's log" }, load: () => import("./logs") },
  {
    names: ["approve", "deny"],
    descriptions: { approve: "Approve a pipeline run's waiting approval request", deny: "Deny a pipeline run's waiting approval request" },
    load: () => import("./approve"),
  },
  { names: ["update"], descriptions: { update: "Edit a draft delta" }, load: () => import("./update") },
  { names: ["deploy"], descriptions: { deploy: "Deploy a delta, redeploy a deployment (roll back) or clone an environment's state" }, load: () => import("./deploy") },
  { names: ["diff"], descriptions: { diff: "Compare deployment sets: diff sets deploy/+1 deploy/.  |  diff sets env/development env/staging" }, load: () => import("./diff") },
  { names: ["template"], descriptions: { template: "Go templates (text/template + Sprig), as definitions and provisioners use them" }, load: () => import("./template") },
  { names: ["completion"], descriptions: { completion: "Print a shell completion script: baton completion bash|zsh" }, load: () => import("./completion") },
  { names: ["admin"], descriptions: { admin: "Offline administration of a Baton data directory (stop the server first; server checkout only)" }, load: () => import("./admin") },
];

export function entryOf(name: string): CommandEntry | undefined {
  return COMMANDS.find((e) => e.names.includes(name));
}

/** Registers every command for real (completion scripts and tests that walk the whole tree). */
export async function registerAllCommands(program: Command): Promise<void> {
  for (const entry of COMMANDS) (await entry.load()).register(program);
}
