/**
 * snakecase, kebabcase, camelcase (huandu/xstrings' word rules), env and expandenv (an empty
 * environment, which the oracle also runs with) against real Go + Sprig, on hand-picked
 * words and generated strings; getHostByName is refused.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Oracle, type OracleRequest, buildOracle, goAvailable } from "@/tools/gotemplate-oracle/client";
import { differencesFromGo, renderOurs } from "./harness";

const haveGo = goAvailable();
if (!haveGo) console.warn("sprig case/env differential test skipped: `go` is not installed");

const words = [
  "", "a", "A", "_", "-", " ", "__", "FirstName", "HTTPServer", "NoHTTPS", "GO_PATH", "GO PATH", "GO-PATH", "http2xx", "HTTP20xOK",
  "Duration2m3s", "Bld4Floor3rd", "some_words", "http_server", "no_https", "_complex__case_", "some words", "a.b.c", "ÀÉÎõü_ÿ",
  "HTTPStatus", "XMLHttpRequest", "iPhone12Pro", "v1.2.3-beta", "日本語テキスト", "中文Word", "snake_Case-kebab Case", "ABC", "ABc",
  "123abc", "abc123", "1A2b3C", "hello--world__", "  spaced  out  ", "Tab\tSep", "émile-zola", "ǅungla", "ß-straße",
];
const alphabet = fc.constantFrom(..."aZ9_- .A1bÉé日,!xX\t".split(""));
const generated = fc.sample(fc.array(alphabet, { maxLength: 14 }).map((cs) => cs.join("")), { numRuns: 400, seed: 7 });

const envCases = [
  "$HOME", "${HOME}", "a$", "$", "$$", "${}", "${", "${1}", "$1x", "${*}", "pre${PATH}post", "$_x-y", "${a b}", "cost: $5", "$@", "none",
];

describe.skipIf(!haveGo)("snakecase, kebabcase, camelcase, env, expandenv: byte-for-byte against Go", () => {
  let oracle: Oracle;
  beforeAll(() => {
    oracle = Oracle.start(buildOracle());
  });
  afterAll(() => oracle?.close());

  it("converts like huandu/xstrings and expands against an empty environment", async () => {
    const requests: OracleRequest[] = [
      ...[...words, ...generated].map((s) => ({ name: "case", template: "{{ snakecase .s | quote }} {{ kebabcase .s | quote }} {{ camelcase .s | quote }}", data: JSON.stringify({ s }), format: "json" as const })),
      ...envCases.map((s) => ({ name: "env", template: '{{ expandenv .s | quote }} {{ env "HOME" | quote }} {{ env "PATH" | quote }}', data: JSON.stringify({ s }), format: "json" as const })),
    ];
    expect(await differencesFromGo(oracle, requests)).toEqual([]);
  });
});

describe("getHostByName", () => {
  it("is refused with an error naming the function: templates do no DNS", () => {
    const out = renderOurs({ name: "t", template: '{{ getHostByName "db.internal" }}', data: "", format: "none" });
    expect(out.ok).toBe(false);
    expect(out.error).toContain('error calling getHostByName: getHostByName is disabled in Baton: templates may not look up host names (asked for "db.internal")');
  });
});
