/** Conversions Sprig relies on: strval, spf13/cast's ToInt64/ToFloat64, and Sprig's `empty`. */
import { formatValue } from "../fmt";
import { parseGoFloat, parseGoIntBase0 } from "../decode";
import { type GoValue, Int64, isGoNil } from "../values";

export function strval(v: GoValue): string {
  if (typeof v === "string") return v;
  return formatValue(v === undefined ? null : v);
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Go's float64 → int64 conversion (truncation; amd64 gives MinInt64 when out of range). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return INT64_MIN;
  const t = BigInt(Math.trunc(f));
  return t < INT64_MIN || t > INT64_MAX ? INT64_MIN : t;
}

/** cast's trimZeroDecimal: "12.000" → "12". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    switch (s[i - 1]) {
      case ".":
        if (foundZero) return s.slice(0, i - 1);
        break;
      case "0":
        foundZero = true;
        break;
      default:
        return s;
    }
  }
  return s;
}

/** cast.ToInt64 (errors give 0). */
export function toInt64(v: GoValue): bigint {
  switch (typeof v) {
    case "bigint":
      return v;
    case "number":
      return floatToInt64(v);
    case "string":
      return parseGoIntBase0(trimZeroDecimal(v)) ?? 0n;
    case "boolean":
      return v ? 1n : 0n;
  }
  if (v instanceof Int64) return v.value;
  return 0n;
}

/** cast.ToFloat64 (errors give 0). */
export function toFloat64(v: GoValue): number {
  switch (typeof v) {
    case "bigint":
      return Number(v);
    case "number":
      return v;
    case "string":
      return parseGoFloat(v) ?? 0;
    case "boolean":
      return v ? 1 : 0;
  }
  if (v instanceof Int64) return Number(v.value);
  return 0;
}

export function wrapInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** Sprig's empty(): nil, false, 0, "", empty or nil containers. */
export function isEmpty(v: GoValue): boolean {
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
  if (Array.isArray(v)) return v.length === 0 || isGoNil(v);
  for (const _ in v) return false;
  return true;
}
