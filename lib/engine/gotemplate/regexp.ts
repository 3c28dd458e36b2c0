/**
 * Go regexp (RE2 syntax, leftmost-first) on top of JavaScript RegExp: the pattern is
 * translated (Go's \s, `.`, \z, \A, \Q..\E, (?P<n>), POSIX classes, leading flags) and
 * Perl-only syntax Go rejects is rejected with Go's message. Iteration (FindAll, Split,
 * ReplaceAll) follows Go's empty-match rules. Compiled patterns are cached.
 */
import { quoteGo } from "./fmt";

export class RegexpSyntaxError extends Error {}

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

const SYNTAX_CHARS = "^$\\.*+?()[]{}|/";

function escapeLiteral(ch: string, inClass: boolean): string {
  if (SYNTAX_CHARS.includes(ch) || (inClass && ch === "-")) return "\\" + ch;
  return ch;
}

function fail(msg: string, frag: string): never {
  throw new RegexpSyntaxError(`error parsing regexp: ${msg}: \`${frag}\``);
}

export interface GoRegexp {
  source: string;
  re: RegExp; // global + unicode
  numSubexp: number;
  names: string[];
}

function translate(expr: string): { source: string; flags: string } {
  let flags = "";
  let i = 0;
  const lead = /^\(\?([imsU]+)\)/.exec(expr);
  if (lead) {
    if (lead[1].includes("U")) fail("invalid or unsupported Perl syntax", "(?U");
    for (const f of lead[1]) if (!flags.includes(f)) flags += f;
    i = lead[0].length;
  }
  const dotAll = flags.includes("s");
  let out = "";
  let inClass = false;
  let classStart = false;
  let depth = 0;
  // What precedes the current position, for Go's repetition checks.
  let prev: "start" | "atom" | "quant" | "lazy" = "start";
  let lastQuant = "";
  const quantifier = (text: string): void => {
    if (prev === "start") fail("missing argument to repetition operator", text);
    if (prev === "quant" && text === "?") {
      prev = "lazy";
      return;
    }
    if (prev === "quant" || prev === "lazy") fail("invalid nested repetition operator", lastQuant + text);
    prev = "quant";
    lastQuant = text;
  };
  while (i < expr.length) {
    const ch = expr[i];
    if (!inClass) {
      if (ch === "*" || ch === "+" || ch === "?") quantifier(ch);
      else if (ch === "(" || ch === "|") prev = "start";
      else if (ch !== "{" || !/^\{\d+(,\d*)?\}/.test(expr.slice(i))) prev = "atom";
    }
    if (ch === "\\") {
      const next = expr[i + 1];
      if (next === undefined) fail("trailing backslash at end of expression", "");
      if (next === "Q") {
        const end = expr.indexOf("\\E", i + 2);
        const lit = end < 0 ? expr.slice(i + 2) : expr.slice(i + 2, end);
        for (const c of lit) out += escapeLiteral(c, inClass);
        i = end < 0 ? expr.length : end + 2;
        continue;
      }
      if (/[1-9]/.test(next)) fail("invalid escape sequence", "\\" + next);
      switch (next) {
        case "s":
          out += inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]";
          break;
        case "S":
          out += inClass ? "\\S" : "[^\\t\\n\\f\\r ]";
          break;
        case "z":
          out += "(?![\\s\\S])";
          break;
        case "A":
          out += "(?<![\\s\\S])";
          break;
        case "d":
        case "D":
        case "w":
        case "W":
        case "b":
        case "B":
        case "n":
        case "t":
        case "r":
        case "f":
        case "v":
          out += "\\" + next;
          break;
        case "a":
          out += "\\x07";
          break;
        case "x": {
          const m = /^\\x(\{[0-9a-fA-F]+\}|[0-9a-fA-F]{2})/.exec(expr.slice(i));
          if (!m) fail("invalid escape sequence", expr.slice(i, i + 4));
          const hex = m[1].startsWith("{") ? m[1].slice(1, -1) : m[1];
          out += "\\u{" + hex + "}";
          i += m[0].length;
          continue;
        }
        case "p":
        case "P": {
          const m = /^\\[pP](\{\^?[A-Za-z_]+\}|[A-Za-z])/.exec(expr.slice(i));
          if (!m) fail("invalid character class range", expr.slice(i, i + 3));
          let name = m[1].startsWith("{") ? m[1].slice(1, -1) : m[1];
          let neg = next === "P";
          if (name.startsWith("^")) {
            neg = !neg;
            name = name.slice(1);
          }
          const prop = name.length <= 2 ? name : `Script=${name}`;
          out += (neg ? "\\P{" : "\\p{") + (name === "Any" ? "Any" : prop) + "}";
          i += m[0].length;
          continue;
        }
        default:
          if (/[0-9A-Za-z]/.test(next)) fail("invalid escape sequence", "\\" + next);
          out += escapeLiteral(next, inClass);
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === "[" && expr[i + 1] === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(expr.slice(i));
        if (m && POSIX[m[2]]) {
          if (m[1]) fail("invalid character class range", m[0]); // negated POSIX inside a class: keep simple
          out += POSIX[m[2]];
          i += m[0].length;
          classStart = false;
          continue;
        }
      }
      if (ch === "]" && !classStart) {
        inClass = false;
        out += "]";
        i++;
        continue;
      }
      if (ch !== "\\" && expr[i + 1] === "-" && expr[i + 2] !== undefined && expr[i + 2] !== "]" && expr[i + 2] !== "\\" && expr[i + 2] !== "[") {
        const lo = expr.codePointAt(i)!;
        const hi = expr.codePointAt(i + 2)!;
        if (hi < lo) fail("invalid character class range", `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
      }
      classStart = false;
      if (ch === "^" && out.endsWith("[")) {
        out += "^";
        classStart = true;
        i++;
        continue;
      }
      out += ch === "[" ? "\\[" : ch === "]" ? "\\]" : ch;
      i++;
      continue;
    }
    switch (ch) {
      case "[":
        inClass = true;
        classStart = true;
        out += "[";
        i++;
        if (expr[i] === "^") {
          out += "^";
          i++;
        }
        continue;
      case ".":
        out += dotAll ? "[\\s\\S]" : "[^\\n]";
        i++;
        continue;
      case "(":
        depth++;
        if (expr[i + 1] === "?") {
          const rest = expr.slice(i);
          const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
          if (named && (rest.startsWith("(?P<") || rest.startsWith("(?<"))) {
            if (rest.startsWith("(?<") && !rest.startsWith("(?P<")) fail("invalid or unsupported Perl syntax", "(?<");
            out += `(?<${named[1]}>`;
            i += named[0].length;
            continue;
          }
          if (rest.startsWith("(?:")) {
            out += "(?:";
            i += 3;
            continue;
          }
          const inline = /^\(\?([imsU-]*)([:)])/.exec(rest);
          if (inline) fail("invalid or unsupported Perl syntax", `(?${inline[1]}${inline[2]}`.slice(0, 3 + inline[1].length));
          fail("invalid or unsupported Perl syntax", rest.slice(0, 3));
        }
        out += "(";
        i++;
        continue;
      case ")":
        depth--;
        if (depth < 0) fail("unexpected )", expr);
        out += ")";
        i++;
        continue;
      case "$":
        out += flags.includes("m") ? "(?=\\n|(?![\\s\\S]))" : "(?![\\s\\S])";
        i++;
        continue;
      case "^":
        out += flags.includes("m") ? "(?<=\\n|(?<![\\s\\S]))" : "(?<![\\s\\S])";
        i++;
        continue;
    }
    if (ch === "{") {
      const rep = /^\{(\d+)(,(\d*))?\}/.exec(expr.slice(i));
      if (rep) {
        const min = Number(rep[1]);
        const max = rep[3] ? Number(rep[3]) : min;
        if (min > 1000 || max > 1000 || (rep[3] && max < min)) fail("invalid repeat count", rep[0]);
        quantifier(rep[0]);
        out += rep[0];
        i += rep[0].length;
      } else {
        out += "\\{";
        i++;
      }
      continue;
    }
    out += ch === "}" ? "\\}" : ch === "]" ? "\\]" : ch;
    i++;
  }
  if (inClass) fail("missing closing ]", expr.slice(expr.lastIndexOf("[")));
  if (depth > 0) fail("missing closing )", expr);
  return { source: out, flags: flags.replace(/[ms]/g, "") };
}

const cache = new Map<string, GoRegexp>();

/** regexp.Compile; throws RegexpSyntaxError with Go's message. */
export function compileGoRegexp(expr: string): GoRegexp {
  const hit = cache.get(expr);
  if (hit) return hit;
  const { source, flags } = translate(expr);
  let re: RegExp;
  try {
    re = new RegExp(source, flags + "gu");
  } catch (err) {
    throw new RegexpSyntaxError(`error parsing regexp: ${(err as Error).message}: \`${expr}\``);
  }
  const probe = new RegExp(source + "|", flags + "u").exec("")!;
  const names = re.source.match(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)?.map((n) => n.slice(3, -1)) ?? [];
  const compiled: GoRegexp = { source: expr, re, numSubexp: probe.length - 1, names };
  if (cache.size > 500) cache.clear();
  cache.set(expr, compiled);
  return compiled;
}

/** regexp.MustCompile's panic text. */
export function mustCompileMessage(expr: string, err: RegexpSyntaxError): string {
  return `regexp: Compile(${goBackquote(expr)}): ${err.message}`;
}

function goBackquote(s: string): string {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x60 || c === 0xfeff || (c < 0x20 && c !== 9) || c === 0x7f) return quoteGo(s);
  }
  return "`" + s + "`";
}

/** Go's allMatches loop: up to n matches (n < 0: all), skipping empty matches that abut a previous match. */
export function allMatches(r: GoRegexp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (n < 0) n = s.length + 1;
  const re = r.re;
  let pos = 0;
  let prevMatchEnd = -1;
  while (out.length < n && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === pos) {
      if (start === prevMatchEnd) accept = false;
      const c = s.codePointAt(pos);
      pos += c === undefined ? 1 : c > 0xffff ? 2 : 1;
    } else {
      pos = end;
    }
    prevMatchEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

export function matchString(r: GoRegexp, s: string): boolean {
  r.re.lastIndex = 0;
  return r.re.test(s);
}

/** Regexp.Split. Returns null for Go's nil slice. */
export function splitRegexp(r: GoRegexp, s: string, n: number): string[] | null {
  if (n === 0) return null;
  if (r.source.length > 0 && s.length === 0) return [""];
  const matches = allMatches(r, s, n);
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && parts.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) parts.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

/** Regexp.Expand's template language: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, m: RegExpExecArray, names: string[]): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf("$", i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === "$") {
      out += "$";
      i++;
      continue;
    }
    let name: string;
    let rest: number;
    if (template[i] === "{") {
      const close = template.indexOf("}", i);
      name = close < 0 ? "" : template.slice(i + 1, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += "$";
        continue;
      }
      rest = close + 1;
    } else {
      const mm = /^[A-Za-z0-9_]+/.exec(template.slice(i));
      if (!mm) {
        out += "$";
        continue;
      }
      name = mm[0];
      rest = i + name.length;
    }
    i = rest;
    if (/^[0-9]+$/.test(name)) {
      const num = Number(name);
      if (num < m.length && m[num] !== undefined) out += m[num];
    } else if (names.includes(name) && m.groups && m.groups[name] !== undefined) {
      out += m.groups[name];
    }
  }
  return out;
}

/** ReplaceAllString (literal = false) or ReplaceAllLiteralString (literal = true). */
export function replaceAll(r: GoRegexp, s: string, repl: string, literal: boolean): string {
  const matches = allMatches(r, s, -1);
  if (matches.length === 0) return s;
  let out = "";
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m.index);
    out += literal ? repl : expand(repl, m, r.names);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
