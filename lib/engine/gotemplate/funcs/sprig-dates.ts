/**
 * Sprig's date functions (date.go) on Go's time model (gotime.ts): now, date, dateInZone,
 * htmlDate(InZone), dateModify, toDate, unixEpoch, duration, durationRound, ago — with
 * Sprig's own argument rules (an int is seconds since the epoch for date, but `duration`
 * reads only strings and int64s; anything else means "now" or zero, as in Go).
 */
import { GoFuncError } from "../errors";
import { DurationError, GoTime, LOCAL, UTC, ZERO_TIME, durationString, formatTime, loadLocation, parseDuration } from "../gotime";
import { TimeParseError, parseTime } from "../gotime-parse";
import { type GoValue, Int64 } from "../values";
import { type CallContext, type FuncMap, goFunc } from "./types";

const NS = 1_000_000_000n;

/** A date argument: a time.Time, or Unix seconds as int or int64; anything else is now. */
function timeOf(date: GoValue, ctx: CallContext): GoTime {
  if (date instanceof GoTime) return date;
  if (typeof date === "bigint") return new GoTime(Number(date), 0, LOCAL);
  if (date instanceof Int64 && date.type === "int64") return new GoTime(Number(date.value), 0, LOCAL);
  return ctx.now();
}

function dateInZone(layout: string, date: GoValue, zone: string, ctx: CallContext): string {
  return formatTime(timeOf(date, ctx).in(loadLocation(zone) ?? UTC), layout);
}

/** Duration.Round(m): halfway values round away from zero; saturates at the int64 bounds. */
function roundDuration(d: bigint, m: bigint): bigint {
  const MIN = -(1n << 63n);
  const MAX = (1n << 63n) - 1n;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : MIN;
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d && d1 <= MAX ? d1 : MAX;
}

function since(t: GoTime, ctx: CallContext): bigint {
  return ctx.now().unixNanos() - t.unixNanos();
}

/** strconv.ParseInt(s, 10, 64) as Sprig's duration uses it: syntax errors give 0, overflow saturates. */
function parseInt64(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  const MAX = (1n << 63n) - 1n;
  return n > MAX ? MAX : n < -MAX - 1n ? -MAX - 1n : n;
}

const YEAR = 3600n * 24n * 365n * NS;
const MONTH = 3600n * 24n * 30n * NS;
const DAY = 3600n * 24n * NS;
const HOUR = 3600n * NS;
const MINUTE = 60n * NS;

function roundedDuration(d: bigint): string {
  const u = d < 0n ? -d : d;
  for (const [size, unit] of [[YEAR, "y"], [MONTH, "mo"], [DAY, "d"], [HOUR, "h"], [MINUTE, "m"], [NS, "s"]] as const) {
    if (u > size) return `${u / size}${unit}`;
  }
  return "0s";
}

function modify(text: string, date: GoValue, must: boolean): GoTime {
  const t = date as GoTime;
  try {
    return t.add(parseDuration(text));
  } catch (err) {
    if (!(err instanceof DurationError)) throw err;
    if (must) throw new GoFuncError(err.message);
    return t;
  }
}

function toDate(layout: string, value: string, must: boolean): GoTime {
  try {
    return parseTime(layout, value, LOCAL);
  } catch (err) {
    if (!(err instanceof TimeParseError)) throw err;
    if (must) throw new GoFuncError(err.message);
    return ZERO_TIME;
  }
}

export const sprigDateFuncs: FuncMap = {
  now: goFunc([], (_args, ctx) => ctx.now()),
  date: goFunc(["string", "any"], ([layout, date], ctx) => dateInZone(layout as string, date, "Local", ctx)),
  dateInZone: goFunc(["string", "any", "string"], ([layout, date, zone], ctx) => dateInZone(layout as string, date, zone as string, ctx)),
  date_in_zone: goFunc(["string", "any", "string"], ([layout, date, zone], ctx) => dateInZone(layout as string, date, zone as string, ctx)),
  htmlDate: goFunc(["any"], ([date], ctx) => dateInZone("2006-01-02", date, "Local", ctx)),
  htmlDateInZone: goFunc(["any", "string"], ([date, zone], ctx) => dateInZone("2006-01-02", date, zone as string, ctx)),
  dateModify: goFunc(["string", "time"], ([text, date]) => modify(text as string, date, false)),
  date_modify: goFunc(["string", "time"], ([text, date]) => modify(text as string, date, false)),
  mustDateModify: goFunc(["string", "time"], ([text, date]) => modify(text as string, date, true)),
  must_date_modify: goFunc(["string", "time"], ([text, date]) => modify(text as string, date, true)),
  toDate: goFunc(["string", "string"], ([layout, value]) => toDate(layout as string, value as string, false)),
  mustToDate: goFunc(["string", "string"], ([layout, value]) => toDate(layout as string, value as string, true)),
  unixEpoch: goFunc(["time"], ([date]) => String((date as GoTime).seconds)),
  ago: goFunc(["any"], ([date], ctx) => {
    const t = date instanceof GoTime ? date : timeOf(date instanceof Int64 || typeof date === "bigint" ? date : undefined, ctx);
    return durationString(roundDuration(since(t, ctx), NS));
  }),
  duration: goFunc(["any"], ([sec]) => {
    const n = typeof sec === "string" ? parseInt64(sec) : sec instanceof Int64 && sec.type === "int64" ? sec.value : 0n;
    return durationString(BigInt.asIntN(64, n * NS));
  }),
  durationRound: goFunc(["any"], ([d], ctx) => {
    let nanos = 0n;
    if (typeof d === "string") {
      try {
        nanos = parseDuration(d);
      } catch (err) {
        if (!(err instanceof DurationError)) throw err;
      }
    } else if (d instanceof Int64 && d.type === "int64") nanos = d.value;
    else if (d instanceof GoTime) nanos = since(d, ctx);
    return roundedDuration(nanos);
  }),
};

