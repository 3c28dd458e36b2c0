/**
 * Helpers comparing the block YAML parser with the `yaml` package: values are compared
 * through an order-preserving dump that tells -0 from 0 and NaN from null (key order matters,
 * since objects are serialised in that order).
 */
import { parseDocument } from "yaml";
import { parseBlockYaml, type BlockYamlSchema } from "@/lib/engine/yaml/block-parser";
import { parseRenderedYamlGeneral, RENDERED_YAML_SCHEMA } from "@/lib/engine/drivers/yaml-output";
import { SCORE_BLOCK_SCHEMA } from "@/lib/engine/score/yaml-source";

export function exactDump(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(exactDump).join(",")}]`;
  if (typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype) return `<${Object.prototype.toString.call(value)}>`;
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}:${exactDump(v)}`).join(",")}}`;
  }
  return `<${typeof value}>`;
}

/** The two `yaml` package configurations the block parser stands in for. */
export const CONFIGURATIONS: Record<"rendered" | "score", { schema: BlockYamlSchema; general: (text: string) => unknown }> = {
  // templates: yaml.v3 octal integers, repeated keys allowed
  rendered: { schema: RENDERED_YAML_SCHEMA, general: parseRenderedYamlGeneral },
  // Score files: core schema, merge keys, unique keys (the options parseScoreYamlGeneral uses)
  score: {
    schema: SCORE_BLOCK_SCHEMA,
    general: (text) => {
      const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false, logLevel: "error" });
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS({ maxAliasCount: 100 }) ?? null;
    },
  },
};

export type Comparison = { handled: false } | { handled: true; fast: string; general: string | { error: string } };

/** What each path makes of `text`; `handled: false` when the block parser declined it. */
export function compareParsers(text: string, configuration: keyof typeof CONFIGURATIONS = "rendered"): Comparison {
  const { schema, general: parseGeneral } = CONFIGURATIONS[configuration];
  const fast = parseBlockYaml(text, schema);
  if (!fast) return { handled: false };
  let general: string | { error: string };
  try {
    general = exactDump(parseGeneral(text));
  } catch (err) {
    general = { error: (err as Error).message };
  }
  return { handled: true, fast: exactDump(fast.value), general };
}
