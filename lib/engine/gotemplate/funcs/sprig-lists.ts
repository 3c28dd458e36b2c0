/** Sprig's list functions (list.go) plus until/untilStep/seq. */
import type { ExecutionMeter } from "../budget";
import { GoFuncError } from "../errors";
import { type GoValue, deepEqual, goKindName, goTypeName, isGoNil, nilSlice, stringSlice, tagType, compareGoStrings } from "../values";
import { isEmpty, toInt64, strval } from "./convert";
import { toStrings } from "./sprig-strings";
import { type FuncMap, type GoFunc, goFunc } from "./types";

/** reflect.TypeOf(nil).Kind() panics in Go; Sprig's list functions hit it on nil. */
const NIL_DEREF = "runtime error: invalid memory address or nil pointer dereference";

function listKind(v: GoValue): string {
  if (v === null || v === undefined) throw new GoFuncError(NIL_DEREF);
  return goKindName(v);
}

function asList(v: GoValue, what: string): GoValue[] {
  const k = listKind(v);
  if (k !== "slice") throw new GoFuncError(what.replace("%s", k));
  return v as GoValue[];
}

/** Defines both the panicking and the must* variant (which returns the same error). */
function pair(name: string, must: string, f: GoFunc): FuncMap {
  return { [name]: f, [must]: f };
}

function until(start: bigint, stop: bigint, step: bigint, meter: ExecutionMeter): GoValue[] {
  const v: GoValue[] = [];
  if (step !== 0n && (stop < start) === (step < 0n)) meter.chargeSteps(Number((stop - start) / step));
  if (stop < start) {
    if (step >= 0n) return tagType(v, "[]int");
    for (let i = start; i > stop; i += step) v.push(i);
    return tagType(v, "[]int");
  }
  if (step <= 0n) return tagType(v, "[]int");
  for (let i = start; i < stop; i += step) v.push(i);
  return tagType(v, "[]int");
}

function seq(params: bigint[], meter: ExecutionMeter): string {
  let increment = 1n;
  let list: GoValue[];
  switch (params.length) {
    case 0:
      return "";
    case 1: {
      const start = 1n;
      const end = params[0];
      if (end < start) increment = -1n;
      list = until(start, end + increment, increment, meter);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      if (end < start) {
        increment = -1n;
        if (step > 0n) return "";
      }
      list = until(start, end + increment, step, meter);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1n : 1n;
      list = until(start, end + step, step, meter);
      break;
    }
    default:
      return "";
  }
  return list.map(String).join(" ");
}

function sliceList(list: GoValue, indices: GoValue[]): GoValue {
  const l = asList(list, "list should be type of slice or array but %s");
  if (l.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length < 2 ? l.length : Number(toInt64(indices[1]));
  if (start < 0 || end < start || end > l.length) throw new GoFuncError("reflect.Value.Slice: slice index out of bounds");
  const out = l.slice(start, end);
  const name = goTypeName(l);
  return name === "[]interface {}" ? out : tagType(out, name);
}

function chunk(size: number, list: GoValue[]): GoValue {
  const l = list.length;
  const cs = Math.floor((l - 1) / size) + 1;
  if (!Number.isFinite(cs) || cs < 0) throw new GoFuncError("runtime error: makeslice: len out of range");
  const out: GoValue[] = [];
  for (let i = 0; i < cs; i++) {
    let clen = size;
    if (i === cs - 1) {
      clen = Math.floor(l % size);
      if (clen === 0) clen = size;
    }
    const c: GoValue[] = [];
    for (let j = 0; j < clen; j++) {
      const ix = i * size + j;
      if (ix >= l) throw new GoFuncError("reflect: slice index out of range");
      c.push(list[ix]);
    }
    out.push(c);
  }
  return tagType(out, "[][]interface {}");
}

export const sprigListFuncs: FuncMap = {
  list: goFunc([], (args) => args, "any"),
  tuple: goFunc([], (args) => args, "any"),
  ...pair("append", "mustAppend", goFunc(["any", "any"], ([l, v]) => [...asList(l, "Cannot push on type %s"), v])),
  ...pair("push", "mustPush", goFunc(["any", "any"], ([l, v]) => [...asList(l, "Cannot push on type %s"), v])),
  ...pair("prepend", "mustPrepend", goFunc(["any", "any"], ([l, v]) => [v, ...asList(l, "Cannot prepend on type %s")])),
  ...pair("chunk", "mustChunk", goFunc(["int", "any"], ([size, l]) => chunk(Number(size), asList(l, "Cannot chunk type %s")))),
  ...pair("last", "mustLast", goFunc(["any"], ([l]) => {
    const list = asList(l, "Cannot find last on type %s");
    return list.length === 0 ? null : list[list.length - 1];
  })),
  ...pair("first", "mustFirst", goFunc(["any"], ([l]) => {
    const list = asList(l, "Cannot find first on type %s");
    return list.length === 0 ? null : list[0];
  })),
  ...pair("rest", "mustRest", goFunc(["any"], ([l]) => {
    const list = asList(l, "Cannot find rest on type %s");
    return list.length === 0 ? nilSlice() : list.slice(1);
  })),
  ...pair("initial", "mustInitial", goFunc(["any"], ([l]) => {
    const list = asList(l, "Cannot find initial on type %s");
    return list.length === 0 ? nilSlice() : list.slice(0, -1);
  })),
  ...pair("reverse", "mustReverse", goFunc(["any"], ([l]) => [...asList(l, "Cannot find reverse on type %s")].reverse())),
  ...pair("compact", "mustCompact", goFunc(["any"], ([l]) => asList(l, "Cannot compact on type %s").filter((x) => !isEmpty(x)))),
  ...pair("uniq", "mustUniq", goFunc(["any"], ([l]) => {
    const out: GoValue[] = [];
    for (const x of asList(l, "Cannot find uniq on type %s")) if (!out.some((y) => deepEqual(y, x))) out.push(x);
    return out;
  })),
  ...pair("without", "mustWithout", goFunc(["any"], ([l, ...omit]) =>
    asList(l, "Cannot find without on type %s").filter((x) => !omit.some((o) => deepEqual(x, o))), "any")),
  ...pair("has", "mustHas", goFunc(["any", "any"], ([needle, haystack]) => {
    if (haystack === null || haystack === undefined) return false;
    return asList(haystack, "Cannot find has on type %s").some((x) => deepEqual(needle, x));
  })),
  ...pair("slice", "mustSlice", goFunc(["any"], ([l, ...idx]) => sliceList(l, idx), "any")),
  concat: goFunc([], (lists) => {
    const out: GoValue[] = [];
    let any = false;
    for (const l of lists) {
      const k = listKind(l);
      if (k !== "slice") throw new GoFuncError(`Cannot concat type ${k} as list`);
      out.push(...(l as GoValue[]));
      any = true;
    }
    return any && out.length > 0 ? out : nilSlice();
  }, "any"),
  sortAlpha: goFunc(["any"], ([l]) => {
    if (Array.isArray(l)) return stringSlice(toStrings(l).sort(compareGoStrings));
    return stringSlice([strval(l)]);
  }),
  until: goFunc(["int"], ([c], ctx) => {
    const count = c as bigint;
    return until(0n, count, count < 0n ? -1n : 1n, ctx.meter);
  }),
  untilStep: goFunc(["int", "int", "int"], ([a, b, s], ctx) => until(a as bigint, b as bigint, s as bigint, ctx.meter)),
  seq: goFunc([], (params, ctx) => seq(params as bigint[], ctx.meter), "int"),
};

export { isGoNil };
