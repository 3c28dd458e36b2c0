/** Go's text/template builtin functions (funcs.go). */
import { GoFuncError } from "../errors";
import { isPrintRune, sprint, sprintf, sprintln } from "../fmt";
import { utf8Bytes, utf8Length, sliceBytes } from "../utf8";
import {
  type GoValue,
  Int64,
  compareGoStrings,
  goTypeName,
  intOf,
  isInt,
  isMap,
  isTrue,
  mapHas,
  elementsAreInterfaces,
  tagType,
  isGoNil,
} from "../values";
import { type FuncMap, goFunc } from "./types";

const ERR_BAD_COMPARISON_TYPE = "invalid type for comparison";
const ERR_BAD_COMPARISON = "incompatible types for comparison";
const ERR_NO_COMPARISON = "missing argument for comparison";

type Kind = "invalid" | "bool" | "int" | "uint" | "float" | "string";

function basicKind(v: GoValue): Kind {
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "string";
  }
  if (v instanceof Int64) return v.type === "uint8" ? "uint" : "int";
  return "invalid";
}

function indirectInterface(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

function sprintS(v: GoValue): string {
  return sprintf("%s", [v]);
}

function isNilValue(v: GoValue): boolean {
  return v === undefined || v === null || ((Array.isArray(v) || isMap(v)) && isGoNil(v));
}

export function goEq(arg1in: GoValue, rest: GoValue[]): boolean {
  const arg1 = indirectInterface(arg1in);
  if (rest.length === 0) throw new GoFuncError(ERR_NO_COMPARISON);
  const k1 = basicKind(arg1);
  for (const argIn of rest) {
    const arg = indirectInterface(argIn);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) {
        truth = intOf(arg1 as bigint | Int64) === intOf(arg as bigint | Int64);
      } else if (arg1 !== undefined && arg !== undefined) throw new GoFuncError(ERR_BAD_COMPARISON);
    } else {
      switch (k1) {
        case "bool":
        case "float":
        case "string":
          truth = arg1 === arg;
          break;
        case "int":
        case "uint":
          truth = intOf(arg1 as bigint | Int64) === intOf(arg as bigint | Int64);
          break;
        default: {
          const kind1 = arg1 === undefined ? "invalid" : Array.isArray(arg1) ? "slice" : "map";
          const kind2 = arg === undefined ? "invalid" : Array.isArray(arg) ? "slice" : "map";
          if (kind1 !== kind2 && kind1 !== "invalid" && kind2 !== "invalid") {
            throw new GoFuncError(
              `non-comparable types ${sprintS(arg1)}: ${goTypeName(arg1)}, ${goTypeName(arg)}: ${sprintf("%v", [arg])}`,
            );
          }
          if (isNilValue(arg1) || isNilValue(arg)) {
            truth = isNilValue(arg) === isNilValue(arg1);
          } else {
            throw new GoFuncError(`non-comparable type ${sprintS(arg)}: ${goTypeName(arg)}`);
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

export function goLt(a1: GoValue, a2: GoValue): boolean {
  const arg1 = indirectInterface(a1);
  const k1 = basicKind(arg1);
  if (k1 === "invalid") throw new GoFuncError(ERR_BAD_COMPARISON_TYPE);
  const arg2 = indirectInterface(a2);
  const k2 = basicKind(arg2);
  if (k2 === "invalid") throw new GoFuncError(ERR_BAD_COMPARISON_TYPE);
  if (k1 !== k2) {
    if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) {
      return intOf(arg1 as bigint | Int64) < intOf(arg2 as bigint | Int64);
    }
    throw new GoFuncError(ERR_BAD_COMPARISON);
  }
  switch (k1) {
    case "bool":
      throw new GoFuncError(ERR_BAD_COMPARISON_TYPE);
    case "float":
      return (arg1 as number) < (arg2 as number);
    case "int":
    case "uint":
      return intOf(arg1 as bigint | Int64) < intOf(arg2 as bigint | Int64);
    default:
      return compareGoStrings(arg1 as string, arg2 as string) < 0;
  }
}

function goLe(a1: GoValue, a2: GoValue): boolean {
  return goLt(a1, a2) || goEq(a1, [a2]);
}

function indexArg(index: GoValue, cap: number): number {
  if (isInt(index)) {
    const x = intOf(index);
    if (x < 0n || x > BigInt(cap)) throw new GoFuncError(`index out of range: ${x}`);
    return Number(x);
  }
  if (index === undefined || index === null) throw new GoFuncError("cannot index slice/array with nil");
  throw new GoFuncError(`cannot index slice/array with type ${goTypeName(index)}`);
}

function goIndex(itemIn: GoValue, indexes: GoValue[]): GoValue {
  let item = indirectInterface(itemIn);
  if (item === undefined) throw new GoFuncError("index of untyped nil");
  for (const idxIn of indexes) {
    const index = indirectInterface(idxIn);
    if (item === null || item === undefined) throw new GoFuncError("index of nil pointer");
    if (typeof item === "string") {
      const bytes = utf8Bytes(item);
      const x = indexArg(index, bytes.length);
      if (x >= bytes.length) throw new GoFuncError("reflect: string index out of range");
      item = new Int64(BigInt(bytes[x]), "uint8");
    } else if (Array.isArray(item)) {
      const x = indexArg(index, item.length);
      if (x >= item.length) throw new GoFuncError("reflect: slice index out of range");
      item = item[x];
    } else if (isMap(item)) {
      if (index === undefined) throw new GoFuncError("value is nil; should be of type string");
      if (typeof index !== "string") throw new GoFuncError(`value has type ${goTypeName(index)}; should be string`);
      item = mapHas(item, index) ? item[index] : elementsAreInterfaces(item) ? null : "";
    } else {
      throw new GoFuncError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function goSlice(itemIn: GoValue, indexes: GoValue[]): GoValue {
  const item = indirectInterface(itemIn);
  if (item === undefined) throw new GoFuncError("slice of untyped nil");
  if (indexes.length > 3) throw new GoFuncError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let len: number;
  if (typeof item === "string") {
    if (indexes.length === 3) throw new GoFuncError("cannot 3-index slice a string");
    cap = len = utf8Length(item);
  } else if (Array.isArray(item)) {
    cap = len = item.length;
  } else {
    throw new GoFuncError(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((index, i) => {
    idx[i] = indexArg(indirectInterface(index), cap);
  });
  if (idx[0] > idx[1]) throw new GoFuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new GoFuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === "string") return sliceBytes(item, idx[0], idx[1]);
  return copyTag(item, item.slice(idx[0], idx[1]));
}

function copyTag(from: GoValue[], to: GoValue[]): GoValue[] {
  const t = goTypeName(from);
  return t === "[]interface {}" ? to : tagType(to, t);
}

function goLen(item: GoValue): GoValue {
  if (item === null) throw new GoFuncError("len of nil pointer");
  if (item === undefined) throw new GoFuncError("reflect: call of reflect.Value.Type on zero Value");
  if (typeof item === "string") return BigInt(utf8Length(item));
  if (Array.isArray(item)) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  throw new GoFuncError(`len of type ${goTypeName(item)}`);
}

/** text/template's evalArgs: one string is used as is, otherwise fmt.Sprint of the operands. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? "<no value>" : a)));
}

export function htmlEscapeString(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) =>
    c === "\0" ? "\ufffd" : c === '"' ? "&#34;" : c === "'" ? "&#39;" : c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;",
  );
}

export function jsEscapeString(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case "\\":
        out += "\\\\";
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case "<":
        out += "\\u003C";
        continue;
      case ">":
        out += "\\u003E";
        continue;
      case "&":
        out += "\\u0026";
        continue;
      case "=":
        out += "\\u003D";
        continue;
    }
    if (c < 0x20) out += "\\u00" + c.toString(16).toUpperCase().padStart(2, "0");
    else if (c < 0x80 || isPrintRune(c)) out += ch;
    else out += "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = "";
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += "+";
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

export const builtinFuncs: FuncMap = {
  and: goFunc(["value"], () => undefined, "value"), // short-circuit handled by the executor
  or: goFunc(["value"], () => undefined, "value"),
  not: goFunc(["value"], ([a]) => !isTrue(a)),
  len: goFunc(["value"], ([a]) => goLen(a)),
  index: goFunc(["value"], ([item, ...idx]) => goIndex(item, idx), "value"),
  slice: goFunc(["value"], ([item, ...idx]) => goSlice(item, idx), "value"),
  print: goFunc([], (args) => sprint(args), "any"),
  printf: goFunc(["string"], ([format, ...args]) => sprintf(format as string, args), "any"),
  println: goFunc([], (args) => sprintln(args), "any"),
  html: goFunc([], (args) => htmlEscapeString(evalArgs(args)), "any"),
  js: goFunc([], (args) => jsEscapeString(evalArgs(args)), "any"),
  urlquery: goFunc([], (args) => queryEscape(evalArgs(args)), "any"),
  call: goFunc(
    ["value"],
    ([fn]) => {
      if (fn === undefined || fn === null) throw new GoFuncError("call of nil");
      throw new GoFuncError(`non-function of type ${goTypeName(fn)}`);
    },
    "value",
  ),
  eq: goFunc(["value"], ([a, ...rest]) => goEq(a, rest), "value"),
  ne: goFunc(["value", "value"], ([a, b]) => !goEq(a, [b])),
  lt: goFunc(["value", "value"], ([a, b]) => goLt(a, b)),
  le: goFunc(["value", "value"], ([a, b]) => goLe(a, b)),
  gt: goFunc(["value", "value"], ([a, b]) => !goLe(a, b)),
  ge: goFunc(["value", "value"], ([a, b]) => !goLt(a, b)),
};
