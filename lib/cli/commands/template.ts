import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { GoDataError, GoTemplateError, type GoValue, fromGoJson, fromGoYaml, parseTemplate } from "@/lib/engine/gotemplate";

/**
 * `baton template render -t FILE|- [--data FILE.json|.yaml]`: renders a Go template with
 * Go's builtins and Sprig, exactly as a humanitec/template definition or a score provisioner
 * would. `.json` data is decoded like Go's encoding/json (numbers are float64), `.yaml`/`.yml`
 * like yaml.v3 (whole numbers are ints). Prints the output unchanged and exits 0, or prints
 * Go's error (with its position) and exits 1. Usage errors exit 2.
 */

interface RenderOptions {
  template: string;
  data?: string;
}

class UsageError extends Error {}

function readInput(file: string): string {
  return file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
}

/** Loads the data file according to its extension. */
export function loadTemplateData(file: string): GoValue {
  const ext = path.extname(file).toLowerCase();
  if (ext !== ".json" && ext !== ".yaml" && ext !== ".yml") {
    throw new UsageError(`--data ${file}: the file must end in .json, .yaml or .yml (it decides how numbers are decoded)`);
  }
  const text = readFileSync(file, "utf8");
  try {
    return ext === ".json" ? fromGoJson(text) : fromGoYaml(text);
  } catch (err) {
    if (err instanceof GoDataError) {
      const at = err.line ? `:${err.line}${err.column ? `:${err.column}` : ""}` : "";
      throw new GoDataError(`${file}${at}: ${err.message}`);
    }
    throw err;
  }
}

export function runTemplateRender(opts: RenderOptions): number {
  let text: string;
  let data: GoValue = null;
  try {
    if (opts.template === "-" && opts.data === "-") throw new UsageError("the template and the data cannot both come from stdin");
    text = readInput(opts.template);
    if (opts.data) data = loadTemplateData(opts.data);
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
  const name = opts.template === "-" ? "stdin" : path.basename(opts.template);
  try {
    const output = parseTemplate(name, text).execute(data);
    process.stdout.write(output);
    return 0;
  } catch (err) {
    if (err instanceof GoTemplateError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

export function register(program: Command): void {
  const template = program.command("template").description("Go templates (text/template + Sprig), as definitions and provisioners use them");
  template
    .command("render")
    .description("render a template with Go's builtins and Sprig; prints the output exactly, or Go's error")
    .requiredOption("-t, --template <file>", "template file, or - for stdin")
    .option("-d, --data <file>", "data file: .json (decoded like encoding/json) or .yaml/.yml (decoded like yaml.v3)")
    .action((opts: RenderOptions) => {
      process.exitCode = runTemplateRender(opts);
    });
}
