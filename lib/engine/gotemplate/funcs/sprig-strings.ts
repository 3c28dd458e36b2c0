/** Sprig's string functions (strings.go and the Go standard functions Sprig maps). */
import type { ExecutionMeter } from "../budget";
import { GoFuncError } from "../errors";
import { quoteGo, sprint } from "../fmt";
import { fromByteString, isAscii, sliceBytes, toByteString, utf8Bytes, utf8Length } from "../utf8";
import { type GoMap, type GoValue, mapSet, newMap, stringSlice, tagType } from "../values";
import { strval } from "./convert";
import { type FuncMap, goFunc } from "./types";

const S = "string";

function runtimeSliceError(expr: string): never {
  throw new GoFuncError(`runtime error: slice bounds out of range ${expr}`);
}

/** Sprig's substr: byte offsets, with Go's slice panics when out of range. */
export function substr(start: number, end: number, s: string): string {
  const len = utf8Length(s);
  if (start < 0) {
    if (end < 0) runtimeSliceError(`[:${end}]`);
    if (end > len) runtimeSliceError(`[:${end}] with length ${len}`);
    return sliceBytes(s, 0, end);
  }
  if (end < 0 || end > len) {
    if (start > len) runtimeSliceError(`[${start}:${len}]`);
    return sliceBytes(s, start);
  }
  if (start > end) runtimeSliceError(`[${start}:${end}]`);
  return sliceBytes(s, start, end);
}

export function trunc(c: number, s: string): string {
  const len = utf8Length(s);
  if (c < 0 && len + c > 0) return sliceBytes(s, len + c);
  if (c >= 0 && len > c) return sliceBytes(s, 0, c);
  return s;
}

/** Go's strings.ToUpper/ToLower: ASCII fast path, Unicode simple case mapping otherwise. */
function toUpper(s: string): string {
  if (isAscii(s)) return s.toUpperCase();
  let out = "";
  for (const ch of s) {
    const u = ch.toUpperCase();
    out += Array.from(u).length === 1 ? u : ch;
  }
  return out;
}

function toLower(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let out = "";
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += Array.from(l).length === 1 ? l : ch;
  }
  return out;
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function isGoSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

function trimSpace(s: string): string {
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && isGoSpace(chars[a])) a++;
  while (b > a && isGoSpace(chars[b - 1])) b--;
  return chars.slice(a, b).join("");
}

/** strings.Trim(s, cutset). */
function trimCutset(s: string, cutset: string): string {
  if (s === "" || cutset === "") return s;
  const set = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a])) a++;
  while (b > a && set.has(chars[b - 1])) b--;
  return chars.slice(a, b).join("");
}

/** strings.Title: upper-cases (title-cases) letters that follow a separator (isSeparator). */
function title(s: string): string {
  let prevIsSep = true;
  let out = "";
  for (const ch of s) {
    out += prevIsSep ? toTitleRune(ch) : ch;
    prevIsSep = isTitleSeparator(ch);
  }
  return out;
}

function isTitleSeparator(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return isGoSpace(ch);
}

function toTitleRune(ch: string): string {
  const u = ch.toUpperCase();
  return Array.from(u).length === 1 ? u : ch;
}

function untitle(s: string): string {
  if (s === "") return s;
  const first = Array.from(s)[0];
  return toLower(first) + s.slice(first.length);
}

function swapcase(s: string): string {
  // goutils.SwapCase: title/upper → lower, lower → upper, whitespace resets.
  let out = "";
  for (const ch of s) {
    if (ch !== ch.toLowerCase()) out += ch.toLowerCase();
    else if (ch !== ch.toUpperCase()) out += toTitleRune(ch);
    else out += ch;
  }
  return out;
}

