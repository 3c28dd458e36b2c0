import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { formatHumctlIssue, importHumctlFiles } from "@/lib/engine/definitions";
import { readHumctlPath } from "@/lib/engine/definitions/load-files";
import type { ResourceDefinition } from "@/lib/engine/model/definition";
import { KINDS, formatIssue, readDocuments } from "@/lib/cli/apply/documents";
import type { Desired } from "@/lib/cli/apply/kinds";
import { executePlan, parseDesired, parsePruneSelectors, planApply, printPlan, summary } from "@/lib/cli/apply/run";
import { remoteContext, runRemote, withConnectionOptions, type RemoteOptions } from "@/lib/cli/remote/command";
import { CliError, usageError } from "@/lib/cli/remote/errors";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A directory's *.yaml and *.yml files, its subdirectories included (what `baton export` writes), sorted. */
function readTree(dir: string): Array<{ file: string; text: string }> {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
}

function readFiles(paths: string[]): Array<{ file: string; text: string }> {
  if (paths.length === 0) throw usageError("give at least one -f FILE|DIR|-");
  const files = paths.flatMap((p) => {
    try {
      return p !== "-" && fs.statSync(p).isDirectory() ? readTree(p) : readHumctlPath(p);
    } catch (err) {
      throw usageError(`${p}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
    }
  });
  if (files.length === 0) throw usageError(`${paths.join(", ")}: no .yaml or .yml files found`);
  return files;
}

/** Reads and checks every -f file's Definition documents locally (`baton delete -f`). */
export function loadDefinitionFiles(paths: string[]): ResourceDefinition[] {
  const result = importHumctlFiles(readFiles(paths), { skipOtherKinds: true });
  for (const w of result.warnings) process.stderr.write(`${formatHumctlIssue(w)}\n`);
  if (result.errors.length > 0) {
    for (const e of result.errors) process.stderr.write(`${formatHumctlIssue(e)}\n`);
    throw new CliError(`${result.errors.length} error(s) in the definition files; nothing was changed`);
  }
  if (result.definitions.length === 0) throw new CliError("the files contain no Definition documents");
  return result.definitions;
}

/** Every document of every -f file, checked locally: nothing is sent when any has an error. */
export function loadDocuments(paths: string[], env: Record<string, string | undefined> = process.env): Desired[] {
  const read = readDocuments(readFiles(paths));
  const parsed = parseDesired(read.documents, env);
  const errors = [...read.errors, ...parsed.errors];
  for (const w of [...read.warnings, ...parsed.warnings]) process.stderr.write(`${formatIssue(w)}\n`);
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`${formatIssue(e)}\n`);
    throw new CliError(`${errors.length} error(s) in the files; nothing was applied`);
  }
  if (read.documents.length === 0) throw new CliError(`the files contain no documents (kinds: ${KINDS.join(", ")})`);
  return parsed.desired;
}

interface ApplyOptions extends RemoteOptions {
  file: string[];
  dryRun?: boolean;
  prune: string[];
  exitCode?: boolean;
}

/**
 * `baton apply -f FILE|DIR|-`: everything as code. All or nothing per run as far as Baton can
 * tell beforehand: every file is checked and every change planned against the server (reads
 * only) before the first write; then changes go in dependency order, and a failure stops the
 * run with a report of what was applied before it and what was not (the API has no
 * transaction across objects).
 */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("apply")
      .description(`Create or update everything described in humctl YAML files (kinds: ${KINDS.join(", ")})`)
      .option("-f, --file <path>", "file, directory of *.yaml, or - for stdin (repeatable)", collect, [])
      .option("--dry-run", "print the changes against the server; change nothing")
      .option("--prune <KIND[=GLOB]>", "also delete objects of KIND whose name matches GLOB and that no file describes (repeatable; e.g. Definition=team-a-*, Value=shop/*)", collect, [])
      .option("--exit-code", "with --dry-run: exit 3 when there are changes (0 when none)")
      .addHelpText(
        "after",
        `
Documents: apiVersion entity.humanitec.io/v1b1, kind, metadata.id, entity. Names used by --prune and in the output:
  EnvironmentType, Account, Definition, Application  ID
  Environment                                       APP/ENV   (metadata.app_id)
  Value                                             APP/KEY or APP/ENV/KEY (metadata.app_id, env_id)
  ApplicationUserRole, EnvironmentTypeUserRole      APP/EMAIL, TYPE/EMAIL (metadata.app_id, env_type_id)
Write-only parts come from files or the environment and are never printed: Account
entity.credentials_file / credentials_env, secret Value entity.value_file / value_env.
Exit codes: 0 applied (or nothing to do), 1 an error (nothing applied, or the report says what was), 2 usage, 3 --dry-run --exit-code with changes.`,
      ),
  ).action((options: ApplyOptions) =>
    runRemote(async () => {
      const prune = parsePruneSelectors(options.prune);
      if (options.exitCode && !options.dryRun) throw usageError("--exit-code goes with --dry-run");
      const desired = loadDocuments(options.file);
      const ctx = remoteContext(options);
      const { plan, ctx: applyCtx } = await planApply(ctx.client, desired, process.env, prune);
      if (plan.errors.length > 0) {
        for (const e of plan.errors) process.stderr.write(`${formatIssue(e)}\n`);
        throw new CliError(`${plan.errors.length} error(s) against the server's state; nothing was applied`);
      }
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (options.dryRun) {
        printPlan(plan, out);
        process.stderr.write(`dry run: ${summary(plan.changes)}; nothing was changed\n`);
        return options.exitCode && plan.changes.some((c) => c.action !== "unchanged") ? 3 : 0;
      }
      const report = await executePlan(applyCtx, plan, out);
      if (report.failed) {
        process.stderr.write(`error: ${report.failed.message}\n`);
        process.stderr.write(`applied before the failure: ${report.applied.filter((c) => c.action !== "unchanged").length} change(s) (listed above); not applied: ${report.notApplied.length + 1}\n`);
        for (const c of [report.failed.change, ...report.notApplied]) process.stderr.write(`  ${c.action} ${c.kind} ${c.name}\n`);
        return 1;
      }
      process.stderr.write(`applied: ${summary(plan.changes)}\n`);
      return 0;
    }),
  );
}
