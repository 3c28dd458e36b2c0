import { parse } from "yaml";
import { DriverError } from "./types";

/**
 * Parses a rendered template as YAML, the way the Go drivers do with yaml.v3: integers stay
 * integers, an empty document is null. Errors name the template.
 */
export function parseRenderedYaml(text: string, templateName: string): unknown {
  try {
    return parse(text, { uniqueKeys: false, version: "1.2" }) ?? null;
  } catch (err) {
    throw new DriverError(`template "${templateName}" did not render valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}
