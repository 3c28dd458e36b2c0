/**
 * Go's fmt package on the GoValue model: Sprint, Sprintln, Sprintf with the verbs templates
 * use (%v %+v %#v %T %s %q %d %b %o %O %x %X %c %U %e %E %f %F %g %G %t %%), flags, width,
 * precision, argument indexes, and Go's error forms (%!d(string=x), %!s(MISSING), %!(EXTRA ...)).
 */
import { GoObject } from "./object";
import { formatFloat } from "./floatfmt";
import {
  type GoMap,
  type GoSlice,
  type GoValue,
  Int64,
  goTypeName,
  isGoNil,
  sortedKeys,
} from "./values";
import { utf8Bytes } from "./utf8";

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const PLAIN_ASCII = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/** unicode.IsPrint for one code point. */
export function isPrintRune(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa1) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex2(n: number): string {
  return (n < 16 ? "0" : "") + n.toString(16);
}

/** strconv.Quote / QuoteToASCII (asciiOnly) / QuoteRune-style with another quote char. */
export function quoteGo(s: string, quote = '"', asciiOnly = false): string {
  if (quote === '"' && PLAIN_ASCII.test(s)) return '"' + s + '"';
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") {
      out += "\\" + ch;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += "\\ufffd"; // a lone surrogate cannot come from Go data; show it as an error rune
      continue;
    }
    if (asciiOnly ? cp >= 0x20 && cp < 0x7f : isPrintRune(cp)) {
      out += ch;
      continue;
    }
    switch (cp) {
      case 7:
        out += "\\a";
        continue;
      case 8:
        out += "\\b";
        continue;
      case 12:
        out += "\\f";
        continue;
      case 10:
        out += "\\n";
        continue;
      case 13:
        out += "\\r";
        continue;
      case 9:
        out += "\\t";
        continue;
      case 11:
        out += "\\v";
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex2(cp);
    else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x60 || cp === 0xfeff || (cp < 0x20 && cp !== 9) || cp === 0x7f) return false;
  }
  return true;
}

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number; // -1 when absent
  prec: number; // -1 when absent
}

const NO_FLAGS: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function pad(s: string, f: Flags): string {
  if (f.width < 0) return s;
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + " ".repeat(n);
  return (f.zero ? "0" : " ").repeat(n) + s;
}

function fmtInteger(v: bigint, base: number, verb: string, f: Flags): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  let prec = -1;
  if (f.prec >= 0) {
    prec = f.prec;
    if (prec === 0 && v === 0n) return pad("", { ...f, zero: false });
  } else if (f.zero && f.width >= 0 && !f.minus) {
    prec = f.width;
    if (neg || f.plus || f.space) prec--;
  }
  let digits = abs.toString(base);
  if (verb === "X") digits = digits.toUpperCase();
  if (prec > digits.length) digits = "0".repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 8 && digits[0] !== "0") digits = "0" + digits;
    else if (base === 16) digits = (verb === "X" ? "0X" : "0x") + digits;
    else if (base === 2) digits = "0b" + digits;
  }
  if (verb === "O") digits = "0o" + digits;
  if (neg) digits = "-" + digits;
  else if (f.plus) digits = "+" + digits;
  else if (f.space) digits = " " + digits;
  return pad(digits, { ...f, zero: false });
}

function fmtFloatVerb(v: number, verb: string, prec: number, f: Flags): string {
  if (f.prec >= 0) prec = f.prec;
  let num = formatFloat(v, verb === "v" ? "g" : verb, prec);
  if (num[0] !== "-" && num[0] !== "+") num = "+" + num;
  if (f.space && num[0] === "+" && !f.plus) num = " " + num.slice(1);
  if (num[1] === "I" || num[1] === "N") {
    if (num[1] === "N" && !f.space && !f.plus) num = num.slice(1);
    return pad(num, { ...f, zero: false });
  }
  if (f.plus || num[0] !== "+") {
    if (f.zero && f.width >= 0 && f.width > num.length && !f.minus) {
      return num[0] + "0".repeat(f.width - num.length) + num.slice(1);
    }
    return pad(num, f);
  }
  return pad(num.slice(1), f);
}

function fmtString(s: string, verb: string, f: Flags): string {
  switch (verb) {
    case "v":
      if (f.sharp) return pad(quoteGo(s), f);
      return pad(truncRunes(s, f.prec), f);
    case "s":
      return pad(truncRunes(s, f.prec), f);
    case "q": {
      const t = truncRunes(s, f.prec);
      if (f.sharp && canBackquote(t)) return pad("`" + t + "`", f);
      return pad(quoteGo(t, '"', f.plus), f);
    }
    case "x":
    case "X":
      return pad(hexBytes(truncBytesForHex(s, f.prec), verb, f), f);
  }
  return "";
}

function truncRunes(s: string, prec: number): string {
  if (prec < 0) return s;
  const chars = Array.from(s);
  return chars.length > prec ? chars.slice(0, prec).join("") : s;
}

