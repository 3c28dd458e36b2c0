/** Sprig's reflection, regex, path, URL and random functions. */
import { GoFuncError } from "../errors";
import { formatValue } from "../fmt";
import {
  RegexpSyntaxError,
  allMatches,
  compileGoRegexp,
  findString,
  matchString,
  mustCompileMessage,
  quoteMeta,
  replaceAll,
  splitRegexp,
  type GoRegexp,
} from "../regexp";
import { type GoMap, type GoValue, deepEqual, goKindName, goTypeName, mapHas, mapSet, newMap, nilSlice, stringSlice } from "../values";
import { base64Encode } from "./sprig-encoding";
import { type CallContext, type FuncMap, goFunc } from "./types";
import { parseUrl, urlToString, type GoUrl } from "./url";

const S = "string";

function mustCompile(expr: string): GoRegexp {
  try {
    return compileGoRegexp(expr);
  } catch (err) {
    if (err instanceof RegexpSyntaxError) throw new GoFuncError(mustCompileMessage(expr, err));
    throw err;
  }
}

function compileOrError(expr: string): GoRegexp {
  try {
    return compileGoRegexp(expr);
  } catch (err) {
    if (err instanceof RegexpSyntaxError) throw new GoFuncError(err.message);
    throw err;
  }
}

function findAll(r: GoRegexp, s: string, n: number): GoValue {
  const ms = allMatches(r, s, n);
  return ms.length === 0 ? nilSlice("[]string") : stringSlice(ms.map((m) => m.groups[0]!));
}

function split(r: GoRegexp, s: string, n: number): GoValue {
  const parts = splitRegexp(r, s, n);
  return parts === null ? nilSlice("[]string") : stringSlice(parts);
}

// ---- paths (Go's path package, slash-separated) ------------------------------------------

export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

function basePath(p: string): string {
  if (p === "") return ".";
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

function dirPath(p: string): string {
  const i = p.lastIndexOf("/");
  return cleanPath(p.slice(0, i + 1));
}

function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== "/"; i--) if (p[i] === ".") return p.slice(i);
  return "";
}

// ---- random ---------------------------------------------------------------------------

const ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM = ALPHA + "0123456789";
const NUMERIC = "0123456789";
let ASCII = "";
for (let c = 32; c <= 126; c++) ASCII += String.fromCharCode(c);

function randomString(ctx: CallContext, count: bigint, chars: string): string {
  let out = "";
  // a number counter: bigint increments allocate (counts beyond 2^53 never finish either way)
  for (let i = 0, n = Number(count); i < n; i++) out += chars[ctx.random.intn(chars.length)];
  return out;
}

