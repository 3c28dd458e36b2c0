/**
 * Sprig's date functions against real Go with the clock frozen on both sides: Go's layouts,
 * zones from the tz database, Time.String, ParseDuration and Duration.String, toDate's
 * parser and its errors, and Sprig's argument rules.
 */
import { describe, expect, it } from "vitest";
import { type OracleRequest, goAvailable } from "@/tools/gotemplate-oracle/client";
import { renderOurs, useOracle } from "./harness";

const haveGo = goAvailable();
if (!haveGo) console.warn("sprig date differential test skipped: `go` is not installed");

// 2026-12-06T21:45:40.123Z, a Sunday
const NOW = 1796593540123;

const layouts = [
  "2006-01-02", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z07:00", "Mon Jan _2 15:04:05 MST 2006", "Monday, 02-Jan-06 15:04:05 MST",
  "3:04PM", "03:04:05 pm", "Jan 2, 2006 at 3:04pm (MST)", "20060102150405", "2006-01-02 15:04:05.000", "15:04:05,999", ".00 .99 ,000000",
  "-07 -0700 -07:00 -070000 -07:00:00 Z07 Z0700 Z07:00", "January _2 2", "06 1 01", "Z", "no layout at all", "_2006 2006_", "2006.01.02 15h04",
];
const zones = ["UTC", "Local", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Tehran", "Nope/Zone", "", "../etc/passwd"];
const durations = ["1h2m3s", "1.5h", "-90m", "300ms", "1.5us", "2µs", "10ns", "0", "", "1", "1x", ".s", "+3h", "1h-2m", "9223372036854775807ns", "9223372036854775808ns", "1.000000001s", "0.5m", "1h30m45.999999999s"];
const parses: [string, string][] = [
  ["2006-01-02", "2024-02-29"], ["2006-01-02", "2023-02-29"], ["2006-01-02", "2024-13-01"], ["2006-01-02", "24-01-01"], ["2006-01-02", "2024-01-01 extra"],
  ["2006-01-02T15:04:05Z07:00", "2024-05-06T07:08:09+02:00"], ["2006-01-02T15:04:05Z07:00", "2024-05-06T07:08:09Z"], ["2006-01-02 15:04:05", "2024-05-06 07:08:09.123456"],
  ["Jan 2 2006 3:04pm", "feb 29 2024 11:59PM"], ["Jan 2 2006 3:04pm", "Feb 29 2024 11:59pm"], ["02 Jan 06 15:04 MST", "06 May 24 07:08 CEST"], ["02 Jan 06 15:04 MST", "06 May 24 07:08 UTC"],
  ["15:04", "25:00"], ["15:04:05", "10:61:00"], ["2006-01-02 -0700", "2024-01-01 +0530"], ["2006-01-02 MST", "2024-01-01 GMT+3"], ["Monday 2006", "Sunday 2024"],
  ["2006 .000", "2024 .12"], ["2006 .999", "2024 .1234"], ["2006", "0000"], ["_2 Jan", " 3 Feb"], ["2006-01-02", ""],
];

const req = (template: string, data: Record<string, unknown> = {}): OracleRequest => ({ name: "t", template, data: JSON.stringify(data), format: "json", nowMillis: NOW });

describe.skipIf(!haveGo)("date functions: byte-for-byte against Go (clock frozen)", () => {
  const go = useOracle();
  const compare = go.expectSameAsGo;

  it("formats now in every layout element and zone", async () => {
    await compare([
      req("{{ now }}|{{ now | toString }}|{{ printf \"%v %s %q\" now now now }}|{{ now | toJson }}|{{ now | unixEpoch }}|{{ now | htmlDate }}"),
      ...layouts.flatMap((layout) => zones.map((zone) => req("{{ dateInZone .l now .z }}|{{ date_in_zone .l now .z }}|{{ htmlDateInZone now .z }}", { l: layout, z: zone }))),
      ...layouts.map((layout) => req("{{ date .l now }}|{{ date .l 86400 }}|{{ date .l (int64 1700000000) }}", { l: layout })),
      req("{{ (now).Year }} {{ (now).YearDay }} {{ (now).Day }} {{ (now).Hour }} {{ (now).Minute }} {{ (now).Second }} {{ (now).Nanosecond }} {{ (now).Unix }} {{ (now).UnixMilli }} {{ ((now).Format \"Jan 2\") }} {{ (now).UTC }} {{ (now).IsZero }}"),
      req("{{ printf \"%#v\" now }} {{ printf \"%T\" now }} {{ kindOf now }} {{ typeOf now }} {{ if now }}true{{ end }}"),
      req("{{ (dateInZone \"2006-01-02 15:04 MST\" (toDate \"2006-01-02\" \"1999-03-28\") \"Europe/London\") }}"),
    ]);
  });

  it("modifies dates with Go durations and prints durations like Go", async () => {
    await compare([
      ...durations.map((d) => req("{{ dateModify .d now }}|{{ date_modify .d now }}|{{ durationRound .d }}", { d })),
      ...durations.map((d) => req("{{ mustDateModify .d now }}", { d })),
      ...durations.map((d) => req("{{ must_date_modify .d now }}", { d })),
      req('{{ duration "95" }} {{ duration 95 }} {{ duration (int64 95) }} {{ duration "-3600" }} {{ duration "x" }} {{ duration "99999999999999999999" }} {{ duration (int64 9999999999) }}'),
      req("{{ durationRound (int64 3600000000000) }} {{ durationRound 5 }} {{ durationRound \"-49h\" }} {{ durationRound \"720h1s\" }} {{ durationRound \"8761h\" }} {{ durationRound \"1s\" }}"),
      req("{{ dateModify \"1h\" \"not a time\" }}"),
      req("{{ unixEpoch 5 }}"),
    ]);
  });

  it("parses dates with toDate and mustToDate, errors included", async () => {
    await compare(parses.flatMap(([l, v]) => [req("{{ toDate .l .v }}", { l, v }), req("{{ mustToDate .l .v }}", { l, v })]));
  });

  it("tells how long ago a time was, rounded to seconds", async () => {
    // ago and durationRound of a time read the real clock in Go: compare only where both agree
    const out = renderOurs(req('{{ ago (toDate "2006-01-02" "2026-12-05") }} {{ ago 0 }} {{ ago "x" }} {{ durationRound (toDate "2006-01-02" "2026-11-01") }}'));
    expect(out.output).toBe("45h45m40s 499053h45m40s 0s 1mo");
    // anything that is not a time or Unix seconds means now (Sprig's default case)
    expect(renderOurs(req('{{ date "15:04:05.000" 1.5 }} {{ date "15:04:05.000" "x" }}')).output).toBe("21:45:40.123 21:45:40.123");
  });
});
