import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { stringify } from "yaml";
import { KINDS, type KindName } from "@/lib/cli/apply/documents";
import { HANDLERS, documentOf, type Current } from "@/lib/cli/apply/kinds";
import type { ApiClient } from "@/lib/cli/remote/client";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { usageError } from "@/lib/cli/remote/errors";

/** Every object of the kinds asked for, in apply's order (`onlyApp`: what is in that application only). */
export async function readEstate(client: ApiClient, kinds: readonly KindName[] = KINDS, onlyApp?: string): Promise<Current[]> {
  const apps = (await HANDLERS.Application.list(client, [])).filter((a) => onlyApp === undefined || a.ids.app === onlyApp);
  const out: Current[] = [];
  for (const kind of KINDS) {
    if (!kinds.includes(kind)) continue;
    out.push(...(kind === "Application" ? apps : await HANDLERS[kind].list(client, apps)));
  }
  return out;
}

/** Multi-document YAML of humctl documents. */
export function toYaml(items: Current[]): string {
  return items.map((c) => stringify(documentOf(c), { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}

/** Which file an object goes to: one per org-level kind, one per application for what is in it. */
function fileOf(c: Current): string {
  switch (c.kind) {
    case "EnvironmentType":
      return "env-types.yaml";
    case "EnvironmentTypeUserRole":
      return "env-type-roles.yaml";
    case "Account":
      return "accounts.yaml";
    case "Definition":
      return "definitions.yaml";
    default:
      return path.join("apps", `${c.ids.app ?? c.ids.scope}.yaml`);
  }
}

const HEADER = "# Written by `baton export`; `baton apply -f` takes it back. Write-only parts are not here:\n# account credentials (add credentials_file or credentials_env), secret values (kept on apply), definition secrets (kept).\n";

/** `baton export -d DIR`: the organisation's estate as humctl files that `baton apply -f DIR` takes back unchanged. */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("export")
      .description("Write the organisation's estate as humctl YAML files that `baton apply` takes back")
      .requiredOption("-d, --dir <dir>", "directory to write (files in it with the same names are replaced)")
      .option("--kind <kind>", `only these kinds (repeatable): ${KINDS.join(", ")}`, (v: string, p: string[] = []) => [...p, v], []),
    { output: false },
  ).action((options: RemoteOptions & { dir: string; kind: string[] }) =>
    runRemote(async () => {
      for (const k of options.kind) if (!(KINDS as readonly string[]).includes(k)) throw usageError(`--kind ${k}: use one of ${KINDS.join(", ")}`);
      const ctx = remoteContext(options);
      const items = await readEstate(ctx.client, options.kind.length > 0 ? (options.kind as KindName[]) : KINDS);
      const byFile = new Map<string, Current[]>();
      for (const c of items) byFile.set(fileOf(c), [...(byFile.get(fileOf(c)) ?? []), c]);
      for (const [rel, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
        const file = path.join(options.dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, HEADER + toYaml(list));
        process.stdout.write(`${file}: ${list.length} document(s)\n`);
      }
      process.stderr.write(`exported ${items.length} object(s) to ${options.dir}\n`);
    }),
  );
}
