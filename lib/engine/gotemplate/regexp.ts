/**
 * Go's regexp package for templates, on re2js (a pure-JS port of RE2, the engine Go's regexp
 * is). Matching runs in time linear in the input, so no pattern a template author writes can
 * backtrack exponentially, and syntax, error messages and leftmost-first semantics are Go's.
 * Iteration (FindAll, Split, ReplaceAll) follows Go's empty-match rules. Compiled patterns
 * live in a bounded cache.
 */
import { RE2JS, RE2JSSyntaxException } from "re2js";
import { boundedMemo } from "../memo";
import { quoteGo } from "./fmt";

export class RegexpSyntaxError extends Error {
  /** RE2's description ("missing closing )") and the part of the expression it is about. */
  constructor(message: string, readonly description = "", readonly fragment = "") {
    super(message);
  }
}

export interface GoRegexp {
  source: string;
  pattern: RE2JS;
  numSubexp: number;
  /** Capture-group names by group number ("" for an unnamed group); index 0 is the whole match. */
  names: string[];
}

/** One match: its span in UTF-16 code units and every group's text (undefined: group did not take part). */
export interface GoMatch {
  start: number;
  end: number;
  groups: (string | undefined)[];
}

const compileMemo = boundedMemo(512, compileUncached);

/** regexp.Compile; throws RegexpSyntaxError with Go's message. */
export function compileGoRegexp(expr: string): GoRegexp {
  const result = compileMemo(expr);
  if (result instanceof RegexpSyntaxError) throw new RegexpSyntaxError(result.message, result.description, result.fragment);
  return result;
}

function compileUncached(expr: string): GoRegexp | RegexpSyntaxError {
  let pattern: RE2JS;
  let renamed: Map<string, string> | undefined;
  try {
    pattern = RE2JS.compile(expr);
  } catch (err) {
    if (!(err instanceof RE2JSSyntaxException)) throw err;
    // Go allows several groups of one name (re2js does not): give each repeat a unique
    // alias for re2js and map the aliases back.
    if (err.getDescription() !== "duplicate capture group name") return goSyntaxError(err);
    const aliased = aliasDuplicateGroupNames(expr);
    renamed = aliased.originals;
    try {
      pattern = RE2JS.compile(aliased.expr);
    } catch (again) {
      if (again instanceof RE2JSSyntaxException) return goSyntaxError(again);
      throw again;
    }
  }
  const numSubexp = pattern.groupCount();
  const names = new Array<string>(numSubexp + 1).fill("");
  for (const [name, index] of Object.entries(pattern.namedGroups() as Record<string, number>)) names[index] = renamed?.get(name) ?? name;
  return { source: expr, pattern, numSubexp, names };
}

/** Go's syntax.Error text: `error parsing regexp: CODE: \`EXPR\`` (re2js drops an empty EXPR). */
function goSyntaxError(err: RE2JSSyntaxException): RegexpSyntaxError {
  return new RegexpSyntaxError(`error parsing regexp: ${err.getDescription()}: \`${err.getPattern() ?? ""}\``, err.getDescription(), err.getPattern() ?? "");
}

/** Renames the second and later groups of each name, skipping escapes, \Q…\E and classes. */
function aliasDuplicateGroupNames(expr: string): { expr: string; originals: Map<string, string> } {
  const seen = new Set<string>();
  const originals = new Map<string, string>();
  let out = "";
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === "\\") {
      const end = expr[i + 1] === "Q" ? literalEnd(expr, i + 2) : i + 2;
      out += expr.slice(i, end);
      i = end;
    } else if (ch === "[") {
      const end = classEnd(expr, i);
      out += expr.slice(i, end);
      i = end;
    } else if (ch === "(" && expr[i + 1] === "?") {
      const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(expr.slice(i));
      if (!named) {
        out += ch;
        i++;
        continue;
      }
      let name = named[1];
      if (seen.has(name)) {
        let alias = `${name}_${originals.size}`;
        while (expr.includes(alias)) alias += "_";
        originals.set(alias, name);
        name = alias;
      }
      seen.add(name);
      out += named[0].replace(named[1], name);
      i += named[0].length;
    } else {
      out += ch;
      i++;
    }
  }
  return { expr: out, originals };
}

