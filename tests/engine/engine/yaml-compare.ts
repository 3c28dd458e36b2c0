/**
 * Helpers comparing the fast block-YAML path with the `yaml` package: values are compared
 * through an order-preserving dump that tells -0 from 0 and NaN from null (key order matters,
 * since objects are serialised in that order).
 */
import { parseBlockYaml } from "@/lib/engine/drivers/block-yaml";
import { parseRenderedYamlGeneral } from "@/lib/engine/drivers/yaml-output";

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

export type Comparison = { handled: false } | { handled: true; fast: string; general: string | { error: string } };

/** What each path makes of `text`; `handled: false` when the fast path declined it. */
export function compareParsers(text: string): Comparison {
  const fast = parseBlockYaml(text);
  if (!fast) return { handled: false };
  let general: string | { error: string };
  try {
    general = exactDump(parseRenderedYamlGeneral(text));
  } catch (err) {
    general = { error: (err as Error).message };
  }
  return { handled: true, fast: exactDump(fast.value), general };
}
