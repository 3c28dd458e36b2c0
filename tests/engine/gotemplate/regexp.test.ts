/**
 * Differential test of the regexp functions: each (pattern, input) pair runs through every
 * Sprig regexp function in our engine and in real Go text/template + Sprig, compared byte for
 * byte — matches, groups, empty-match iteration, splits, replacements and syntax errors.
 * The pathological patterns are the ones that take a backtracking engine exponential time;
 * RE2 (Go's engine and ours) answers them in linear time, so they finish inside the test's
 * ordinary timeout or the test fails.
 */
import { describe, expect, it } from "vitest";
import { type OracleRequest, goAvailable } from "@/tools/gotemplate-oracle/client";
import { renderOurs, useOracle } from "./harness";

const haveGo = goAvailable();
if (!haveGo) console.warn("regexp differential test skipped: `go` is not installed (apt-get install golang-go golang-github-masterminds-sprig-dev)");

const pathological: [string, string][] = [
  ["^(a+)+$", "a".repeat(5000) + "b"],
  ["(a|aa)*c", "a".repeat(5000)],
  ["(x+x+)+y", "x".repeat(5000)],
  ["^(\\w+\\s?)*$", "word ".repeat(2000) + "!"],
  ["(a*)*b", "a".repeat(5000)],
  ["^(([a-z])+.)+[A-Z]([a-z])+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"],
  ["(.*a){12}", "a".repeat(3000)],
];

const ordinary: [string, string][] = [
  ["a|ab", "ab abab"],
  ["(a)|(b)", "ab ba"],
  ["a*", "baaab😀c"],
  ["", "héllo"],
  ["x*", ""],
  ["(?i)straße|K", "STRASSE k \u212a"],
  ["(?U)a+", "aaa"],
  ["(?U)a+?", "aaa"],
  ["(?s)a.b", "a\nb"],
  ["a.b", "a\nb"],
  ["(?m)^\\w+$", "one\ntwo\nthree"],
  ["^\\w+$", "one\ntwo"],
  ["\\Aab\\z", "ab"],
  ["\\bfoo\\b", "foo foobar barfoo foo"],
  ["\\s+", "a \t\n\u000b\fb"],
  ["[[:alpha:]]+", "abc123DEF"],
  ["[[:^digit:]]+", "abc123DEF"],
  ["\\pL+", "héllo wörld 123"],
  ["\\p{Greek}+", "alpha αβγ"],
  ["\\PN+", "a1b2"],
  ["\\Q.*+\\E", "a.*+b"],
  ["(?P<key>\\w+)=(?P<value>\\w*)", "a=1 b= c=3"],
  ["(?P<key>a)|(?P<key>b)", "ab ba"],
  ["(?P<key>[(?P<key>]+)(?P<key>x)?", "(?P<key>x"],
  ["x{2,3}", "xxxxxxx"],
  ["x{2,}?", "xxxxx"],
  ["[^\\n]+", "line1\nline2"],
  ["\\x{1F600}|\\x41", "A😀B"],
  ["[a-c-e]+", "a-e-c-b"],
  ["(a+)(b+)?", "aab aa"],
  ["a{,3}", "a{,3}"],
  ["\\d+", "v1.22.3"],
  ["(?:ab)+", "ababab"],
  ["$", "end"],
  ["^", "start"],
  ["b*", "abc"],
];

const invalid: string[] = [
  "(a",
  "a)",
  "a**",
  "*a",
  "a++",
  "[z-a]",
  "\\8",
  "\\Z",
  "\\C",
  "a{1001}",
  "x{2}{3}",
  "(?=a)",
  "(?!a)",
  "[a",
  "\\",
  "(?P<n>a)(?P<n>b)",
  "(?P<>a)",
  "\\p{Nope}",
  "[[:nope:]]",
  "(?i",
  "a{2,1}",
];

// Every regexp function of Sprig, fed through data so that no pattern needs template quoting.
const template = [
  `{{ regexMatch .p .s }}`,
  `{{ regexFind .p .s | quote }}`,
  `{{ regexFindAll .p .s -1 | toJson }}`,
  `{{ regexFindAll .p .s 2 | toJson }}`,
  `{{ regexReplaceAll .p .s "<${1}|$key|$$>" | quote }}`,
  `{{ regexReplaceAllLiteral .p .s "<$1>" | quote }}`,
  `{{ regexSplit .p .s -1 | toJson }}`,
  `{{ regexSplit .p .s 2 | toJson }}`,
  `{{ regexQuoteMeta .p | quote }}`,
].join("\n");

const mustTemplate = `{{ mustRegexMatch .p .s }} {{ mustRegexFindAll .p .s -1 | toJson }}`;

function request(t: string, p: string, s: string): OracleRequest {
  return { name: "regexp", template: t, data: JSON.stringify({ p, s }), format: "json" };
}

describe.skipIf(!haveGo)("regexp functions: byte-for-byte against Go", () => {
  const go = useOracle();
  const compare = go.expectSameAsGo;

  it("matches, iterates, splits and replaces like Go", async () => {
    await compare(ordinary.flatMap(([p, s]) => [request(template, p, s), request(mustTemplate, p, s)]));
  });

  it("rejects invalid patterns with Go's messages, in the must* and the panicking forms", async () => {
    await compare(invalid.flatMap((p) => [request(mustTemplate, p, "x"), request(`{{ regexFind .p "x" }}`, p, ""), request(`{{ regexMatch .p "x" }}`, p, "")]));
  });

  it("answers patterns that backtrack exponentially elsewhere in linear time, as Go does", async () => {
    await compare(pathological.map(([p, s]) => request(`{{ regexMatch .p .s }} {{ regexFind .p .s | len }} {{ regexReplaceAll .p .s "" | len }}`, p, s)));
  });
});

// Debian's Go (1.19) predates Go 1.22's (?<name>…) syntax; these follow current Go.
describe("regexp syntax newer than the Go in Debian's oracle", () => {
  it("accepts (?<name>…) and reads lookbehind-like groups as bad names, as Go 1.22 and later do", () => {
    expect(renderOurs(request(`{{ regexReplaceAll "(?<word>\\\\w+)" .s "[\${word}]" }}`, "", "ab cd"))).toEqual({ ok: true, output: "[ab] [cd]", error: "" });
    expect(renderOurs(request(`{{ mustRegexMatch .p .s }}`, "(?<=a)b", "ab")).error).toMatch(/error parsing regexp: invalid named capture: `\(\?<=a\)b`$/);
  });
});
