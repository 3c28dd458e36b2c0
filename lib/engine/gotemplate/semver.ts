/**
 * Masterminds/semver v3 as Sprig uses it (semver, semverCompare): its loose version syntax
 * ("v1.2", "1.2.3-beta.1+build"), its constraint language (comparisons, ~, ^, x-ranges,
 * hyphen ranges, "," and "||") and its rule that prereleases satisfy only constraints that
 * name a prerelease — none of which npm's semver shares. The patterns run on Go's regexp.
 */
import { quoteGo } from "./fmt";
import { type GoFunc, goFunc } from "./funcs/types";
import { GoFuncError } from "./errors";
import { GoObject } from "./object";
import { type GoRegexp, allMatches, compileGoRegexp } from "./regexp";
import { type GoValue, Int64, goTypeName } from "./values";

export class SemverError extends Error {}

const MAX_UINT64 = (1n << 64n) - 1n;
const NUM = /^[0-9]*$/;
const ALLOWED = /^[A-Za-z0-9-]*$/;

const VERSION = compileGoRegexp("^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");
const CV = "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
const OPS = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";
const CONSTRAINT = compileGoRegexp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const RANGE = compileGoRegexp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`);
const FIND = compileGoRegexp(`(${OPS})\\s*(${CV})`);
const VALID = compileGoRegexp(`^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`);

function submatch(re: GoRegexp, s: string): string[] | null {
  const [m] = allMatches(re, s, 1);
  return m ? m.groups.map((g) => g ?? "") : null;
}

function parseUint(text: string): bigint {
  const n = BigInt(text);
  if (n > MAX_UINT64) throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing ${quoteGo(text)}: value out of range`);
  return n;
}

export class GoSemver extends GoObject {
  readonly goType = "*semver.Version";
  readonly goKind = "ptr";

  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {
    super();
  }

  /** semver.NewVersion. */
  static parse(v: string): GoSemver {
    const m = submatch(VERSION, v);
    if (!m) throw new SemverError("Invalid Semantic Version");
    const version = new GoSemver(parseUint(m[1]), m[2] ? parseUint(m[2].slice(1)) : 0n, m[3] ? parseUint(m[3].slice(1)) : 0n, m[5], m[8], v);
    if (version.pre !== "") {
      for (const part of version.pre.split(".")) {
        if (NUM.test(part)) {
          if (part.length > 1 && part[0] === "0") throw new SemverError("Version segment starts with 0");
        } else if (!ALLOWED.test(part)) throw new SemverError("Invalid Prerelease string");
      }
    }
    if (version.metadata !== "" && version.metadata.split(".").some((p) => !ALLOWED.test(p))) throw new SemverError("Invalid Metadata string");
    return version;
  }

