import { parse, type ScalarTag } from "yaml";
import { DriverError } from "./types";

/**
 * Go's yaml.v3 reads a plain `0`-prefixed integer as octal (it uses strconv.ParseInt base 0),
 * e.g. `0644` is 420; the YAML 1.2 core schema alone would read 644.
 */
const goOctalInt: ScalarTag = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?0[0-7]+$/,
  resolve: (text: string) => {
    const negative = text.startsWith("-");
    const value = parseInt(text.replace(/^[-+]/, ""), 8);
    return negative ? -value : value;
  },
};

/**
 * Parses a rendered template as YAML, the way the Go drivers do with yaml.v3: integers stay
 * integers, a `0`-prefixed integer is octal, an empty document is null. Errors name the template.
 */
export function parseRenderedYaml(text: string, templateName: string): unknown {
  try {
    return parse(text, { uniqueKeys: false, version: "1.2", customTags: (tags) => [goOctalInt, ...tags] }) ?? null;
  } catch (err) {
    throw new DriverError(`template "${templateName}" did not render valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}
