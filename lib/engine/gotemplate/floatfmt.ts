/**
 * Go's strconv.FormatFloat for float64 with formats 'e', 'E', 'f', 'g', 'G': shortest digits
 * come from JavaScript (both produce the shortest round-tripping digits); explicit
 * precisions are rounded from the exact binary value, half to even, as Go does.
 */
interface Digits {
  d: string; // significant digits, no leading or trailing zeros ("" for zero)
  dp: number; // decimal point position: value = 0.d × 10^dp
}

function shortestDigits(abs: number): Digits {
  if (abs === 0) return { d: "", dp: 0 };
  const [mant, exp] = abs.toExponential().split("e");
  const d = mant.replace(".", "").replace(/0+$/, "");
  return { d, dp: Number(exp) + 1 };
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** All digits of the exact binary value of abs (finite, > 0). */
function exactDigits(abs: number): Digits {
  F64[0] = abs;
  const bits = U64[0];
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (biasedExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length - -exp;
  }
  const trimmedLead = digits.replace(/^0+/, "");
  dp -= digits.length - trimmedLead.length;
  return { d: trimmedLead.replace(/0+$/, ""), dp };
}

/** Rounds to nd significant digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const c = x.d.charCodeAt(nd) - 48;
  // Digits are trimmed, so "exactly halfway" means the 5 is the last digit.
  const up = c === 5 && nd + 1 === x.d.length ? nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1 : c >= 5;
  if (!up) {
    const d = x.d.slice(0, nd).replace(/0+$/, "");
    return d ? { d, dp: x.dp } : { d: "", dp: 0 };
  }
  let i = nd - 1;
  while (i >= 0 && x.d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

function digitAt(x: Digits, i: number): string {
  return i >= 0 && i < x.d.length ? x.d[i] : "0";
}

function fmtE(neg: boolean, x: Digits, prec: number, e: string): string {
  let s = neg ? "-" : "";
  s += x.d.length ? x.d[0] : "0";
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  s += e;
  if (exp < 0) {
    s += "-";
    exp = -exp;
  } else s += "+";
  s += exp < 10 ? "0" + exp : String(exp);
  return s;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? "-" : "";
  if (x.dp > 0) {
    for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  } else s += "0";
  if (prec > 0) {
    s += ".";
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/** strconv.FormatFloat(v, fmt, prec, 64) for fmt in e, E, f, F, g, G; prec -1 = shortest. */
export function formatFloat(v: number, format: string, prec: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const neg = v < 0 || Object.is(v, -0);
  const abs = Math.abs(v);
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(abs);
    switch (format) {
      case "e":
      case "E":
        prec = Math.max(x.d.length - 1, 0);
        break;
      case "f":
      case "F":
        prec = Math.max(x.d.length - x.dp, 0);
        break;
      default:
        prec = x.d.length;
    }
  } else {
    const exact = abs === 0 ? { d: "", dp: 0 } : exactDigits(abs);
    switch (format) {
      case "e":
      case "E":
        x = roundDigits(exact, prec + 1);
        break;
      case "f":
      case "F":
        x = roundDigits(exact, exact.dp + prec);
        break;
      default:
        if (prec === 0) prec = 1;
        x = roundDigits(exact, prec);
    }
    if (abs === 0) x = { d: "", dp: 0 };
  }
  switch (format) {
    case "e":
    case "E":
      return fmtE(neg, x, prec, format);
    case "f":
    case "F":
      return fmtF(neg, x, prec);
  }
  let eprec = prec;
  const nd = x.d.length;
  if (eprec > nd && nd >= x.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (nd > 0 && (exp < -4 || exp >= eprec)) {
    if (prec > nd) prec = nd;
    return fmtE(neg, x, prec - 1, format === "G" ? "E" : "e");
  }
  if (nd === 0) return neg ? "-0" : "0";
  if (prec > x.dp) prec = nd;
  return fmtF(neg, x, Math.max(prec - x.dp, 0));
}

/** Go's encoding/json float64 text ('f' or 'e' by magnitude, exponent without padding). */
export function formatJsonFloat(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  return String(v);
}