function truncBytesForHex(s: string, prec: number): Uint8Array {
  const b = utf8Bytes(s);
  return prec >= 0 && b.length > prec ? b.subarray(0, prec) : b;
}

function hexBytes(b: Uint8Array, verb: string, f: Flags): string {
  let out = "";
  for (let i = 0; i < b.length; i++) {
    if (f.space && i > 0) out += " ";
    if (f.sharp && (f.space || i === 0)) out += verb === "X" ? "0X" : "0x";
    let h = hex2(b[i]);
    if (verb === "X") h = h.toUpperCase();
    out += h;
  }
  return out;
}

function fmtRuneQuoted(cp: bigint, f: Flags): string {
  let r = Number(cp);
  if (cp > 0x10ffffn || cp < 0n || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  const ch = String.fromCodePoint(r);
  if (ch === "'" || ch === "\\") return pad("'\\" + ch + "'", f);
  return pad(quoteGo(ch, "'", f.plus), f);
}

function fmtUnicode(cp: bigint, f: Flags): string {
  let s = "U+" + (cp < 0n ? (cp + (1n << 64n)) : cp).toString(16).toUpperCase().padStart(4, "0");
  if (f.sharp && cp >= 0n && cp <= 0x10ffffn && isPrintRune(Number(cp))) {
    s += " '" + String.fromCodePoint(Number(cp)) + "'";
  }
  return pad(s, f);
}

function badVerb(verb: string, v: GoValue): string {
  if (v === undefined || v === null) return "%!" + verb + "(<nil>)";
  return "%!" + verb + "(" + goTypeName(v) + "=" + printValue(v, "v", NO_FLAGS, 0) + ")";
}

function goSyntax(v: GoValue, top: boolean): string {
  if (v === undefined || v === null) return top ? "<nil>" : "interface {}(nil)";
  switch (typeof v) {
    case "string":
      return quoteGo(v);
    case "boolean":
      return String(v);
    case "bigint":
      return v.toString();
    case "number":
      return formatFloat(v, "g", -1);
  }
  if (v instanceof Int64) return v.value.toString();
  if (v instanceof GoObject) return v.goString();
  const type = goTypeName(v);
  if (Array.isArray(v)) {
    if (isGoNil(v)) return type + "(nil)";
    return type + "{" + v.map((e) => goSyntax(e, false)).join(", ") + "}";
  }
  if (isGoNil(v)) return type + "(nil)";
  const m = v as GoMap;
  return type + "{" + sortedKeys(m).map((k) => quoteGo(k) + ":" + goSyntax(m[k], false)).join(", ") + "}";
}

/** fmt's printValue/printArg for one operand. */
function printValue(v: GoValue, verb: string, f: Flags, depth: number): string {
  if (verb === "T") return pad(goTypeName(v), f);
  // a fmt.Stringer: these verbs print its String()
  if (v instanceof GoObject && (!v.isStringer || "vsqxX".includes(verb)) && !(verb === "v" && f.sharp)) return fmtString(v.toString(), verb === "v" || !v.isStringer ? "s" : verb, f);
  if (v === undefined || v === null) {
    if (depth > 0) return "<nil>";
    return verb === "v" ? pad("<nil>", f) : badVerb(verb, v);
  }
  switch (typeof v) {
    case "string":
      if (verb === "v" || verb === "s" || verb === "q" || verb === "x" || verb === "X") return fmtString(v, verb, f);
      return badVerb(verb, v);
    case "boolean":
      if (verb === "v" || verb === "t") return pad(String(v), f);
      return badVerb(verb, v);
    case "bigint":
      return printInt(v, v, verb, f);
    case "number":
      switch (verb) {
        case "v":
          if (f.sharp) return pad(formatFloat(v, "g", -1), f);
          return fmtFloatVerb(v, "g", -1, f);
        case "b":
        case "g":
        case "G":
        case "x":
        case "X":
          return fmtFloatVerb(v, verb === "b" || verb === "x" || verb === "X" ? "g" : verb, -1, f);
        case "f":
        case "F":
        case "e":
        case "E":
          return fmtFloatVerb(v, verb, 6, f);
      }
      return badVerb(verb, v);
  }
  if (v instanceof Int64) return printInt(v.value, v, verb, f);
  if (f.sharp && verb === "v") return goSyntax(v, depth === 0);
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += " ";
      out += printValue(v[i], verb, f, depth + 1);
    }
    return out + "]";
  }
  const m = v as GoMap;
  let out = "map[";
  const keys = sortedKeys(m);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += " ";
    out += printValue(keys[i], verb, f, depth + 1) + ":" + printValue(m[keys[i]], verb, f, depth + 1);
  }
  return out + "]";
}

function printInt(n: bigint, original: GoValue, verb: string, f: Flags): string {
  switch (verb) {
    case "v":
      if (f.sharp) return pad(n.toString(), f);
      return fmtInteger(n, 10, "d", f);
    case "d":
      return fmtInteger(n, 10, verb, f);
    case "b":
      return fmtInteger(n, 2, verb, f);
    case "o":
    case "O":
      return fmtInteger(n, 8, verb, f);
    case "x":
    case "X":
      return fmtInteger(n, 16, verb, f);
    case "c": {
      const r = n < 0n || n > 0x10ffffn ? 0xfffd : Number(n);
      return pad(String.fromCodePoint(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r), f);
    }
    case "q":
      return fmtRuneQuoted(n, f);
    case "U":
      return fmtUnicode(n, f);
  }
  return badVerb(verb, original);
}

