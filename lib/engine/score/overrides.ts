import { parse as parseYaml } from "yaml";
import type { JsonObject } from "./types";

/**
 * Property overrides and overrides files, with score-go `framework` semantics (used by
 * score-compose, score-k8s and, in the same form, humctl):
 * - `path.to.key=VALUE`: VALUE is parsed as YAML; an empty VALUE (or `null`) deletes the key.
 * - paths are dot-separated, `\.` is a literal dot inside a key, `\\` a literal backslash;
 *   a numeric segment indexes an array and `-1` appends.
 * - an overrides file is deep-merged: maps merge, other values replace, `null` deletes.
 * All functions return new values and never mutate their input.
 */

export class OverrideError extends Error {}

/** Splits an override path like score-go's ParseDotPathParts. */
export function parseDotPath(input: string): string[] {
  const escapedBackslash = "\u0001";
  const escapedDot = "\u0000";
  return input
    .split("\\\\")
    .join(escapedBackslash)
    .split("\\.")
    .join(escapedDot)
    .split(".")
    .map((part) => part.split(escapedDot).join(".").split(escapedBackslash).join("\\"));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets (or, with `remove` / a null value, deletes) the value at `path`, creating maps on the way. */
export function overridePathInMap(input: JsonObject, path: string[], remove: boolean, value: unknown): JsonObject {
  if (path.length === 0) throw new OverrideError("cannot change root node");
  const output: JsonObject = { ...input };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (remove || value === null || value === undefined) delete output[head];
    else output[head] = value;
    return output;
  }
  if (!Object.prototype.hasOwnProperty.call(output, head)) {
    output[head] = overridePathInMap({}, rest, remove, value);
    return output;
  }
  output[head] = overrideIn(output[head], head, rest, remove, value);
  return output;
}

function overrideIn(current: unknown, segment: string, rest: string[], remove: boolean, value: unknown): unknown {
  try {
    if (isObject(current)) return overridePathInMap(current, rest, remove, value);
    if (Array.isArray(current)) return overridePathInArray(current, rest, remove, value);
  } catch (err) {
    if (err instanceof OverrideError) throw new OverrideError(`${segment}: ${err.message}`);
    throw err;
  }
  throw new OverrideError(`${segment}: cannot set path in non-map/non-array`);
}

function overridePathInArray(input: unknown[], path: string[], remove: boolean, value: unknown): unknown[] {
  if (path.length === 0) throw new OverrideError("cannot change root node");
  const [head, ...rest] = path;
  if (!/^[+-]?\d+$/.test(head)) throw new OverrideError(`failed to parse '${head}' as array index`);
  const index = Number(head);
  const output = [...input];
  if (rest.length === 0) {
    if (remove || value === null || value === undefined) {
      if (index < 0 || index >= input.length) throw new OverrideError(`cannot remove '${index}' in array: out of range`);
      output.splice(index, 1);
      return output;
    }
    if (index === -1) {
      output.push(value);
      return output;
    }
    if (index < 0 || index >= input.length) throw new OverrideError(`cannot set '${index}' in array: out of range`);
    output[index] = value;
    return output;
  }
  if (index < 0 || index >= input.length) throw new OverrideError(`${head}: cannot set path in array: out of range`);
  output[index] = overrideIn(output[index], head, rest, remove, value);
  return output;
}

/** Deep-merges `overrides` into `input`: maps merge recursively, other values replace, null deletes. */
export function overrideMapInMap(input: JsonObject, overrides: JsonObject): JsonObject {
  const output: JsonObject = { ...input };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null || value === undefined) {
      delete output[key];
      continue;
    }
    const existing = output[key];
    output[key] = isObject(existing) && isObject(value) ? overrideMapInMap(existing, value) : value;
  }
  return output;
}

/**
 * Applies one `path=value` property override (`containers.main.variables.X=Y`; `path=` deletes).
 * Throws OverrideError with a message naming the override when it cannot be applied.
 */
export function applyPropertyOverride(spec: JsonObject, entry: string): JsonObject {
  const eq = entry.indexOf("=");
  if (eq < 0) throw new OverrideError(`override '${entry}' is invalid, expected a =-separated path and value`);
  const rawPath = entry.slice(0, eq);
  const rawValue = entry.slice(eq + 1);
  const path = parseDotPath(rawPath);
  try {
    if (rawValue === "") return overridePathInMap(spec, path, true, null);
    let value: unknown;
    try {
      value = parseYaml(rawValue);
    } catch (err) {
      throw new OverrideError(`failed to parse the value as YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
    return overridePathInMap(spec, path, false, value);
  } catch (err) {
    if (err instanceof OverrideError) throw new OverrideError(`override '${entry}' could not be applied: ${err.message}`);
    throw err;
  }
}

/** Parses an overrides file (YAML mapping) and deep-merges it into `spec`. */
export function applyOverridesFile(spec: JsonObject, text: string, file = "overrides file"): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { merge: true, maxAliasCount: 100 });
  } catch (err) {
    throw new OverrideError(`${file} is invalid: failed to decode YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  if (parsed === null || parsed === undefined) return spec;
  if (!isObject(parsed)) throw new OverrideError(`${file} is invalid: expected a YAML mapping at the top level`);
  return overrideMapInMap(spec, parsed);
}
