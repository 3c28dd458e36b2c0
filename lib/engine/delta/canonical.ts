import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. Two values
 * with the same content always serialise to the same bytes, which is what content-addressed
 * ids (sets, GUResIDs, input hashes) need.
 */
/** Strings at least this long have their JSON form remembered. */
const LONG_STRING = 256;
/** Bounded: cleared whenever it reaches this many strings. */
const QUOTED_LIMIT = 512;
// JSON-quoting a definition's templates (kilobytes of `\n` and `"`) dominated input hashes;
// the same template strings come back for every resource using the definition
const quotedLongStrings = new Map<string, string>();

function quoteLongString(text: string): string {
  let quoted = quotedLongStrings.get(text);
  if (quoted === undefined) {
    if (quotedLongStrings.size >= QUOTED_LIMIT) quotedLongStrings.clear();
    quotedLongStrings.set(text, (quoted = JSON.stringify(text)));
  }
  return quoted;
}

/** Bounded: cleared whenever it reaches this many keys. */
const QUOTED_KEYS_LIMIT = 2048;
// object keys are few and recur in every module, input and definition hashed
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= QUOTED_KEYS_LIMIT) quotedKeys.clear();
    quotedKeys.set(key, (quoted = JSON.stringify(key)));
  }
  return quoted;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "string" && value.length >= LONG_STRING) return quoteLongString(value);
    if (value === undefined) return "null";
    if (typeof value === "number" && !Number.isFinite(value)) return "null";
    return JSON.stringify(value);
  }
  // Loops and string concatenation rather than map/filter/join: set ids and input hashes
  // serialise every definition's templates on each plan.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const item = value[i];
      // as Array#join would: a member that does not serialise (a function) leaves an empty slot
      out += item === undefined ? "null" : (canonicalJson(item) ?? "");
    }
    return out + "]";
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += `${quoteKey(key)}:${canonicalJson(item)}`;
  }
  return out + "}";
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** sha256 (hex) of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** A deep copy made through JSON, so shared structure never leaks between sets. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
