/**
 * The methods of time.Time a template can call on a value from now/toDate/dateModify
 * (`{{ (now).Year }}`, `{{ $t.Format "Jan 2" }}`), with Go's parameter and result types.
 */
import { type GoTime, LOCAL, UTC, civil, formatTime } from "./gotime";
import { type GoFunc, goFunc } from "./funcs/types";
import { Int64 } from "./values";

type Method = (t: GoTime) => GoFunc;

const METHODS: Record<string, Method> = {
  Year: (t) => goFunc([], () => BigInt(civil(t).year)),
  YearDay: (t) => goFunc([], () => BigInt(civil(t).yearDay)),
  Day: (t) => goFunc([], () => BigInt(civil(t).day)),
  Hour: (t) => goFunc([], () => BigInt(civil(t).hour)),
  Minute: (t) => goFunc([], () => BigInt(civil(t).minute)),
  Second: (t) => goFunc([], () => BigInt(civil(t).second)),
  Nanosecond: (t) => goFunc([], () => BigInt(t.nanos)),
  Unix: (t) => goFunc([], () => new Int64(BigInt(t.seconds))),
  UnixMilli: (t) => goFunc([], () => new Int64(t.unixNanos() / 1_000_000n)),
  UnixNano: (t) => goFunc([], () => new Int64(t.unixNanos())),
  Format: (t) => goFunc(["string"], ([layout]) => formatTime(t, layout as string)),
  String: (t) => goFunc([], () => t.toString()),
  UTC: (t) => goFunc([], () => t.in(UTC)),
  Local: (t) => goFunc([], () => t.in(LOCAL)),
  IsZero: (t) => goFunc([], () => t.seconds === -62135596800 && t.nanos === 0),
};

export function timeMethod(t: GoTime, name: string): GoFunc | undefined {
  return Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name](t) : undefined;
}
