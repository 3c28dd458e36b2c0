/** Sprig's dict functions (dict.go), merge following imdario/mergo's rules. */
import { GoFuncError } from "../errors";
import {
  type GoMap,
  type GoValue,
  Int64,
  compareGoStrings,
  goTypeName,
  isGoNil,
  isMap,
  mapHas,
  mapSet,
  newMap,
  nilMap,
  stringSlice,
} from "../values";
import { strval } from "./convert";
import { type FuncMap, goFunc } from "./types";

const M = "map";

/** mergo's isEmptyValue on an interface{} element. */
function mergoEmpty(v: GoValue): boolean {
  switch (typeof v) {
    case "undefined":
      return true;
    case "string":
      return v.length === 0;
    case "boolean":
      return !v;
    case "bigint":
      return v === 0n;
    case "number":
      return v === 0;
  }
  if (v === null) return true;
  if (v instanceof Int64) return v.value === 0n;
  if (Array.isArray(v)) return v.length === 0;
  return Object.keys(v).length === 0;
}

function isStringKeyedMap(v: GoValue): v is GoMap {
  return isMap(v);
}

/** mergo.Merge / MergeWithOverwrite of src into dst (both map[string]interface{}), in place. */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const k of Object.keys(src)) {
    const s = src[k];
    const has = mapHas(dst, k);
    const d = has ? dst[k] : undefined;
    if (s === null || s === undefined) {
      if (overwrite) mapSet(dst, k, null);
      continue;
    }
    if (isStringKeyedMap(s)) {
      if (has && isStringKeyedMap(d) && !isGoNil(d)) mergeInto(d, s, overwrite);
      if (has && !mergoEmpty(d)) continue;
      mapSet(dst, k, s);
      continue;
    }
    if (Array.isArray(s)) {
      if (overwrite) {
        mapSet(dst, k, s);
        continue;
      }
      if (has && !mergoEmpty(d)) continue;
      mapSet(dst, k, s);
      continue;
    }
    if (overwrite || !has || mergoEmpty(d)) mapSet(dst, k, s);
  }
}

function merge(dstIn: GoValue, srcs: GoValue[], overwrite: boolean): GoValue {
  let dst = dstIn as GoMap;
  for (const src of srcs) {
    const s = src as GoMap;
    if (isGoNil(dst) && Object.keys(s).length > 0) dst = newMap();
    mergeInto(dst, s, overwrite);
  }
  return dst;
}

function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) return retype(v.map(deepCopy), v);
  if (isMap(v)) {
    const m = newMap();
    for (const k of Object.keys(v)) mapSet(m, k, deepCopy(v[k]));
    return retype(m, v);
  }
  return v;
}

import { GO_TYPE, GO_NIL } from "../values";
function retype<T extends GoValue[] | GoMap>(to: T, from: GoValue[] | GoMap): T {
  const src = from as unknown as Record<symbol, unknown>;
  const dst = to as unknown as Record<symbol, unknown>;
  if (src[GO_TYPE]) dst[GO_TYPE] = src[GO_TYPE];
  if (src[GO_NIL]) dst[GO_NIL] = true;
  return to;
}

function typeAssertMap(v: GoValue): GoMap {
  if (isMap(v) && goTypeName(v) === "map[string]interface {}") return v;
  const got = v === null || v === undefined ? "nil" : goTypeName(v);
  throw new GoFuncError(`interface conversion: interface {} is ${got}, not map[string]interface {}`);
}

function dig(ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new GoFuncError("dig needs at least three arguments");
  let dict = typeAssertMap(ps[ps.length - 1]);
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k === "string") return k;
    const got = k === null || k === undefined ? "nil" : goTypeName(k);
    throw new GoFuncError(`interface conversion: interface {} is ${got}, not string`);
  });
  for (let i = 0; ; i++) {
    const k = keys[i];
    if (!mapHas(dict, k)) return def;
    const step = dict[k];
    if (i === keys.length - 1) return step;
    dict = typeAssertMap(step);
  }
}

export const sprigDictFuncs: FuncMap = {
  dict: goFunc([], (v) => {
    const d = newMap();
    for (let i = 0; i < v.length; i += 2) {
      const key = strval(v[i] === undefined ? null : v[i]);
      mapSet(d, key, i + 1 >= v.length ? "" : v[i + 1]);
    }
    return d;
  }, "any"),
  get: goFunc([M, "string"], ([d, k]) => (mapHas(d as GoMap, k as string) ? (d as GoMap)[k as string] : "")),
  set: goFunc([M, "string", "any"], ([d, k, v]) => {
    if (isGoNil(d as GoMap)) throw new GoFuncError("assignment to entry in nil map");
    mapSet(d as GoMap, k as string, v);
    return d;
  }),
  unset: goFunc([M, "string"], ([d, k]) => {
    delete (d as GoMap)[k as string];
    return d;
  }),
  hasKey: goFunc([M, "string"], ([d, k]) => mapHas(d as GoMap, k as string)),
  pluck: goFunc(["string"], ([k, ...dicts]) => {
    const out: GoValue[] = [];
    for (const d of dicts) if (mapHas(d as GoMap, k as string)) out.push((d as GoMap)[k as string]);
    return out;
  }, M),
  keys: goFunc([], (dicts) => {
    const out: string[] = [];
    for (const d of dicts) out.push(...Object.keys(d as GoMap).sort(compareGoStrings));
    return stringSlice(out);
  }, M),
  pick: goFunc([M], ([d, ...keys]) => {
    const res = newMap();
    for (const k of keys) if (mapHas(d as GoMap, k as string)) mapSet(res, k as string, (d as GoMap)[k as string]);
    return res;
  }, "string"),
  omit: goFunc([M], ([d, ...keys]) => {
    const res = newMap();
    const omit = new Set(keys as string[]);
    for (const k of Object.keys(d as GoMap)) if (!omit.has(k)) mapSet(res, k, (d as GoMap)[k]);
    return res;
  }, "string"),
  merge: goFunc([M], ([dst, ...srcs]) => merge(dst, srcs, false), M),
  mustMerge: goFunc([M], ([dst, ...srcs]) => merge(dst, srcs, false), M),
  mergeOverwrite: goFunc([M], ([dst, ...srcs]) => merge(dst, srcs, true), M),
  mustMergeOverwrite: goFunc([M], ([dst, ...srcs]) => merge(dst, srcs, true), M),
  values: goFunc([M], ([d]) => {
    const m = d as GoMap;
    return Object.keys(m).sort(compareGoStrings).map((k) => m[k]);
  }),
  deepCopy: goFunc(["any"], ([v]) => {
    if (v === null || v === undefined) throw new GoFuncError("deepCopy error: reflect: call of reflect.Value.Type on zero Value");
    return deepCopy(v);
  }),
  mustDeepCopy: goFunc(["any"], ([v]) => (v === null || v === undefined ? null : deepCopy(v))),
  dig: goFunc([], (ps) => dig(ps), "any"),
};

export { nilMap };
