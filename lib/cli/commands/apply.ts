import type { Command } from "commander";
import { formatHumctlIssue, importHumctlFiles } from "@/lib/engine/definitions";
import { readHumctlPath } from "@/lib/engine/definitions/load-files";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { ApiError } from "@/lib/cli/remote/client";
import { remoteContext, runRemote, withConnectionOptions, type RemoteContext, type RemoteOptions } from "@/lib/cli/remote/command";
import { CliError, usageError } from "@/lib/cli/remote/errors";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const enc = encodeURIComponent;

/** Reads and checks every -f file locally first: nothing is sent when any file has an error. */
export function loadDefinitionFiles(paths: string[]): ResourceDefinition[] {
  if (paths.length === 0) throw usageError("give at least one -f FILE|DIR|-");
  const files = paths.flatMap((p) => {
    try {
      return readHumctlPath(p);
    } catch (err) {
      throw usageError(`${p}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
    }
  });
  if (files.length === 0) throw usageError(`${paths.join(", ")}: no .yaml or .yml files found`);
  const result = importHumctlFiles(files);
  for (const w of result.warnings) process.stderr.write(`${formatHumctlIssue(w)}\n`);
  if (result.errors.length > 0) {
    for (const e of result.errors) process.stderr.write(`${formatHumctlIssue(e)}\n`);
    throw new CliError(`${result.errors.length} error(s) in the definition files; nothing was applied`);
  }
  if (result.definitions.length === 0) throw new CliError("the files contain no Definition documents");
  return result.definitions;
}

/** The API body of a definition: the humctl entity; absent criteria mean "none" (apply replaces them). */
function bodyOf(def: ResourceDefinition): Record<string, unknown> {
  const { id: _id, version_id: _v, is_default: _d, is_deleted: _x, criteria, ...entity } = def;
  return { ...entity, criteria: (criteria ?? []).map(({ id: _cid, ...c }) => c) };
}

async function exists(ctx: RemoteContext, id: string): Promise<boolean> {
  try {
    await ctx.client.get(`${ctx.client.orgPath}/resources/defs/${enc(id)}`);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}

/** `baton apply -f FILE|DIR|-`: create or update resource definitions (humctl YAML). */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("apply")
      .description("Create or update resource definitions from humctl YAML (apiVersion entity.humanitec.io/v1b1, kind Definition)")
      .option("-f, --file <path>", "file, directory of *.yaml, or - for stdin (repeatable)", collect, []),
    { output: false },
  ).action((options: RemoteOptions & { file: string[] }) =>
    runRemote(async () => {
      const defs = loadDefinitionFiles(options.file);
      const ctx = remoteContext(options);
      for (const def of defs) {
        const found = await exists(ctx, def.id);
        const body = bodyOf(def);
        if (found) await ctx.client.request("PUT", `${ctx.client.orgPath}/resources/defs/${enc(def.id)}`, body);
        else await ctx.client.request("POST", `${ctx.client.orgPath}/resources/defs`, { id: def.id, ...body });
        process.stdout.write(`definition/${def.id} ${found ? "configured" : "created"}\n`);
      }
    }),
  );
}
