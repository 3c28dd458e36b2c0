/**
 * Go's time.Time, time.Location and time.Duration for Sprig's date functions: Go's layout
 * formatting ("2006-01-02 15:04:05.999999999 -0700 MST"), zones from the system's tz database
 * (the files Go itself reads), Duration's String and ParseDuration. Templates see the server's
 * Local zone as UTC: rendered manifests must not depend on where Baton happens to run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { quoteGo } from "./fmt";
import { type GoFunc, goFunc } from "./funcs/types";
import { GoObject } from "./object";
import { utf8Bytes } from "./utf8";
import { Int64 } from "./values";

export interface Zone {
  abbreviation: string;
  /** Seconds east of UTC. */
  offset: number;
}

export class GoLocation {
  constructor(
    readonly name: string,
    /** The zone in effect at a Unix second. */
    readonly zoneAt: (unixSeconds: number) => Zone,
  ) {}
}

export const UTC = new GoLocation("UTC", () => ({ abbreviation: "UTC", offset: 0 }));
/** time.Local, pinned to UTC (see the module comment). */
export const LOCAL = new GoLocation("Local", () => ({ abbreviation: "UTC", offset: 0 }));

export function fixedZone(name: string, offset: number): GoLocation {
  return new GoLocation(name, () => ({ abbreviation: name, offset }));
}

/** A time.Time: Unix seconds and nanoseconds, a location, and Go's monotonic reading when it has one. */
export class GoTime extends GoObject {
  readonly goType = "time.Time";
  readonly goKind = "struct";

  constructor(
    readonly seconds: number,
    readonly nanos: number,
    readonly location: GoLocation,
    /** Nanoseconds since the process started (time.Now's monotonic clock); printed as m=±… */
    readonly monotonic: bigint | null = null,
  ) {
    super();
  }

  /** Time.GoString. */
  goString(): string {
    const c = civil(this);
    const loc = this.location === UTC ? "time.UTC" : this.location === LOCAL ? "time.Local" : `time.Location(${quoteGo(this.location.name)})`;
    return `time.Date(${c.year}, time.${LONG_MONTHS[c.month - 1]}, ${c.day}, ${c.hour}, ${c.minute}, ${c.second}, ${this.nanos}, ${loc})`;
  }

  /** Time.MarshalJSON: RFC 3339 with nanoseconds, for years 0 to 9999. */
  marshalJson(): string {
    const year = civil(this).year;
    if (year < 0 || year > 9999) throw new Error("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]");
    return '"' + formatTime(this, "2006-01-02T15:04:05.999999999Z07:00") + '"';
  }

  member(name: string): GoFunc | undefined {
    return Object.prototype.hasOwnProperty.call(TIME_METHODS, name) ? TIME_METHODS[name](this) : undefined;
  }

  equals(other: GoObject): boolean {
    return other instanceof GoTime && this.seconds === other.seconds && this.nanos === other.nanos && this.location === other.location && this.monotonic === other.monotonic;
  }

  zone(): Zone {
    return this.location.zoneAt(this.seconds);
  }

  in(location: GoLocation): GoTime {
    return new GoTime(this.seconds, this.nanos, location);
  }

  /** t.Add(d), d in nanoseconds; keeps the monotonic reading as Go does. */
  add(d: bigint): GoTime {
    const total = BigInt(this.seconds) * NS + BigInt(this.nanos) + d;
    const seconds = total / NS - (total % NS < 0n ? 1n : 0n);
    const nanos = Number(total - seconds * NS);
    return new GoTime(Number(seconds), nanos, this.location, this.monotonic === null ? null : this.monotonic + d);
  }

  unixNanos(): bigint {
    return BigInt(this.seconds) * NS + BigInt(this.nanos);
  }

  /** Time.String(). */
  toString(): string {
    let s = formatTime(this, "2006-01-02 15:04:05.999999999 -0700 MST");
    if (this.monotonic !== null) {
      const m = this.monotonic < 0n ? -this.monotonic : this.monotonic;
      const secs = m / NS;
      s += ` m=${this.monotonic < 0n ? "-" : "+"}${secs}.${(m % NS).toString().padStart(9, "0")}`;
    }
    return s;
  }
}

const NS = 1_000_000_000n;

