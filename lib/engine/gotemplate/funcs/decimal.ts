/**
 * The bit of shopspring/decimal Sprig's *f functions use: NewFromFloat (shortest digits),
 * exact add/sub/mul, division rounded to 16 places (half away from zero), back to float64.
 */
import { GoFuncError } from "../errors";
import type { GoValue } from "../values";
import { toFloat64 } from "./convert";

interface Dec {
  coef: bigint;
  exp: number; // value = coef × 10^exp
}

function fromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new GoFuncError(`Cannot create a Decimal from ${Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf"}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const [mant, e] = f.toExponential().split("e");
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  return { coef: (neg ? -1n : 1n) * BigInt(digits), exp: Number(e) - (digits.length - 1) };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

const DIVISION_PRECISION = 16;

function divide(a: Dec, b: Dec): Dec {
  if (b.coef === 0n) throw new GoFuncError("decimal division by 0");
  // quotient scaled to DIVISION_PRECISION places, rounded half away from zero
  const shift = DIVISION_PRECISION + 1 + a.exp - b.exp;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  let q = num / den; // scale 10^-(PRECISION+1), truncated toward zero
  const neg = q < 0n;
  if (neg) q = -q;
  let r = q / 10n;
  if (q % 10n >= 5n) r += 1n;
  return { coef: neg ? -r : r, exp: -DIVISION_PRECISION };
}

function toNumber(d: Dec): number {
  return Number(`${d.coef}e${d.exp}`);
}

export function decimalOp(first: GoValue, rest: GoValue[], op: "add" | "sub" | "mul" | "div"): number {
  let acc = fromFloat(toFloat64(first));
  for (const x of rest) {
    const d = fromFloat(toFloat64(x));
    switch (op) {
      case "add":
      case "sub": {
        const [a, b, exp] = align(acc, d);
        acc = { coef: op === "add" ? a + b : a - b, exp };
        break;
      }
      case "mul":
        acc = { coef: acc.coef * d.coef, exp: acc.exp + d.exp };
        break;
      case "div":
        acc = divide(acc, d);
    }
  }
  return toNumber(acc);
}