function initials(s: string): string {
  // goutils.Initials walks bytes and turns each kept byte into a rune (Latin-1 style).
  let out = "";
  let lastWasGap = true;
  for (const b of utf8Bytes(s)) {
    const ch = String.fromCharCode(b);
    if (isGoSpace(ch)) lastWasGap = true;
    else if (lastWasGap) {
      out += ch;
      lastWasGap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace: walks bytes, re-encoding each kept byte as a rune (Latin-1 style). */
function deleteWhiteSpace(s: string): string {
  const bytes = utf8Bytes(s);
  let out = "";
  let count = 0;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (!isGoSpace(ch)) {
      out += ch;
      count++;
    }
  }
  return count === bytes.length ? s : out;
}

/** strings.Split semantics (sep "" splits into UTF-8 sequences). */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === "") {
    const chars = Array.from(s);
    if (n > 0 && chars.length > n) return [...chars.slice(0, n - 1), chars.slice(n - 1).join("")];
    return chars;
  }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

function splitMap(parts: string[]): GoMap {
  const m = newMap();
  parts.forEach((p, i) => mapSet(m, `_${i}`, p));
  return tagType(m, "map[string]string");
}

/** goutils.AbbreviateFull on bytes; its argument errors make Sprig return "". */
function abbreviateFull(text: string, offsetIn: number, maxWidth: number): string {
  const str = toByteString(text);
  const abbrevMarker = "...";
  if (str === "") return "";
  if (maxWidth < 4) return "";
  if (str.length <= maxWidth) return text;
  let offset = offsetIn;
  if (offset > str.length) offset = str.length;
  if (str.length - offset < maxWidth - 3) offset = str.length - (maxWidth - 3);
  if (offset <= 4) return fromByteString(str.slice(0, maxWidth - 3) + abbrevMarker);
  if (maxWidth < 7) return "";
  if (offset + maxWidth - 3 < str.length) {
    return fromByteString(abbrevMarker + toByteString(abbreviateFull(fromByteString(str.slice(offset)), 0, maxWidth - 3)));
  }
  return fromByteString(abbrevMarker + str.slice(str.length - (maxWidth - 3)));
}

export const sprigStringFuncs: FuncMap = {
  hello: goFunc([], () => "Hello!"),
  abbrev: goFunc(["int", S], ([w, s]) => (Number(w) < 4 ? s : abbreviateFull(s as string, 0, Number(w)))),
  abbrevboth: goFunc(["int", "int", S], ([l, r, s]) => {
    const left = Number(l);
    const right = Number(r);
    if (right < 4 || (left > 0 && right < 7)) return s;
    return abbreviateFull(s as string, left, right);
  }),
  trunc: goFunc(["int", S], ([c, s]) => trunc(Number(c), s as string)),
  trim: goFunc([S], ([s]) => trimSpace(s as string)),
  upper: goFunc([S], ([s]) => toUpper(s as string)),
  lower: goFunc([S], ([s]) => toLower(s as string)),
  title: goFunc([S], ([s]) => title(s as string)),
  untitle: goFunc([S], ([s]) => untitle(s as string)),
  substr: goFunc(["int", "int", S], ([a, b, s]) => substr(Number(a), Number(b), s as string)),
  repeat: goFunc(["int", S], ([n, s], ctx) => {
    const count = Number(n);
    if (count < 0) throw new GoFuncError("strings: negative Repeat count");
    ctx.meter.chargeOutput(count * (s as string).length);
    return (s as string).repeat(count);
  }),
  trimall: goFunc([S, S], ([a, b]) => trimCutset(b as string, a as string)),
  trimAll: goFunc([S, S], ([a, b]) => trimCutset(b as string, a as string)),
  trimSuffix: goFunc([S, S], ([a, b]) => {
    const s = b as string;
    const suf = a as string;
    return suf !== "" && s.endsWith(suf) ? s.slice(0, s.length - suf.length) : s;
  }),
  trimPrefix: goFunc([S, S], ([a, b]) => {
    const s = b as string;
    const pre = a as string;
    return s.startsWith(pre) ? s.slice(pre.length) : s;
  }),
  nospace: goFunc([S], ([s]) => deleteWhiteSpace(s as string)),
  initials: goFunc([S], ([s]) => initials(s as string)),
  swapcase: goFunc([S], ([s]) => swapcase(s as string)),
  contains: goFunc([S, S], ([sub, s]) => (s as string).includes(sub as string)),
  hasPrefix: goFunc([S, S], ([sub, s]) => (s as string).startsWith(sub as string)),
  hasSuffix: goFunc([S, S], ([sub, s]) => (s as string).endsWith(sub as string)),
  quote: goFunc(
    [],
    (args) =>
      args
        .filter((a) => a !== null && a !== undefined)
        .map((a) => quoteGo(strval(a)))
        .join(" "),
    "any",
  ),
  squote: goFunc(
    [],
    (args) =>
      args
        .filter((a) => a !== null && a !== undefined)
        .map((a) => "'" + strval(a) + "'")
        .join(" "),
    "any",
  ),
  cat: goFunc(
    [],
    (args) =>
      args
        .filter((a) => a !== null && a !== undefined)
        .map((a) => strval(a))
        .join(" "),
    "any",
  ),
  indent: goFunc(["int", S], ([n, v], ctx) => indent(Number(n), v as string, ctx.meter)),
  nindent: goFunc(["int", S], ([n, v], ctx) => "\n" + indent(Number(n), v as string, ctx.meter)),
  replace: goFunc([S, S, S], ([o, n, src]) => replaceAllString(src as string, o as string, n as string)),
  plural: goFunc([S, S, "int"], ([one, many, count]) => (count === 1n ? one : many)),
  toString: goFunc(["any"], ([v]) => strval(v)),
  join: goFunc([S, "any"], ([sep, v]) => toStrings(v).join(sep as string)),
  split: goFunc([S, S], ([sep, orig]) => splitMap(goSplit(orig as string, sep as string))),
  splitList: goFunc([S, S], ([sep, orig]) => stringSlice(goSplit(orig as string, sep as string))),
  splitn: goFunc([S, "int", S], ([sep, n, orig]) => splitMap(goSplit(orig as string, sep as string, Number(n)))),
  toStrings: goFunc(["any"], ([v]) => stringSlice(toStrings(v))),
  wrap: goFunc(["int", S], ([l, s]) => wrapCustom(s as string, Number(l), "\n", false)),
  wrapWith: goFunc(["int", S, S], ([l, sep, s]) => wrapCustom(s as string, Number(l), sep as string, true)),
};

function indent(spaces: number, v: string, meter: ExecutionMeter): string {
  if (spaces < 0) throw new GoFuncError("strings: negative Repeat count");
  if (spaces > 64) meter.chargeOutput(v.length + spaces * (1 + countNewlines(v)));
  const pad = " ".repeat(spaces);
  return pad + v.split("\n").join("\n" + pad);
}

/** strings.Replace(s, old, new, -1), including Go's behaviour for an empty old string. */
export function replaceAllString(s: string, old: string, repl: string): string {
  if (old === "") {
    const chars = Array.from(s);
    return repl + chars.map((c) => c + repl).join("");
  }
  return s.includes(old) ? s.split(old).join(repl) : s;
}

/** Sprig's strslice: []string from a list (nils dropped), or [strval(v)], or [] for nil. */
export function toStrings(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map((x) => strval(x));
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/** goutils.WrapCustom, on bytes like Go. */
function wrapCustom(text: string, wrapLengthIn: number, newLineStr: string, wrapLongWords: boolean): string {
  const str = toByteString(text);
  if (str === "") return "";
  const nl = toByteString(newLineStr === "" ? "\n" : newLineStr);
  const wrapLength = wrapLengthIn < 1 ? 1 : wrapLengthIn;
  const inputLineLength = str.length;
  let offset = 0;
  let wrapped = "";
  while (inputLineLength - offset > wrapLength) {
    if (str[offset] === " ") {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    let spaceToWrapAt = str.slice(offset, end).lastIndexOf(" ") + offset;
    if (spaceToWrapAt >= offset) {
      wrapped += str.slice(offset, spaceToWrapAt) + nl;
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      wrapped += str.slice(offset, wrapLength + offset) + nl;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = str.slice(e).indexOf(" ");
      if (idx === -1) {
        wrapped += str.slice(offset);
        offset = inputLineLength;
      } else {
        spaceToWrapAt = idx + e;
        wrapped += str.slice(offset, spaceToWrapAt) + nl;
        offset = spaceToWrapAt + 1;
      }
    }
  }
  wrapped += str.slice(offset);
  return fromByteString(wrapped);
}

export { sprint };

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
