/**
 * How template functions are declared. Go checks and converts every argument against the
 * function's parameter types (reflect), and real output depends on it ("wrong type for
 * value; expected string; got int"), so each function declares Go parameter types.
 */
import type { ExecutionMeter } from "../budget";
import type { GoTime } from "../gotime";
import type { GoValue } from "../values";

/**
 * Go parameter types:
 * - any: interface{}; value: reflect.Value (Go builtins: receives the raw value, missing included)
 * - string, bool, int, int64, float64, uint32: the Go basic types
 * - map: map[string]interface{}; slice: []interface{}; stringSlice: []string
 * - time, certificate: the Go objects of those types (object.ts)
 */
export type GoParamType = "any" | "value" | "string" | "bool" | "int" | "int64" | "uint32" | "float64" | "map" | "slice" | "stringSlice" | "time" | "certificate";

export const GO_PARAM_TYPE_NAMES: Record<GoParamType, string> = {
  any: "interface {}",
  value: "reflect.Value",
  string: "string",
  bool: "bool",
  int: "int",
  int64: "int64",
  uint32: "uint32",
  float64: "float64",
  map: "map[string]interface {}",
  slice: "[]interface {}",
  stringSlice: "[]string",
  time: "time.Time",
  certificate: "sprig.certificate",
};

/** A source of uniformly distributed integers; injectable so tests are deterministic. */
export interface RandomSource {
  /** An integer in [0, n), n ≥ 1. */
  intn(n: number): number;
}

export interface CallContext {
  random: RandomSource;
  /** The execution's budget: functions that build large values charge it first. */
  meter: ExecutionMeter;
  /** time.Now for Sprig's date functions (frozen in tests). */
  now: () => GoTime;
}

export interface GoFunc {
  /** Fixed parameters. */
  params: readonly GoParamType[];
  /** Element type of a trailing variadic parameter (Go's `...T`). */
  variadic?: GoParamType;
  /** Receives converted arguments; throws GoFuncError for Go's error results and panics. */
  fn: (args: GoValue[], ctx: CallContext) => GoValue;
}

export type FuncMap = Record<string, GoFunc>;

/** Shorthand constructor keeping function tables compact. */
export function goFunc(
  params: readonly GoParamType[],
  fn: (args: GoValue[], ctx: CallContext) => GoValue,
  variadic?: GoParamType,
): GoFunc {
  return variadic ? { params, variadic, fn } : { params, fn };
}