/** fmt.Sprint: %v for each operand, a space between operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = "";
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const isString = typeof a === "string";
    if (i > 0 && !isString && !prevString) out += " ";
    out += isString ? a : printValue(a, "v", NO_FLAGS, 0);
    prevString = isString;
  }
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(args: readonly GoValue[]): string {
  let out = "";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += " ";
    const a = args[i];
    out += typeof a === "string" ? a : printValue(a, "v", NO_FLAGS, 0);
  }
  return out + "\n";
}

/** Formats one value the way `{{ . }}` prints it (fmt.Fprint of a single operand). */
export function formatValue(v: GoValue): string {
  return typeof v === "string" ? v : printValue(v, "v", NO_FLAGS, 0);
}

function intArg(v: GoValue): number | undefined {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Int64) return Number(v.value);
  return undefined;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = "";
  let argNum = 0;
  let reordered = false;
  let afterIndex = false;
  let badIndex = false;
  const end = format.length;
  let i = 0;
  // argument index [n] (one closure per call, not per verb)
  const readIndex = (): void => {
    if (i < end && format[i] === "[") {
      reordered = true;
      const close = format.indexOf("]", i);
      const n = close < 0 ? NaN : Number(format.slice(i + 1, close));
      if (close < 0 || !/^[0-9]+$/.test(format.slice(i + 1, close)) || n < 1 || n > args.length) {
        badIndex = true;
        i = close < 0 ? end : close + 1;
        return;
      }
      argNum = n - 1;
      i = close + 1;
      afterIndex = true;
    }
  };
  while (i < end) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };
    afterIndex = false;
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case "#":
          f.sharp = true;
          break;
        case "0":
          f.zero = !f.minus;
          break;
        case "+":
          f.plus = true;
          break;
        case "-":
          f.minus = true;
          f.zero = false;
          break;
        case " ":
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    badIndex = false;
    readIndex();
    // width
    if (i < end && format[i] === "*") {
      i++;
      if (argNum < args.length) {
        const w = intArg(args[argNum]);
        argNum++;
        if (w === undefined || tooLarge(w)) out += "%!(BADWIDTH)";
        else {
          f.width = w;
          if (w < 0) {
            f.minus = true;
            f.zero = false;
            f.width = -w;
          }
        }
      } else out += "%!(BADWIDTH)";
      afterIndex = false;
    } else {
      const width = parseNum(format, i, end);
      i = width.next;
      if (width.isNum) {
        f.width = width.num;
        if (afterIndex) badIndex = true;
      }
    }
    // precision
    if (i + 1 <= end && format[i] === ".") {
      i++;
      if (afterIndex) badIndex = true;
      readIndex();
      if (i < end && format[i] === "*") {
        i++;
        if (argNum < args.length) {
          const p = intArg(args[argNum]);
          argNum++;
          if (p === undefined || tooLarge(p) || p < 0) {
            f.prec = -1;
            out += "%!(BADPREC)";
          } else f.prec = p;
        } else out += "%!(BADPREC)";
        afterIndex = false;
      } else {
        const prec = parseNum(format, i, end);
        i = prec.next;
        f.prec = prec.isNum ? prec.num : 0;
      }
    }
    if (!afterIndex) readIndex();
    if (i >= end) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (badIndex) {
      out += "%!" + verb + "(BADINDEX)";
      continue;
    }
    if (argNum >= args.length) {
      out += "%!" + verb + "(MISSING)";
      continue;
    }
    const arg = args[argNum++];
    if (verb === "w") {
      out += badVerb(verb, arg);
      continue;
    }
    if (verb === "v" && f.sharp) {
      out += pad(goSyntax(arg, true), f);
      continue;
    }
    out += printValue(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += "%!(EXTRA ";
    for (let k = argNum; k < args.length; k++) {
      if (k > argNum) out += ", ";
      const a = args[k];
      out += a === undefined || a === null ? "<nil>" : goTypeName(a) + "=" + printValue(a, "v", NO_FLAGS, 0);
    }
    out += ")";
  }
  return out;
}

export type { GoSlice };

/** fmt's bound on widths and precisions: larger ones are treated as no number at all. */
function tooLarge(n: number): boolean {
  return n > 1e6 || n < -1e6;
}

/** fmt's parsenum: a run of digits; a crazy long one consumes the rest of the format and is no number. */
function parseNum(format: string, start: number, end: number): { num: number; isNum: boolean; next: number } {
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && format[i] >= "0" && format[i] <= "9"; i++) {
    if (tooLarge(num)) return { num: 0, isNum: false, next: end };
    num = num * 10 + (format.charCodeAt(i) - 48);
    isNum = true;
  }
  return { num, isNum, next: i };
}
