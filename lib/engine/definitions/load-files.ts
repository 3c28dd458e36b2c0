/**
 * File-system loader for humctl YAML (`apply -f FILE|DIR`). Kept apart from the pure importer:
 * this is the only module of lib/engine/definitions that touches node:fs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const YAML_FILE = /\.ya?ml$/i;

/** Reads a file, or every *.yaml / *.yml directly inside a directory (sorted by name). */
export function readHumctlPath(target: string): Array<{ file: string; text: string }> {
  if (target === "-") return [{ file: "<stdin>", text: readFileSync(0, "utf8") }];
  const stat = statSync(target);
  if (!stat.isDirectory()) return [{ file: target, text: readFileSync(target, "utf8") }];
  return readdirSync(target)
    .filter((name) => YAML_FILE.test(name))
    .sort()
    .map((name) => path.join(target, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, "utf8") }));
}