/** The methods of time.Time a template can call (`{{ (now).Year }}`, `{{ $t.Format "Jan 2" }}`). */
const TIME_METHODS: Record<string, (t: GoTime) => GoFunc> = {
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
  IsZero: (t) => goFunc([], () => t.seconds === ZERO_SECONDS && t.nanos === 0),
};

const ZERO_SECONDS = -62135596800;
/** Go's zero Time: January 1, year 1, 00:00:00 UTC. */
export const ZERO_TIME = new GoTime(ZERO_SECONDS, 0, UTC);

// ---- locations --------------------------------------------------------------------------

const ZONEINFO_DIRS = ["/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ"];
const locations = new Map<string, GoLocation | null>();

/** time.LoadLocation; null when Go would return an error. */
export function loadLocation(name: string): GoLocation | null {
  if (name === "" || name === "UTC") return UTC;
  if (name === "Local") return LOCAL;
  if (name.includes("..") || name.startsWith("/") || name.startsWith("\\")) return null;
  if (locations.has(name)) return locations.get(name)!;
  let loc: GoLocation | null = null;
  for (const dir of ZONEINFO_DIRS) {
    try {
      loc = parseTzif(name, readFileSync(path.join(dir, name)));
      break;
    } catch {
      // not in this directory, or not a tz file
    }
  }
  if (locations.size > 500) locations.clear();
  locations.set(name, loc);
  return loc;
}

/** Reads a TZif file (RFC 8536), version 2+ data when present. */
function parseTzif(name: string, buf: Buffer): GoLocation {
  if (buf.toString("latin1", 0, 4) !== "TZif") throw new Error("not a tz file");
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(at + 20 + 4 * i));
  let at = 0;
  let [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(at);
  let timeSize = 4;
  if (buf[4] >= 0x32) {
    at = 44 + timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isutc;
    [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(at);
    timeSize = 8;
  }
  let p = at + 44;
  const transitions: number[] = [];
  for (let i = 0; i < timecnt; i++, p += timeSize) transitions.push(timeSize === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p));
  const indices = [...buf.subarray(p, p + timecnt)];
  p += timecnt;
  const types: { offset: number; isDst: boolean; abbr: number }[] = [];
  for (let i = 0; i < typecnt; i++, p += 6) types.push({ offset: buf.readInt32BE(p), isDst: buf[p + 4] === 1, abbr: buf[p + 5] });
  const chars = buf.subarray(p, p + charcnt);
  const zones: Zone[] = types.map((t) => ({ offset: t.offset, abbreviation: chars.toString("latin1", t.abbr, chars.indexOf(0, t.abbr)) }));
  // Before the first transition Go uses the first standard-time type (lookupFirstZone).
  const firstStd = Math.max(0, types.findIndex((t) => !t.isDst));
  return new GoLocation(name, (unix) => {
    let lo = 0;
    let hi = transitions.length;
    while (hi - lo > 0) {
      const mid = (lo + hi) >> 1;
      if (transitions[mid] <= unix) lo = mid + 1;
      else hi = mid;
    }
    return zones[lo === 0 ? firstStd : indices[lo - 1]] ?? { abbreviation: "UTC", offset: 0 };
  });
}

// ---- calendar ---------------------------------------------------------------------------

