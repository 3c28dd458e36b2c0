import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { formatScoreError, loadScore, type ScoreError } from "@/lib/engine/score";

interface ValidateOptions {
  file?: string[];
  image?: string;
  overrideProperty?: string[];
  overridesFile?: string;
  format: "text" | "json";
}

interface FileReport {
  file: string;
  valid: boolean;
  /** Set when the file could not be read at all (then there is no position to show). */
  readError?: string;
  errors: ScoreError[];
  warnings: ScoreError[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function validateFile(file: string, options: ValidateOptions, overridesText?: { text: string; file: string }): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    return { file, valid: false, readError: `cannot read file: ${reason}`, errors: [], warnings: [] };
  }
  const result = loadScore(text, {
    file,
    image: options.image,
    overrides: options.overrideProperty,
    overridesFile: overridesText,
  });
  return { file, valid: result.errors.length === 0, errors: result.errors, warnings: result.warnings };
}

function printText(reports: FileReport[]): void {
  for (const report of reports) {
    if (report.readError) process.stdout.write(`${report.file}: ${report.readError}\n`);
    for (const error of report.errors) {
      process.stdout.write(`${formatScoreError(error, report.file)}\n`);
      if (error.hint) process.stdout.write(`    hint: ${error.hint}\n`);
    }
    for (const warning of report.warnings) {
      process.stderr.write(`warning: ${formatScoreError(warning, report.file)}\n`);
    }
    if (report.valid) process.stdout.write(`${report.file}: valid\n`);
  }
  const invalid = reports.filter((r) => !r.valid).length;
  if (invalid > 0) {
    const errorCount = reports.reduce((n, r) => n + r.errors.length + (r.readError ? 1 : 0), 0);
    process.stdout.write(`${invalid} of ${reports.length} file(s) invalid, ${errorCount} error(s)\n`);
  }
}

async function runValidate(args: string[], options: ValidateOptions): Promise<void> {
  const files = [...(options.file ?? []), ...args];
  if (files.length === 0) {
    process.stderr.write("error: no Score file given; use -f FILE (repeatable) or pass files as arguments\n");
    process.exitCode = 2;
    return;
  }
  const usesSingleFileFlags = options.image !== undefined || (options.overrideProperty?.length ?? 0) > 0 || options.overridesFile !== undefined;
  if (usesSingleFileFlags && files.length !== 1) {
    process.stderr.write("error: --image, --override-property and --overrides-file need exactly one Score file\n");
    process.exitCode = 2;
    return;
  }

  let overridesText: { text: string; file: string } | undefined;
  if (options.overridesFile !== undefined) {
    try {
      overridesText = { text: await readFile(options.overridesFile, "utf8"), file: options.overridesFile };
    } catch (err) {
      process.stderr.write(`error: cannot read overrides file ${options.overridesFile}: ${(err as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
  }

  const reports: FileReport[] = [];
  for (const file of files) reports.push(await validateFile(file, options, overridesText));

  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ valid: reports.every((r) => r.valid), files: reports }, null, 2)}\n`);
  } else {
    printText(reports);
  }
  process.exitCode = reports.every((r) => r.valid) ? 0 : 1;
}

/** `baton score validate -f FILE…`: offline validation, exit 1 when any file is invalid. */
export function registerScoreValidate(group: Command): void {
  group
    .command("validate")
    .description("Validate Score files offline (schema and score-go checks); exits 1 if any is invalid")
    .argument("[files...]", "Score files (same as -f)")
    .option("-f, --file <file>", "Score file to validate (repeatable)", collect)
    .option("-i, --image <image>", "image for containers declared with `image: .`")
    .option("-p, --override-property <path=value>", "override a property before validating (repeatable; empty value deletes)", collect)
    .option("--overrides-file <file>", "YAML file deep-merged into the Score file before validating")
    .option("-o, --format <format>", "output format: text or json", "text")
    .action(async (args: string[], options: ValidateOptions) => {
      if (options.format !== "text" && options.format !== "json") {
        process.stderr.write(`error: unknown format '${options.format}' (use text or json)\n`);
        process.exitCode = 2;
        return;
      }
      await runValidate(args, options);
    });
}