function uuidv4(ctx: CallContext): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(ctx.random.intn(256));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function shuffle(ctx: CallContext, s: string): string {
  const runes = Array.from(s);
  for (let i = runes.length - 1; i > 0; i--) {
    const j = ctx.random.intn(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join("");
}

// ---- URL ------------------------------------------------------------------------------

function dictGetOrEmpty(d: GoMap, key: string): string {
  if (!mapHas(d, key)) return "";
  const v = d[key];
  const kind = v === null || v === undefined ? undefined : goKindName(v);
  if (kind === undefined) throw new GoFuncError(NIL_DEREF);
  if (kind !== "string") throw new GoFuncError(`unable to parse ${key} key, must be of type string, but ${kind} found`);
  return v as string;
}

const NIL_DEREF = "runtime error: invalid memory address or nil pointer dereference";

function urlParseFunc(v: string): GoMap {
  let u: GoUrl;
  try {
    u = parseUrl(v);
  } catch (err) {
    throw new GoFuncError(`unable to parse url: ${(err as Error).message}`);
  }
  const d = newMap();
  mapSet(d, "scheme", u.scheme);
  mapSet(d, "host", u.host);
  mapSet(d, "hostname", u.host.replace(/:\d*$/, "").replace(/^\[(.*)\]$/, "$1"));
  mapSet(d, "path", u.path);
  mapSet(d, "query", u.rawQuery);
  mapSet(d, "opaque", u.opaque);
  mapSet(d, "fragment", u.fragment);
  mapSet(d, "userinfo", u.user ?? "");
  return d;
}

function urlJoin(d: GoMap): string {
  const u: GoUrl = {
    scheme: dictGetOrEmpty(d, "scheme"),
    host: dictGetOrEmpty(d, "host"),
    path: dictGetOrEmpty(d, "path"),
    rawQuery: dictGetOrEmpty(d, "query"),
    opaque: dictGetOrEmpty(d, "opaque"),
    fragment: dictGetOrEmpty(d, "fragment"),
    user: null,
  };
  const userinfo = dictGetOrEmpty(d, "userinfo");
  if (userinfo !== "") {
    try {
      u.user = parseUrl(`proto://${userinfo}@host`).user;
    } catch (err) {
      throw new GoFuncError(`unable to parse userinfo in dict: ${(err as Error).message}`);
    }
  }
  return urlToString(u);
}

export const sprigMiscFuncs: FuncMap = {
  typeOf: goFunc(["any"], ([v]) => goTypeName(v === undefined ? null : v)),
  typeIs: goFunc([S, "any"], ([t, v]) => t === goTypeName(v === undefined ? null : v)),
  typeIsLike: goFunc([S, "any"], ([t, v]) => {
    const name = goTypeName(v === undefined ? null : v);
    return t === name || "*" + t === name;
  }),
  kindOf: goFunc(["any"], ([v]) => goKindName(v)),
  kindIs: goFunc([S, "any"], ([t, v]) => t === goKindName(v)),
  deepEqual: goFunc(["any", "any"], ([a, b]) => deepEqual(a, b)),

  regexMatch: goFunc([S, S], ([re, s]) => {
    try {
      return matchString(compileGoRegexp(re as string), s as string);
    } catch (err) {
      if (err instanceof RegexpSyntaxError) return false;
      throw err;
    }
  }),
  mustRegexMatch: goFunc([S, S], ([re, s]) => matchString(compileOrError(re as string), s as string)),
  regexFindAll: goFunc([S, S, "int"], ([re, s, n]) => findAll(mustCompile(re as string), s as string, Number(n))),
  mustRegexFindAll: goFunc([S, S, "int"], ([re, s, n]) => findAll(compileOrError(re as string), s as string, Number(n))),
  regexFind: goFunc([S, S], ([re, s]) => findString(mustCompile(re as string), s as string)),
  mustRegexFind: goFunc([S, S], ([re, s]) => findString(compileOrError(re as string), s as string)),
  regexReplaceAll: goFunc([S, S, S], ([re, s, r]) => replaceAll(mustCompile(re as string), s as string, r as string, false)),
  mustRegexReplaceAll: goFunc([S, S, S], ([re, s, r]) => replaceAll(compileOrError(re as string), s as string, r as string, false)),
  regexReplaceAllLiteral: goFunc([S, S, S], ([re, s, r]) => replaceAll(mustCompile(re as string), s as string, r as string, true)),
  mustRegexReplaceAllLiteral: goFunc([S, S, S], ([re, s, r]) =>
    replaceAll(compileOrError(re as string), s as string, r as string, true),
  ),
  regexSplit: goFunc([S, S, "int"], ([re, s, n]) => split(mustCompile(re as string), s as string, Number(n))),
  mustRegexSplit: goFunc([S, S, "int"], ([re, s, n]) => split(compileOrError(re as string), s as string, Number(n))),
  regexQuoteMeta: goFunc([S], ([s]) => quoteMeta(s as string)),

  base: goFunc([S], ([p]) => basePath(p as string)),
  dir: goFunc([S], ([p]) => dirPath(p as string)),
  clean: goFunc([S], ([p]) => cleanPath(p as string)),
  ext: goFunc([S], ([p]) => extPath(p as string)),
  isAbs: goFunc([S], ([p]) => (p as string).startsWith("/")),
  osBase: goFunc([S], ([p]) => basePath(p as string)),
  osClean: goFunc([S], ([p]) => cleanPath(p as string)),
  osDir: goFunc([S], ([p]) => dirPath(p as string)),
  osExt: goFunc([S], ([p]) => extPath(p as string)),
  osIsAbs: goFunc([S], ([p]) => (p as string).startsWith("/")),

  urlParse: goFunc([S], ([v]) => urlParseFunc(v as string)),
  urlJoin: goFunc(["map"], ([d]) => urlJoin(d as GoMap)),

  randAlphaNum: goFunc(["int"], ([n], ctx) => randomString(ctx, n as bigint, ALNUM)),
  randAlpha: goFunc(["int"], ([n], ctx) => randomString(ctx, n as bigint, ALPHA)),
  randAscii: goFunc(["int"], ([n], ctx) => randomString(ctx, n as bigint, ASCII)),
  randNumeric: goFunc(["int"], ([n], ctx) => randomString(ctx, n as bigint, NUMERIC)),
  randBytes: goFunc(["int"], ([n], ctx) => {
    if ((n as bigint) < 0n) throw new GoFuncError("runtime error: makeslice: len out of range");
    const b = new Uint8Array(Number(n));
    for (let i = 0; i < b.length; i++) b[i] = ctx.random.intn(256);
    return base64Encode(b);
  }),
  uuidv4: goFunc([], (_args, ctx) => uuidv4(ctx)),
  shuffle: goFunc([S], ([s], ctx) => shuffle(ctx, s as string)),
};

export { formatValue };
