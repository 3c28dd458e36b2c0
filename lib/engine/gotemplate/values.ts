import { GoObject } from "./object";

/**
 * The value model the executor works on. Go's dynamic types are kept because real output
 * depends on them (int vs float64 printing, typed function parameters, comparison errors):
 *
 *   undefined   an invalid reflect.Value: a missing map key, "<no value>" when printed
 *   null        a nil interface{} (JSON/YAML null, or `nil` passed to a function)
 *   string      Go string (UTF-16 here; byte-counting functions convert to UTF-8)
 *   boolean     bool
 *   bigint      int (Go's int is 64-bit; literals, yaml.v3 integers, len, atoi ...)
 *   number      float64 (encoding/json numbers, float literals, Sprig's *f functions)
 *   Int64       int64 (Sprig arithmetic results; distinct from int for typed parameters)
 *   array       slice, []interface{} unless tagged with another Go type (see GO_TYPE)
 *   object      map[string]interface{} unless tagged (plain or null-prototype objects)
 *   GoObject    time.Time, *semver.Version, certificate (object.ts)
 */
export type GoValue = undefined | null | string | boolean | bigint | number | Int64 | GoObject | GoSlice | GoMap;
export type GoSlice = GoValue[];
export interface GoMap {
  [key: string]: GoValue;
}

/**
 * Go's int64 (Sprig arithmetic results), uint8 (`index` on a string) or uint64 (semver parts): integers whose Go
 * type is not plain int.
 */
export class Int64 {
  constructor(
    readonly value: bigint,
    readonly type: "int64" | "uint8" | "uint64" = "int64",
  ) {}
  toString(): string {
    return this.value.toString();
  }
}

/** Symbol tagging a slice or map with its Go type when it is not the interface{} default. */
export const GO_TYPE: unique symbol = Symbol("goType");
/** Symbol marking a nil slice or nil map (prints like an empty one, JSON-encodes as null). */
export const GO_NIL: unique symbol = Symbol("goNil");

interface Tagged {
  [GO_TYPE]?: string;
  [GO_NIL]?: boolean;
}

export function isMap(v: GoValue): v is GoMap {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Int64) && !(v instanceof GoObject);
}

export function isSlice(v: GoValue): v is GoSlice {
  return Array.isArray(v);
}

/** True when the value is an int or int64 (Go's intKind). */
export function isInt(v: GoValue): v is bigint | Int64 {
  return typeof v === "bigint" || v instanceof Int64;
}

export function intOf(v: bigint | Int64): bigint {
  return typeof v === "bigint" ? v : v.value;
}

export function newMap(): GoMap {
  return Object.create(null) as GoMap;
}

/** Sets a key without ever touching Object.prototype (keys like "__proto__" are data). */
export function mapSet(m: GoMap, key: string, value: GoValue): void {
  if (key === "__proto__" && Object.getPrototypeOf(m) !== null) {
    Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    m[key] = value;
  }
}

export function mapHas(m: GoMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

export function mapGet(m: GoMap, key: string): GoValue {
  return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
}

/** Keys in Go's sorted order (byte-wise for strings, which equals UTF-16 order except for surrogates). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

/** Go compares strings byte-wise (UTF-8); this matches for all strings without astral/BMP-high mixes. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      // Surrogates (astral characters) sort above U+E000–U+FFFF in UTF-8 but below in UTF-16.
      const sa = ca >= 0xd800 && ca <= 0xdfff;
      const sb = cb >= 0xd800 && cb <= 0xdfff;
      if (sa !== sb && Math.max(ca, cb) >= 0xe000) return sa ? 1 : -1;
      return ca < cb ? -1 : 1;
    }
  }
  return a.length - b.length;
}

export function tagType<T extends GoSlice | GoMap>(v: T, goType: string): T {
  (v as Tagged)[GO_TYPE] = goType;
  return v;
}

export function nilSlice(goType = "[]interface {}"): GoSlice {
  const s: GoSlice = [];
  (s as Tagged)[GO_NIL] = true;
  if (goType !== "[]interface {}") (s as Tagged)[GO_TYPE] = goType;
  return s;
}

export function nilMap(): GoMap {
  const m = newMap();
  (m as Tagged)[GO_NIL] = true;
  return m;
}

export function isGoNil(v: GoSlice | GoMap): boolean {
  return (v as Tagged)[GO_NIL] === true;
}

export function stringSlice(items: string[]): GoSlice {
  return tagType(items as GoSlice, "[]string");
}

/** Go's name for the dynamic type of a value, as `%T` and error messages print it. */
export function goTypeName(v: GoValue): string {
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float64";
    case "undefined":
      return "<nil>";
  }
  if (v === null) return "<nil>";
  if (v instanceof Int64) return v.type;
  if (v instanceof GoObject) return v.goType;
  const tagged = (v as Tagged)[GO_TYPE];
  if (tagged) return tagged;
  return Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}

/** Whether elements of this container are interface{} values (affects Go's error texts). */
export function elementsAreInterfaces(v: GoSlice | GoMap): boolean {
  const t = (v as Tagged)[GO_TYPE];
  return t === undefined || t.endsWith("interface {}");
}

/** reflect.Kind names, as Sprig's kindOf prints them. */
export function goKindName(v: GoValue): string {
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float64";
    case "undefined":
      return "invalid";
  }
  if (v === null) return "invalid";
  if (v instanceof Int64) return v.type;
  if (v instanceof GoObject) return v.goKind;
  return Array.isArray(v) ? "slice" : "map";
}

/** Go's truth: false, 0, nil, "" and empty containers are false. */
export function isTrue(v: GoValue): boolean {
  switch (typeof v) {
    case "string":
      return v.length > 0;
    case "boolean":
      return v;
    case "bigint":
      return v !== 0n;
    case "number":
      return v !== 0;
    case "undefined":
      return false;
  }
  if (v === null) return false;
  if (v instanceof Int64) return v.value !== 0n;
  if (v instanceof GoObject) return true; // a struct, or a non-nil pointer
  if (Array.isArray(v)) return v.length > 0;
  for (const _ in v) return true;
  return false;
}

/** Go's reflect.DeepEqual on this value model (types must match exactly). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (a === null || b === null) return false;
  if (typeof a !== typeof b) return false;
  if (typeof a === "number") return a === b; // NaN != NaN, as in Go
  if (typeof a !== "object") return a === b;
  if (a instanceof Int64 || b instanceof Int64) {
    return a instanceof Int64 && b instanceof Int64 && a.type === b.type && a.value === b.value;
  }
  if (goTypeName(a) !== goTypeName(b as GoValue)) return false;
  if (a instanceof GoObject) return a.equals(b as GoObject);
  if (Array.isArray(a)) {
    const bs = b as GoSlice;
    if (isGoNil(a) !== isGoNil(bs) || a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bs[i])) return false;
    return true;
  }
  const bm = b as GoMap;
  if (isGoNil(a) !== isGoNil(bm)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(bm).length) return false;
  for (const k of ka) {
    if (!mapHas(bm, k) || !deepEqual(a[k], bm[k])) return false;
  }
  return true;
}
