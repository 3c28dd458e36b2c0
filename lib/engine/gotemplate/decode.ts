/**
 * Decoders producing the executor's value model the way Go would decode the same text:
 * `fromGoJson` like encoding/json into interface{} (every number is a float64), and
 * `fromGoYaml` like gopkg.in/yaml.v3 into interface{} (whole numbers are ints).
 * `toGoValue` adapts plain JavaScript data built in code.
 */
import { isMap as isYamlMap, isScalar, isSeq, isAlias, parseDocument, type Node as YamlNode, Scalar, type Document } from "yaml";
import { decodeUtf8Lenient } from "./utf8";
import * as values from "./values";
import type { GoMap, GoValue } from "./values";

// Local bindings: module-export getters (as tsx/CJS emit them) are slow in the hot loops.
const { Int64, mapSet, newMap, tagType } = values;

export class GoDataError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "GoDataError";
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function fixSurrogates(s: string): string {
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, "\ufffd") : s;
}

function fromJsonValue(v: unknown): GoValue {
  if (v === null) return null;
  switch (typeof v) {
    case "string":
      return fixSurrogates(v);
    case "number":
    case "boolean":
      return v;
  }
  if (Array.isArray(v)) return v.map(fromJsonValue);
  const m = newMap();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) mapSet(m, fixSurrogates(k), fromJsonValue(x));
  return m;
}

/** Decodes JSON text as Go's encoding/json does into interface{}: numbers become float64. */
export function fromGoJson(text: string): GoValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new GoDataError(`invalid JSON: ${(err as Error).message}`);
  }
  return fromJsonValue(parsed);
}

/**
 * Converts plain JavaScript data built in code. `integers: "int"` (default) treats whole
 * numbers as Go ints, like data that went through yaml.v3; "float64" treats every number as
 * float64, like data that went through encoding/json.
 */
export function toGoValue(v: unknown, options: { integers?: "int" | "float64" } = {}): GoValue {
  return (options.integers ?? "int") === "int" ? convertIntegersAsInt(v) : convertIntegersAsFloat(v);
}

// Module-level converters: a closure per call cost a function allocation (and tsx's keepNames
// renaming) on every template value.
function convertIntegersAsInt(x: unknown): GoValue {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case "string":
    case "boolean":
    case "bigint":
      return x;
    case "number":
      return Number.isSafeInteger(x) ? BigInt(x) : x;
  }
  if (x instanceof Int64) return x;
  if (Array.isArray(x)) return x.map(convertIntegersAsInt);
  if (x instanceof Date) return x.toISOString();
  const m = newMap();
  const object = x as Record<string, unknown>;
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) mapSet(m, keys[i], convertIntegersAsInt(object[keys[i]]));
  return m;
}

function convertIntegersAsFloat(x: unknown): GoValue {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case "string":
    case "boolean":
    case "bigint":
    case "number":
      return x;
  }
  if (x instanceof Int64) return x;
  if (Array.isArray(x)) return x.map(convertIntegersAsFloat);
  if (x instanceof Date) return x.toISOString();
  const m = newMap();
  const object = x as Record<string, unknown>;
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) mapSet(m, keys[i], convertIntegersAsFloat(object[keys[i]]));
  return m;
}

function decodeBase64Utf8(b64: string): string {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decodeUtf8Lenient(bytes);
}

// ---- yaml.v3 scalar resolution -------------------------------------------------------------

const RESOLVE_MAP: Record<string, GoValue> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
  "": null,
  "~": null,
  null: null,
  Null: null,
  NULL: null,
  ".nan": NaN,
  ".NaN": NaN,
  ".NAN": NaN,
  ".inf": Infinity,
  ".Inf": Infinity,
  ".INF": Infinity,
  "+.inf": Infinity,
  "+.Inf": Infinity,
  "+.INF": Infinity,
  "-.inf": -Infinity,
  "-.Inf": -Infinity,
  "-.INF": -Infinity,
};

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT_BASE0 = /^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/;

/** strconv.ParseInt(s, 0, 64); undefined on syntax or range error. */
export function parseGoIntBase0(s: string): bigint | undefined {
  if (!GO_INT_BASE0.test(s)) return undefined;
  let sign = 1n;
  let body = s;
  if (body[0] === "+" || body[0] === "-") {
    if (body[0] === "-") sign = -1n;
    body = body.slice(1);
  }
  let n: bigint;
  if (/^0[xXbBoO]/.test(body)) n = BigInt("0" + body[1].toLowerCase() + body.slice(2));
  else if (body.length > 1 && body[0] === "0") n = BigInt("0o" + body.slice(1));
  else n = BigInt(body);
  n *= sign;
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** strconv.ParseFloat(s, 64) for decimal and special forms; undefined on error. */
export function parseGoFloat(s: string): number | undefined {
  if (DECIMAL_FLOAT.test(s)) return Number(s);
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, "");
  if (unsigned === "inf" || unsigned === "infinity") return lower[0] === "-" ? -Infinity : Infinity;
  if (unsigned === "nan") return NaN;
  return undefined;
}

