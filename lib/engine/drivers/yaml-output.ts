import { parse, type ScalarTag } from "yaml";
import { parseBlockYaml, type BlockYamlSchema } from "@/lib/engine/yaml/block-parser";
import { GO_OCTAL_INT, resolveGoOctal, resolveGoYamlScalar } from "@/lib/engine/yaml/scalars";
import { DriverError } from "./types";

/**
 * Go's yaml.v3 reads a plain `0`-prefixed integer as octal (it uses strconv.ParseInt base 0),
 * e.g. `0644` is 420; the YAML 1.2 core schema alone would read 644.
 */
const goOctalInt: ScalarTag = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: GO_OCTAL_INT,
  resolve: resolveGoOctal,
};

/** The same reading for the block parser. */
export const RENDERED_YAML_SCHEMA: BlockYamlSchema = { resolvePlain: resolveGoYamlScalar, uniqueKeys: false };

/** The general path: the `yaml` package, configured as yaml.v3 reads templates. */
export function parseRenderedYamlGeneral(text: string): unknown {
  return parse(text, { uniqueKeys: false, version: "1.2", customTags: (tags) => [goOctalInt, ...tags] }) ?? null;
}

/**
 * Parses a rendered template as YAML, the way the Go drivers do with yaml.v3: integers stay
 * integers, a `0`-prefixed integer is octal, an empty document is null. Errors name the template.
 * The simple block YAML most templates render takes a fast path with identical results.
 */
export function parseRenderedYaml(text: string, templateName: string): unknown {
  const simple = parseBlockYaml(text, RENDERED_YAML_SCHEMA);
  if (simple) return simple.value;
  try {
    return parseRenderedYamlGeneral(text);
  } catch (err) {
    throw new DriverError(`template "${templateName}" did not render valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}
