import { createHash, type Hash } from "node:crypto";
import { boundedMemo } from "../memo";

/** Strings at least this long have their JSON form remembered. */
const LONG_STRING = 256;
// JSON-quoting a definition's templates (kilobytes of `\n` and `"`) dominated input hashes;
// the same template strings come back for every resource using the definition
const quoteLongString = boundedMemo(512, (text) => JSON.stringify(text));
// object keys are few and recur in every module, input and definition hashed
const quoteKey = boundedMemo(2048, (key) => JSON.stringify(key));

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. Two values
 * with the same content always serialise to the same bytes, which is what content-addressed
 * ids (sets, GUResIDs, input hashes) need.
 */
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

// input hashes feed every resource's templates (kilobytes) to sha256: their quoted UTF-8 bytes are
// remembered, so a hash neither builds nor re-encodes one long string per resource
const longStringUtf8 = boundedMemo(512, (text) => Buffer.from(quoteLongString(text), "utf8"));

/**
 * Feeds the canonical JSON of `value` to `hash`, the same bytes `canonicalJson` gives (UTF-8 of
 * complete JSON tokens concatenates exactly): short parts go through `pending`, long strings as
 * remembered bytes. Returns what is still pending.
 */
function hashCanonical(value: unknown, hash: Hash, pending: string): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "string" && value.length >= LONG_STRING) {
      if (pending !== "") hash.update(pending);
      hash.update(longStringUtf8(value));
      return "";
    }
    return pending + canonicalJson(value);
  }
  if (Array.isArray(value)) {
    pending += "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) pending += ",";
      const item = value[i];
      // as canonicalJson: undefined is null, a member that does not serialise leaves an empty slot
      if (item === undefined) pending += "null";
      else if (typeof item === "function" || typeof item === "symbol") pending += canonicalJson(item) ?? "";
      else pending = hashCanonical(item, hash, pending);
    }
    return pending + "]";
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  pending += "{";
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    if (!first) pending += ",";
    first = false;
    pending += quoteKey(key) + ":";
    // as canonicalJson's template literal: a member that does not serialise reads "undefined"
    pending = typeof item === "function" || typeof item === "symbol" ? pending + `${canonicalJson(item)}` : hashCanonical(item, hash, pending);
  }
  return pending + "}";
}

/** sha256 (hex) of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  // a value that does not serialise at all (a function) fails as it always did
  if (typeof value === "function" || typeof value === "symbol") return sha256Hex(canonicalJson(value));
  const hash = createHash("sha256");
  const pending = hashCanonical(value, hash, "");
  if (pending !== "") hash.update(pending);
  return hash.digest("hex");
}

/** A deep copy made through JSON, so shared structure never leaks between sets. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
