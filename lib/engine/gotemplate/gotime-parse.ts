/**
 * time.ParseInLocation for Sprig's toDate/mustToDate: Go's layout-driven parser with its
 * error texts ("parsing time "x" as "2006-01-02": cannot parse "x" as "2006"").
 */
import { type GoLocation, GoTime, LONG_DAYS, LONG_MONTHS, UTC, daysFromCivil, daysIn, fixedZone, nextChunk, timeQuote } from "./gotime";

export class TimeParseError extends Error {}

class Bad extends Error {}

const isDigit = (s: string, i: number): boolean => i < s.length && s[i] >= "0" && s[i] <= "9";
const commaOrPeriod = (c: string | undefined): boolean => c === "." || c === ",";

/** time.getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw new Bad();
  if (!isDigit(s, 1)) {
    if (fixed) throw new Bad();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s[0]) * 10 + Number(s[1]), s.slice(2)];
}

/** time.atoi: an optionally signed decimal that must use the whole string. */
function atoi(s: string): number {
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "" || !/^[0-9]+$/.test(s)) throw new Bad();
  const n = Number(s);
  return neg ? -n : n;
}

/** Case-insensitive (ASCII) prefix match against a table, like time.lookup. */
function lookup(table: readonly string[], value: string): [number, string] {
  for (let i = 0; i < table.length; i++) {
    const v = table[i];
    if (value.length >= v.length && value.slice(0, v.length).toLowerCase() === v.toLowerCase()) return [i, value.slice(v.length)];
  }
  throw new Bad();
}

function cutSpace(s: string): string {
  let i = 0;
  while (s[i] === " ") i++;
  return s.slice(i);
}

/** time.skip: the layout's literal text must be in the value (runs of spaces match runs). */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") throw new Bad();
      prefix = cutSpace(prefix);
      value = cutSpace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanoseconds(value: string, nbytes: number): number {
  if (!commaOrPeriod(value[0])) throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  return ns * 10 ** (10 - nbytes);
}