  toString(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? "-" + this.pre : ""}${this.metadata ? "+" + this.metadata : ""}`;
  }

  goString(): string {
    const hex = (n: bigint) => "0x" + n.toString(16);
    return `&semver.Version{major:${hex(this.major)}, minor:${hex(this.minor)}, patch:${hex(this.patch)}, pre:${quoteGo(this.pre)}, metadata:${quoteGo(this.metadata)}, original:${quoteGo(this.original)}}`;
  }

  marshalJson(): string {
    return JSON.stringify(this.toString());
  }

  compare(o: GoSemver): number {
    for (const [a, b] of [[this.major, o.major], [this.minor, o.minor], [this.patch, o.patch]] as const) if (a !== b) return a < b ? -1 : 1;
    if (this.pre === "" && o.pre === "") return 0;
    if (this.pre === "") return 1;
    if (o.pre === "") return -1;
    return comparePrerelease(this.pre, o.pre);
  }

  member(name: string): GoFunc | undefined {
    const u = (n: bigint) => new Int64(n, "uint64");
    const other = (v: GoValue, method: string): GoSemver => {
      if (v instanceof GoSemver) return v;
      throw new GoFuncError(`wrong type for value; expected *semver.Version; got ${goTypeName(v)} (in ${method})`);
    };
    switch (name) {
      case "Major":
        return goFunc([], () => u(this.major));
      case "Minor":
        return goFunc([], () => u(this.minor));
      case "Patch":
        return goFunc([], () => u(this.patch));
      case "Prerelease":
        return goFunc([], () => this.pre);
      case "Metadata":
        return goFunc([], () => this.metadata);
      case "Original":
        return goFunc([], () => this.original);
      case "String":
        return goFunc([], () => this.toString());
      case "Compare":
        return goFunc(["any"], ([o]) => BigInt(this.compare(other(o, name))));
      case "LessThan":
        return goFunc(["any"], ([o]) => this.compare(other(o, name)) < 0);
      case "GreaterThan":
        return goFunc(["any"], ([o]) => this.compare(other(o, name)) > 0);
      case "Equal":
        return goFunc(["any"], ([o]) => this.compare(other(o, name)) === 0);
    }
    return undefined;
  }

  equals(other: GoObject): boolean {
    return this === other; // pointers
  }
}

function comparePrerelease(v: string, o: string): number {
  const a = v.split(".");
  const b = o.split(".");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = comparePrePart(a[i] ?? "", b[i] ?? "");
    if (d !== 0) return d;
  }
  return 0;
}

const isUint = (s: string): boolean => /^[0-9]+$/.test(s) && BigInt(s) <= MAX_UINT64;

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === "") return -1;
  if (o === "") return 1;
  const sNum = isUint(s);
  const oNum = isUint(o);
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

// ---- constraints ------------------------------------------------------------------------

interface Constraint {
  version: GoSemver;
  op: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string): boolean => s === "x" || s === "X" || s === "*";

function parseConstraint(c: string): Constraint {
  const m = submatch(CONSTRAINT, c);
  if (!m) throw new SemverError(`improper constraint: ${c}`);
  let ver = m[2];
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(m[3]) || m[3] === "") {
    ver = `0.0.0${m[6]}`;
    dirty = true;
  } else if (isX(m[4].replace(/^\./, "")) || m[4] === "") {
    minorDirty = dirty = true;
    ver = `${m[3]}.0.0${m[6]}`;
  } else if (isX(m[5].replace(/^\./, "")) || m[5] === "") {
    patchDirty = dirty = true;
    ver = `${m[3]}${m[4]}.0${m[6]}`;
  }
  let version: GoSemver;
  try {
    version = GoSemver.parse(ver);
  } catch {
    throw new SemverError("constraint Parser Error");
  }
  return { version, op: m[1], dirty, minorDirty, patchDirty };
}

/** semver.NewConstraint. */
export function parseConstraints(text: string): Constraint[][] {
  let c = text;
  for (const m of allMatches(RANGE, text, -1)) {
    const whole = text.slice(m.start, m.end);
    c = c.replace(whole, () => `>= ${m.groups[1]}, <= ${m.groups[11]}`);
  }
  return c.split("||").map((part) => {
    if (allMatches(VALID, part, 1).length === 0) throw new SemverError(`improper constraint: ${part}`);
    const found = allMatches(FIND, part, -1).map((m) => part.slice(m.start, m.end));
    return (found.length ? found : [part]).map(parseConstraint);
  });
}

function tilde(v: GoSemver, c: Constraint): boolean {
  if (v.compare(c.version) < 0) return false;
  const cv = c.version;
  if (cv.major === 0n && cv.minor === 0n && cv.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== cv.major) return false;
  return !(v.minor !== cv.minor && !c.minorDirty);
}

function caret(v: GoSemver, c: Constraint): boolean {
  const cv = c.version;
  if (v.compare(cv) < 0) return false;
  if (cv.major > 0n || c.minorDirty) return v.major === cv.major;
  if (cv.major === 0n && v.major > 0n) return false;
  if (cv.minor > 0n || c.patchDirty) return v.minor === cv.minor;
  if (cv.minor === 0n && v.minor > 0n) return false;
  return cv.patch === v.patch;
}

function notEqual(v: GoSemver, c: Constraint): boolean {
  const cv = c.version;
  if (c.dirty) {
    if (v.pre !== "" && cv.pre === "") return false;
    if (cv.major !== v.major) return true;
    if (cv.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (cv.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) return (v.pre !== "" || cv.pre !== "") && comparePrerelease(v.pre, cv.pre) !== 0;
  }
  return v.compare(cv) !== 0;
}

function check(v: GoSemver, c: Constraint): boolean {
  const cv = c.version;
  if (c.op === "!=") return notEqual(v, c);
  // every other operator: a prerelease satisfies only constraints that name one
  if (v.pre !== "" && cv.pre === "") return false;
  switch (c.op) {
    case "":
    case "=":
      return c.dirty ? tilde(v, c) : v.compare(cv) === 0;
    case ">":
      if (!c.dirty) return v.compare(cv) === 1;
      if (v.major !== cv.major) return v.major > cv.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > cv.minor;
      return v.compare(cv) === 1;
    case "<":
      return v.compare(cv) < 0;
    case ">=":
    case "=>":
      return v.compare(cv) >= 0;
    case "<=":
    case "=<":
      if (!c.dirty) return v.compare(cv) <= 0;
      if (v.major > cv.major) return false;
      return !(v.major === cv.major && v.minor > cv.minor && !c.minorDirty);
    case "~":
    case "~>":
      return tilde(v, c);
    case "^":
      return caret(v, c);
  }
  return false;
}

/** Constraints.Check. */
export function satisfies(constraints: Constraint[][], v: GoSemver): boolean {
  return constraints.some((all) => all.every((c) => check(v, c)));
}
