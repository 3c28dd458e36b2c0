/** Sprig's numeric.go and the conversion functions of functions.go. */
import { GoFuncError } from "../errors";
import { formatValue } from "../fmt";
import { type GoValue, Int64 } from "../values";
import { floatToInt64, toFloat64, toInt64, wrapInt64 } from "./convert";
import { type FuncMap, goFunc } from "./types";
import { decimalOp } from "./decimal";

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function i64(n: bigint): Int64 {
  return new Int64(wrapInt64(n));
}

/** strconv.Atoi as Sprig uses it: 0 on syntax errors, clamped on range errors. */
function atoi(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  if (n > INT64_MAX) return INT64_MAX;
  if (n < INT64_MIN) return INT64_MIN;
  return n;
}

function round(a: GoValue, p: bigint, rOpt: GoValue[]): number {
  const roundOn = rOpt.length > 0 ? (rOpt[0] as number) : 0.5;
  const val = toFloat64(a);
  const places = Number(p);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const div = digit - Math.trunc(digit);
  const r = div >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

function toDecimal(v: GoValue): Int64 {
  const s = formatValue(v === undefined ? null : v);
  if (!/^[+-]?[0-7]+$/.test(s)) return new Int64(0n);
  const n = BigInt((s[0] === "-" ? "-" : "") + "0o" + s.replace(/^[+-]/, ""));
  return new Int64(n > INT64_MAX || n < INT64_MIN ? 0n : n);
}

export const sprigMathFuncs: FuncMap = {
  atoi: goFunc(["string"], ([s]) => atoi(s as string)),
  int64: goFunc(["any"], ([v]) => new Int64(toInt64(v))),
  int: goFunc(["any"], ([v]) => toInt64(v)),
  float64: goFunc(["any"], ([v]) => toFloat64(v)),
  toDecimal: goFunc(["any"], ([v]) => toDecimal(v)),
  add1: goFunc(["any"], ([v]) => i64(toInt64(v) + 1n)),
  add: goFunc([], (args) => i64(args.reduce<bigint>((a, b) => wrapInt64(a + toInt64(b)), 0n)), "any"),
  sub: goFunc(["any", "any"], ([a, b]) => i64(toInt64(a) - toInt64(b))),
  div: goFunc(["any", "any"], ([a, b]) => {
    const d = toInt64(b);
    if (d === 0n) throw new GoFuncError("runtime error: integer divide by zero");
    return i64(toInt64(a) / d);
  }),
  mod: goFunc(["any", "any"], ([a, b]) => {
    const d = toInt64(b);
    if (d === 0n) throw new GoFuncError("runtime error: integer divide by zero");
    return i64(toInt64(a) % d);
  }),
  mul: goFunc(["any"], ([a, ...rest]) => i64(rest.reduce<bigint>((x, y) => wrapInt64(x * toInt64(y)), toInt64(a))), "any"),
  randInt: goFunc(["int", "int"], ([min, max], ctx) => {
    const n = Number((max as bigint) - (min as bigint));
    if (n <= 0) throw new GoFuncError("invalid argument to Intn");
    return BigInt(ctx.random.intn(n)) + (min as bigint);
  }),
  add1f: goFunc(["any"], ([v]) => decimalOp(v, [1n], "add")),
  addf: goFunc([], (args) => decimalOp(0, args, "add"), "any"),
  subf: goFunc(["any"], ([a, ...rest]) => decimalOp(a, rest, "sub"), "any"),
  divf: goFunc(["any"], ([a, ...rest]) => decimalOp(a, rest, "div"), "any"),
  mulf: goFunc(["any"], ([a, ...rest]) => decimalOp(a, rest, "mul"), "any"),
  biggest: goFunc(["any"], ([a, ...rest]) => i64(rest.reduce<bigint>((x, y) => (toInt64(y) > x ? toInt64(y) : x), toInt64(a))), "any"),
  max: goFunc(["any"], ([a, ...rest]) => i64(rest.reduce<bigint>((x, y) => (toInt64(y) > x ? toInt64(y) : x), toInt64(a))), "any"),
  min: goFunc(["any"], ([a, ...rest]) => i64(rest.reduce<bigint>((x, y) => (toInt64(y) < x ? toInt64(y) : x), toInt64(a))), "any"),
  maxf: goFunc(["any"], ([a, ...rest]) => rest.reduce<number>((x, y) => goMax(x, toFloat64(y)), toFloat64(a)), "any"),
  minf: goFunc(["any"], ([a, ...rest]) => rest.reduce<number>((x, y) => goMin(x, toFloat64(y)), toFloat64(a)), "any"),
  ceil: goFunc(["any"], ([a]) => Math.ceil(toFloat64(a))),
  floor: goFunc(["any"], ([a]) => Math.floor(toFloat64(a))),
  round: goFunc(["any", "int"], ([a, p, ...r]) => round(a, p as bigint, r), "float64"),
};

/** math.Max / math.Min: NaN wins, and ±0 are ordered. */
function goMax(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 && y === 0) return Object.is(x, -0) ? y : x;
  return x > y ? x : y;
}

function goMin(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 && y === 0) return Object.is(x, -0) ? x : y;
  return x < y ? x : y;
}

export { floatToInt64 };