function resolvePlain(text: string): GoValue {
  if (Object.prototype.hasOwnProperty.call(RESOLVE_MAP, text)) return RESOLVE_MAP[text];
  const c = text[0];
  if (c === ".") {
    const f = parseGoFloat(text);
    return f === undefined ? text : f;
  }
  if ((c >= "0" && c <= "9") || c === "+" || c === "-") {
    const plain = text.replace(/_/g, "");
    const i = parseGoIntBase0(plain);
    if (i !== undefined) return i;
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return f;
    }
  }
  return text;
}

function resolveTagged(tag: string, text: string, node: YamlNode): GoValue {
  switch (tag) {
    case "tag:yaml.org,2002:str":
      return text;
    case "tag:yaml.org,2002:binary":
      return decodeBase64Utf8(text.replace(/\s+/g, ""));
    case "tag:yaml.org,2002:null":
      return null;
  }
  const v = resolvePlain(text);
  const ok =
    (tag === "tag:yaml.org,2002:int" && typeof v === "bigint") ||
    (tag === "tag:yaml.org,2002:float" && (typeof v === "number" || typeof v === "bigint")) ||
    (tag === "tag:yaml.org,2002:bool" && typeof v === "boolean");
  if (!ok) {
    const short = tag.replace("tag:yaml.org,2002:", "!!");
    throw new GoDataError(`yaml: cannot decode \`${text}\` as a ${short}`, ...position(node));
  }
  return tag === "tag:yaml.org,2002:float" && typeof v === "bigint" ? Number(v) : v;
}

let currentLineStarts: number[] = [];

function position(node: YamlNode | null | undefined): [number?, number?] {
  const offset = node?.range?.[0];
  if (offset === undefined) return [];
  let lo = 0;
  let hi = currentLineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (currentLineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo + 1, offset - currentLineStarts[lo] + 1];
}

function convertYaml(node: unknown, doc: Document, depth: number): GoValue {
  if (depth > 10_000) throw new GoDataError("yaml: exceeded max depth");
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convertYaml(node.resolve(doc), doc, depth + 1);
  if (isScalar(node)) {
    const text = node.value === null || node.value === undefined ? "" : String(node.value);
    const quoted = node.type !== Scalar.PLAIN && node.type !== undefined;
    if (node.tag && node.tag !== "!") return resolveTagged(node.tag, text, node as YamlNode);
    if (quoted || node.tag === "!") return text;
    return resolvePlain(text);
  }
  if (isSeq(node)) return node.items.map((item) => convertYaml(item, doc, depth + 1));
  if (isYamlMap(node)) {
    const m = newMap();
    const merges: GoValue[] = [];
    let stringKeys = true;
    for (const pair of node.items) {
      const keyNode = pair.key;
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && !keyNode.tag && String(keyNode.value) === "<<") {
        merges.push(convertYaml(pair.value, doc, depth + 1));
        continue;
      }
      const key = convertYaml(keyNode, doc, depth + 1);
      if (typeof key !== "string") stringKeys = false;
      const keyText = typeof key === "string" ? key : String(key);
      mapSet(m, keyText, convertYaml(pair.value, doc, depth + 1));
    }
    for (const merged of merges.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (merged && typeof merged === "object" && !Array.isArray(merged) && !(merged instanceof Int64)) {
        for (const [k, v] of Object.entries(merged as GoMap)) if (!(k in m)) mapSet(m, k, v);
      }
    }
    return stringKeys ? m : tagType(m, "map[interface {}]interface {}");
  }
  throw new GoDataError("yaml: unsupported node");
}

/** Decodes YAML text as gopkg.in/yaml.v3 does into interface{} (first document only). */
export function fromGoYaml(text: string): GoValue {
  const doc = parseDocument(text, { schema: "failsafe", uniqueKeys: true, keepSourceTokens: false });
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  currentLineStarts = lineStarts;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new GoDataError(`yaml: ${e.message.split("\n")[0]}`, e.linePos?.[0].line, e.linePos?.[0].col);
  }
  return convertYaml(doc.contents, doc, 0);
}
