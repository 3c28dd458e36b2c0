/** Go's encoding/json for the GoValue model: Marshal, MarshalIndent, Encoder without HTML escaping. */
import { GoObject } from "./object";
import { formatJsonFloat } from "./floatfmt";
import { type GoMap, type GoValue, Int64, compareGoStrings, isGoNil } from "./values";

export class JsonUnsupportedValueError extends Error {}

const HEX = "0123456789abcdef";

/** encodeState.string: quotes s with Go's escapes (\u00XX lower-case, \u2028/\u2029, optional HTML). */
export function jsonQuote(s: string, escapeHtml: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c < 0x2028) {
      if (!(escapeHtml && (c === 0x3c || c === 0x3e || c === 0x26)) && !(c >= 0xd800 && c <= 0xdfff)) continue;
    } else if (c > 0x2029) {
      if (!(c >= 0xd800 && c <= 0xdfff)) continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += s.slice(start, i);
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x2028:
        out += "\\u2028";
        break;
      case 0x2029:
        out += "\\u2029";
        break;
      default:
        if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
        else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) out += "\\u00" + HEX[c >> 4] + HEX[c & 15];
        else out += s[i];
    }
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

function encode(v: GoValue, escapeHtml: boolean, indent: string | null, prefix: string): string {
  switch (typeof v) {
    case "string":
      return jsonQuote(v, escapeHtml);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "number":
      if (!Number.isFinite(v)) throw new JsonUnsupportedValueError(`json: unsupported value: ${v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN"}`);
      return formatJsonFloat(v);
    case "undefined":
      return "null";
  }
  if (v === null) return "null";
  if (v instanceof Int64) return v.value.toString();
  if (v instanceof GoObject) {
    try {
      return v.marshalJson();
    } catch (err) {
      throw new JsonUnsupportedValueError((err as Error).message);
    }
  }
  if (Array.isArray(v)) {
    if (isGoNil(v)) return "null";
    if (v.length === 0) return "[]";
    if (indent === null) return "[" + v.map((e) => encode(e, escapeHtml, null, "")).join(",") + "]";
    const inner = prefix + indent;
    return "[\n" + v.map((e) => inner + encode(e, escapeHtml, indent, inner)).join(",\n") + "\n" + prefix + "]";
  }
  const m = v as GoMap;
  if (isGoNil(m)) return "null";
  const keys = Object.keys(m).sort(compareGoStrings);
  if (keys.length === 0) return "{}";
  if (indent === null) {
    return "{" + keys.map((k) => jsonQuote(k, escapeHtml) + ":" + encode(m[k], escapeHtml, null, "")).join(",") + "}";
  }
  const inner = prefix + indent;
  return (
    "{\n" +
    keys.map((k) => inner + jsonQuote(k, escapeHtml) + ": " + encode(m[k], escapeHtml, indent, inner)).join(",\n") +
    "\n" +
    prefix +
    "}"
  );
}

/** json.Marshal (escapeHtml true), or an Encoder with SetEscapeHTML(false) without the newline. */
export function marshalJson(v: GoValue, escapeHtml = true): string {
  return encode(v, escapeHtml, null, "");
}

/** json.MarshalIndent(v, "", indent). */
export function marshalJsonIndent(v: GoValue, indent: string): string {
  return encode(v, true, indent, "");
}