/** time.parseTimeZone: whether the value starts with something that looks like a zone abbreviation. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) {
    const rest = value.slice(3);
    if (rest === "" || (rest[0] !== "-" && rest[0] !== "+")) return 3;
    const m = /^[-+]([0-9]+)/.exec(rest);
    if (!m || Number(m[1]) > 23 || m[1].length > 2) return 3;
    return 3 + m[0].length;
  }
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper] >= "A" && value[upper] <= "Z") upper++;
  switch (upper) {
    case 0:
    case 1:
    case 2:
    case 6:
      return 0;
    case 5:
      return value[4] === "T" ? 5 : 0;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : 0;
    default:
      return 3;
  }
}

/** time.ParseInLocation(layout, value, local). */
export function parseTime(layout: string, value: string, local: GoLocation): GoTime {
  const original = value;
  const fail = (valueElem: string, layoutElem: string): TimeParseError =>
    new TimeParseError(`parsing time ${timeQuote(original)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`);
  let year = 0;
  let month = -1;
  let day = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pmSet = false;
  let amSet = false;
  let zone: GoLocation | null = null;
  let zoneOffset = -1;
  let zoneName = "";
  let rangeError = "";
  let rest = layout;
  for (;;) {
    const chunk = nextChunk(rest);
    try {
      value = skip(value, chunk.prefix);
    } catch {
      throw fail(value, chunk.prefix);
    }
    if (chunk.std === null) {
      if (value.length !== 0) throw new TimeParseError(`parsing time ${timeQuote(original)}: extra text: ${timeQuote(value)}`);
      break;
    }
    rest = chunk.suffix;
    try {
      switch (chunk.std) {
        case "06": {
          if (value.length < 2) throw new Bad();
          year = atoi(value.slice(0, 2));
          value = value.slice(2);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case "2006": {
          if (value.length < 4 || !isDigit(value, 0)) throw new Bad();
          const digits = value.slice(0, 4);
          value = value.slice(4);
          year = atoi(digits);
          break;
        }
        case "Jan":
          [month, value] = lookup(LONG_MONTHS.map((m) => m.slice(0, 3)), value);
          month++;
          break;
        case "January":
          [month, value] = lookup(LONG_MONTHS, value);
          month++;
          break;
        case "1":
        case "01":
          [month, value] = getnum(value, chunk.std === "01");
          if (month <= 0 || month > 12) rangeError = "month";
          break;
        case "Mon":
          [, value] = lookup(LONG_DAYS.map((d) => d.slice(0, 3)), value);
          break;
        case "Monday":
          [, value] = lookup(LONG_DAYS, value);
          break;
        case "2":
        case "_2":
        case "02":
          if (chunk.std === "_2" && value[0] === " ") value = value.slice(1);
          [day, value] = getnum(value, chunk.std === "02");
          break;
        case "15":
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeError = "hour";
          break;
        case "3":
        case "03":
          [hour, value] = getnum(value, chunk.std === "03");
          if (hour < 0 || hour > 12) rangeError = "hour";
          break;
        case "4":
        case "04":
          [min, value] = getnum(value, chunk.std === "04");
          if (min < 0 || min >= 60) rangeError = "minute";
          break;
        case "5":
        case "05": {
          [sec, value] = getnum(value, chunk.std === "05");
          if (sec < 0 || sec >= 60) {
            rangeError = "second";
            break;
          }
          // a fractional second in the value that the layout does not spell out
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigit(value, 1)) {
            const next = nextChunk(rest).std;
            if (next === "frac0" || next === "frac9") break;
            let n = 2;
            while (n < value.length && isDigit(value, n)) n++;
            const fraction = value;
            value = value.slice(n);
            nsec = parseNanoseconds(fraction, n);
          }
          break;
        }
        case "PM":
        case "pm": {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = chunk.std === "PM" ? ["PM", "AM"] : ["pm", "am"];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new Bad();
          break;
        }
        case "MST": {
          if (value.startsWith("UTC")) {
            zone = UTC;
            value = value.slice(3);
            break;
          }
          const n = timeZoneLength(value);
          if (n === 0) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case "frac0": {
          const n = 1 + chunk.digits!;
          if (value.length < n) throw new Bad();
          const fraction = value;
          value = value.slice(n);
          nsec = parseNanoseconds(fraction, n);
          break;
        }
        case "frac9": {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigit(value, 1)) break;
          let i = 0;
          while (i < 9 && isDigit(value, i + 1)) i++;
          const fraction = value;
          value = value.slice(1 + i);
          nsec = parseNanoseconds(fraction, 1 + i);
          break;
        }
        default: {
          const std = chunk.std;
          if (std.startsWith("Z") && value[0] === "Z") {
            value = value.slice(1);
            zone = UTC;
            break;
          }
          const body = std.slice(1);
          let parts: [string, string, string, string];
          if (body === "07:00") {
            if (value.length < 6 || value[3] !== ":") throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(4, 6), "00"];
            value = value.slice(6);
          } else if (body === "07") {
            if (value.length < 3) throw new Bad();
            parts = [value[0], value.slice(1, 3), "00", "00"];
            value = value.slice(3);
          } else if (body === "07:00:00") {
            if (value.length < 9 || value[3] !== ":" || value[6] !== ":") throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
            value = value.slice(9);
          } else if (body === "070000") {
            if (value.length < 7) throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
            value = value.slice(7);
          } else {
            if (value.length < 5) throw new Bad();
            parts = [value[0], value.slice(1, 3), value.slice(3, 5), "00"];
            value = value.slice(5);
          }
          const [sign, hh, mm, ss] = parts;
          zoneOffset = (getnum(hh, true)[0] * 60 + getnum(mm, true)[0]) * 60 + getnum(ss, true)[0];
          if (sign === "-") zoneOffset = -zoneOffset;
          else if (sign !== "+") throw new Bad();
        }
      }
    } catch (err) {
      // Go reports what is left of the value where the element failed (some elements consume first)
      if (err instanceof Bad) throw fail(value, chunk.text);
      throw err;
    }
    if (rangeError !== "") throw new TimeParseError(`parsing time ${timeQuote(original)}: ${rangeError} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) throw new TimeParseError(`parsing time ${timeQuote(original)}: day out of range`);

  const wallSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  if (zone) return new GoTime(wallSeconds - zone.zoneAt(wallSeconds).offset, nsec, zone);
  if (zoneOffset !== -1) {
    const t = wallSeconds - zoneOffset;
    const localZone = local.zoneAt(t);
    if (localZone.offset === zoneOffset && (zoneName === "" || localZone.abbreviation === zoneName)) return new GoTime(t, nsec, local);
    return new GoTime(t, nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== "") {
    // an abbreviation the local zone uses at that time, else a made-up zone (GMT±h has its offset)
    const guess = local.zoneAt(wallSeconds);
    if (guess.abbreviation === zoneName) return new GoTime(wallSeconds - guess.offset, nsec, local);
    // Go keeps the wall clock as UTC here and only labels it with the made-up zone
    const offset = zoneName.length > 3 && zoneName.startsWith("GMT") ? atoi(zoneName.slice(3)) * 3600 : 0;
    return new GoTime(wallSeconds, nsec, fixedZone(zoneName, offset));
  }
  // no zone in the value: the wall clock in the given location
  const first = wallSeconds - local.zoneAt(wallSeconds).offset;
  return new GoTime(wallSeconds - local.zoneAt(first).offset, nsec, local);
}