function literalEnd(expr: string, from: number): number {
  const end = expr.indexOf("\\E", from);
  return end < 0 ? expr.length : end + 2;
}

/** Index just past the character class opening at `open` ("]" right after "[" or "[^" is literal). */
function classEnd(expr: string, open: number): number {
  let i = open + 1;
  if (expr[i] === "^") i++;
  if (expr[i] === "]") i++;
  while (i < expr.length && expr[i] !== "]") {
    if (expr[i] === "\\") i += 2;
    else if (expr.startsWith("[:", i) && expr.indexOf(":]", i + 2) > 0) i = expr.indexOf(":]", i + 2) + 2;
    else i++;
  }
  return i + 1;
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
export function allMatches(r: GoRegexp, s: string, n: number): GoMatch[] {
  const out: GoMatch[] = [];
  if (n < 0) n = s.length + 1;
  const matcher = r.pattern.matcher(s);
  let pos = 0;
  let prevMatchEnd = -1;
  while (out.length < n && pos <= s.length) {
    if (!matcher.find(pos)) break;
    const start = matcher.start();
    const end = matcher.end();
    let accept = true;
    if (end === pos) {
      if (start === prevMatchEnd) accept = false;
      const c = s.codePointAt(pos);
      pos += c === undefined ? 1 : c > 0xffff ? 2 : 1;
    } else {
      pos = end;
    }
    prevMatchEnd = end;
    if (accept) out.push({ start, end, groups: groupsOf(matcher, r.numSubexp) });
  }
  return out;
}

function groupsOf(matcher: ReturnType<RE2JS["matcher"]>, numSubexp: number): (string | undefined)[] {
  const groups: (string | undefined)[] = [];
  for (let g = 0; g <= numSubexp; g++) groups.push(matcher.group(g) ?? undefined);
  return groups;
}

/** FindString: the leftmost match, or "" when there is none. */
export function findString(r: GoRegexp, s: string): string {
  const matcher = r.pattern.matcher(s);
  return matcher.find(0) ? (matcher.group() ?? "") : "";
}

export function matchString(r: GoRegexp, s: string): boolean {
  return r.pattern.matcher(s).find(0);
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
    end = m.start;
    if (m.end !== 0) parts.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

/** Regexp.Expand's template language: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, m: GoMatch, names: string[]): string {
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
    if (template[i] === "{") {
      const close = template.indexOf("}", i);
      name = close < 0 ? "" : template.slice(i + 1, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += "$";
        continue;
      }
      i = close + 1;
    } else {
      const word = /^[A-Za-z0-9_]+/.exec(template.slice(i));
      if (!word) {
        out += "$";
        continue;
      }
      name = word[0];
      i += name.length;
    }
    out += groupText(m, names, name);
  }
  return out;
}

function groupText(m: GoMatch, names: string[], name: string): string {
  if (/^[0-9]+$/.test(name)) return m.groups[Number(name)] ?? "";
  // Go takes the leftmost group of that name that took part in the match.
  for (let g = 1; g < names.length; g++) if (names[g] === name && m.groups[g] !== undefined) return m.groups[g]!;
  return "";
}

/** ReplaceAllString (literal = false) or ReplaceAllLiteralString (literal = true). */
export function replaceAll(r: GoRegexp, s: string, repl: string, literal: boolean): string {
  const matches = allMatches(r, s, -1);
  if (matches.length === 0) return s;
  let out = "";
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m.start);
    out += literal ? repl : expand(repl, m, r.names);
    last = m.end;
  }
  return out + s.slice(last);
}

/** QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