export interface Civil {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1..366
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civil(t: GoTime): Civil {
  const local = t.seconds + t.zone().offset;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
  };
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

// ---- layouts ----------------------------------------------------------------------------

export const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The layout elements Go recognises (time/format.go's std values). */
export type Std =
  | "Jan" | "January" | "1" | "01" | "Mon" | "Monday" | "2" | "_2" | "02" | "15" | "3" | "03" | "4" | "04" | "5" | "05"
  | "06" | "2006" | "PM" | "pm" | "MST" | "Z0700" | "Z070000" | "Z07" | "Z07:00" | "Z07:00:00" | "-0700" | "-070000" | "-07" | "-07:00" | "-07:00:00"
  | "frac0" | "frac9";

export interface Chunk {
  prefix: string;
  std: Std | null;
  /** The element's text in the layout. */
  text: string;
  suffix: string;
  /** Fractional seconds: digit count and separator. */
  digits?: number;
}

const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i] >= "0" && s[i] <= "9";

/** time.nextStdChunk: the text before the next layout element, the element, and the rest. */
export function nextChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const at = (std: Std, len: number, extra: Partial<Chunk> = {}): Chunk => ({ prefix: layout.slice(0, i), std, text: layout.slice(i, i + len), suffix: layout.slice(i + len), ...extra });
    const starts = (s: string) => layout.startsWith(s, i);
    switch (c) {
      case "J":
        if (starts("Jan")) return starts("January") ? at("January", 7) : at("Jan", 3);
        break;
      case "M":
        if (starts("Mon")) return starts("Monday") ? at("Monday", 6) : at("Mon", 3);
        if (starts("MST")) return at("MST", 3);
        break;
      case "0":
        if (layout[i + 1] >= "1" && layout[i + 1] <= "6") return at(`0${layout[i + 1]}` as Std, 2);
        break;
      case "1":
        return starts("15") ? at("15", 2) : at("1", 1);
      case "2":
        return starts("2006") ? at("2006", 4) : at("2", 1);
      case "_":
        if (layout[i + 1] === "2") {
          // _2006 is a literal _ followed by the long year
          if (starts("_2006")) return { prefix: layout.slice(0, i + 1), std: "2006", text: "2006", suffix: layout.slice(i + 5) };
          return at("_2", 2);
        }
        break;
      case "3":
      case "4":
      case "5":
        return at(c as Std, 1);
      case "P":
        if (layout[i + 1] === "M") return at("PM", 2);
        break;
      case "p":
        if (layout[i + 1] === "m") return at("pm", 2);
        break;
      case "-":
        for (const z of ["-070000", "-07:00:00", "-0700", "-07:00", "-07"] as const) if (starts(z)) return at(z, z.length);
        break;
      case "Z":
        for (const z of ["Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"] as const) if (starts(z)) return at(z, z.length);
        break;
      case ".":
      case ",":
        if (layout[i + 1] === "0" || layout[i + 1] === "9") {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) return at(ch === "0" ? "frac0" : "frac9", j - i, { digits: j - i - 1 });
        }
        break;
    }
  }
  return { prefix: layout, std: null, text: "", suffix: "" };
}

const pad = (n: number, width: number): string => (n < 0 ? "-" + String(-n).padStart(width, "0") : String(n).padStart(width, "0"));

function formatOffset(offset: number, std: Std): string {
  if (std.startsWith("Z") && offset === 0) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hours = pad(Math.floor(abs / 3600), 2);
  const minutes = pad(Math.floor(abs / 60) % 60, 2);
  const seconds = pad(abs % 60, 2);
  const body = std.slice(1);
  if (body === "07") return sign + hours;
  if (body === "0700") return sign + hours + minutes;
  if (body === "07:00") return `${sign}${hours}:${minutes}`;
  if (body === "070000") return sign + hours + minutes + seconds;
  return `${sign}${hours}:${minutes}:${seconds}`;
}

/** Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const c = civil(t);
  const zone = t.zone();
  let out = "";
  let rest = layout;
  for (;;) {
    const chunk = nextChunk(rest);
    out += chunk.prefix;
    if (chunk.std === null) return out;
    rest = chunk.suffix;
    const hour12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
    switch (chunk.std) {
      case "06": out += pad(((c.year % 100) + 100) % 100, 2); break;
      case "2006": out += pad(c.year, 4); break;
      case "Jan": out += LONG_MONTHS[c.month - 1].slice(0, 3); break;
      case "January": out += LONG_MONTHS[c.month - 1]; break;
      case "1": out += String(c.month); break;
      case "01": out += pad(c.month, 2); break;
      case "Mon": out += LONG_DAYS[c.weekday].slice(0, 3); break;
      case "Monday": out += LONG_DAYS[c.weekday]; break;
      case "2": out += String(c.day); break;
      case "_2": out += c.day < 10 ? " " + c.day : String(c.day); break;
      case "02": out += pad(c.day, 2); break;
      case "15": out += pad(c.hour, 2); break;
      case "3": out += String(hour12); break;
      case "03": out += pad(hour12, 2); break;
      case "4": out += String(c.minute); break;
      case "04": out += pad(c.minute, 2); break;
      case "5": out += String(c.second); break;
      case "05": out += pad(c.second, 2); break;
      case "PM": out += c.hour >= 12 ? "PM" : "AM"; break;
      case "pm": out += c.hour >= 12 ? "pm" : "am"; break;
      case "MST":
        if (zone.abbreviation !== "") out += zone.abbreviation;
        else {
          const minutes = Math.trunc(zone.offset / 60);
          out += (minutes < 0 ? "-" : "+") + pad(Math.floor(Math.abs(minutes) / 60), 2) + pad(Math.abs(minutes) % 60, 2);
        }
        break;
      case "frac0":
      case "frac9": {
        const digits = t.nanos.toString().padStart(9, "0").slice(0, chunk.digits);
        if (chunk.std === "frac0") out += chunk.text[0] + digits;
        else {
          const trimmed = digits.replace(/0+$/, "");
          if (trimmed !== "") out += chunk.text[0] + trimmed;
        }
        break;
      }
      default:
        out += formatOffset(zone.offset, chunk.std);
    }
  }
}

// ---- durations --------------------------------------------------------------------------

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, "µs": 1000n, "μs": 1000n, ms: 1_000_000n, s: NS, m: 60n * NS, h: 3600n * NS };
const MAX_DURATION = (1n << 63n) - 1n;

/** Duration.String(): "1h2m3.5s", "1.5µs", "0s". */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  const frac = (v: bigint, prec: number): [string, bigint] => {
    let digits = "";
    let printed = false;
    for (let i = 0; i < prec; i++) {
      const digit = v % 10n;
      printed ||= digit !== 0n;
      if (printed) digits = digit.toString() + digits;
      v /= 10n;
    }
    return [printed ? "." + digits : "", v];
  };
  if (u < NS) {
    if (u === 0n) return "0s";
    let prec: number;
    let unit: string;
    if (u < 1000n) [prec, unit] = [0, "ns"];
    else if (u < 1_000_000n) [prec, unit] = [3, "µs"];
    else [prec, unit] = [6, "ms"];
    const [fraction, whole] = frac(u, prec);
    out = whole.toString() + fraction + unit;
  } else {
    const [fraction, whole] = frac(u, 9);
    u = whole;
    out = (u % 60n).toString() + fraction + "s";
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + "m" + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

/** time's quote(): ASCII as is (with " and \ escaped), everything else as \x bytes. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) for (const b of utf8Bytes(ch)) out += "\\x" + b.toString(16).padStart(2, "0");
    else out += ch === '"' || ch === "\\" ? "\\" + ch : ch;
  }
  return out + '"';
}

export class DurationError extends Error {}

/** time.ParseDuration, with Go's error texts. */
export function parseDuration(text: string): bigint {
  const invalid = () => new DurationError(`time: invalid duration ${timeQuote(text)}`);
  let s = text;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigitAt(s, 0))) throw invalid();
    let i = 0;
    while (isDigitAt(s, i)) i++;
    const whole = s.slice(0, i);
    s = s.slice(i);
    let fraction = "";
    if (s[0] === ".") {
      let j = 1;
      while (isDigitAt(s, j)) j++;
      fraction = s.slice(1, j);
      s = s.slice(j);
    }
    if (whole === "" && fraction === "") throw invalid();
    let u = 0;
    while (u < s.length && s[u] !== "." && !isDigitAt(s, u)) u++;
    if (u === 0) throw new DurationError(`time: missing unit in duration ${timeQuote(text)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS[unitName];
    if (unit === undefined) throw new DurationError(`time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(text)}`);
    const v = BigInt(whole || "0");
    if (v > MAX_DURATION / unit) throw invalid();
    let part = v * unit;
    if (fraction !== "") {
      // Go keeps fraction digits while they fit, then scales like float64 arithmetic on the rest
      let f = 0n;
      let scale = 1n;
      for (const digit of fraction) {
        if (f > MAX_DURATION / 10n) break;
        f = f * 10n + BigInt(digit);
        scale *= 10n;
      }
      part += BigInt(Math.trunc(Number(f) * (Number(unit) / Number(scale))));
    }
    total += part;
    if (total > MAX_DURATION) throw invalid();
  }
  return neg ? -total : total;
}
