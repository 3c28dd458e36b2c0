/**
 * semver and semverCompare against real Go + Masterminds/semver v3: loose versions, every
 * constraint operator, x-ranges, hyphen ranges, "," and "||", prerelease rules, errors, and
 * the *semver.Version a template can print and call methods on.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { type OracleRequest, goAvailable } from "@/tools/gotemplate-oracle/client";
import { useOracle } from "./harness";

const haveGo = goAvailable();
if (!haveGo) console.warn("sprig semver differential test skipped: `go` is not installed");

const versions = [
  "1.2.3", "v1.2.3", "1.2", "1", "0.0.0", "0.1.0", "0.0.3", "1.2.3-beta.1", "1.2.3-beta.1+build.5", "1.2.3+meta", "2.0.0-rc.1", "1.2.3-01",
  "1.2.3-alpha..1", "01.2.3", "1.2.3.4", "", "x", "1.2.3-αβ", "18446744073709551616.0.0", "1.3.0-0", "10.20.30", "1.2.3-alpha.10", "1.2.3-alpha.9",
];
const constraints = [
  "1.2.3", "=1.2.3", "!=1.2.3", ">1.2", ">=1.2.3", "=>1.2.3", "<2", "<=1.2", "=<1.2.x", "~1.2.3", "~>1.2", "~1", "^1.2.3", "^0.1.2", "^0.0.3", "^0.x",
  "1.x", "1.2.x", "*", "x", "1.2.3 - 2.3.4", ">=1.0, <2.0", ">= 1.0 < 2.0", "<1.0 || >=3.0", "!=1.x", "!=1.2.x", ">1.x", ">1.2.x", ">=1.2.3-beta.0",
  "^1.2.3-alpha", "~1.2.3-0", "", ">", "1.2.3 ||", "=>=1.0", "1 - 2", "~0.0.0", "^0.0.0", ">01.0.0", "foo",
];

describe.skipIf(!haveGo)("semver and semverCompare: byte-for-byte against Go", () => {
  const go = useOracle();
  const compare = go.expectSameAsGo;
  const req = (template: string, data: Record<string, unknown>): OracleRequest => ({ name: "t", template, data: JSON.stringify(data), format: "json" });

  it("parses versions and exposes them as *semver.Version", async () => {
    await compare(
      versions.map((v) =>
        req(
          '{{ $v := semver .v }}{{ $v }} {{ $v.Major }}.{{ $v.Minor }}.{{ $v.Patch }} [{{ $v.Prerelease }}] [{{ $v.Metadata }}] {{ $v.Original }} {{ printf "%T %#v" $v $v }} {{ toJson $v }} {{ add1 $v.Major }} {{ $v.Compare (semver "1.2.3") }} {{ $v.LessThan (semver "1.2.3") }}',
          { v },
        ),
      ),
    );
  });

  it("checks every constraint against every version like Masterminds/semver", async () => {
    await compare(constraints.flatMap((c) => versions.map((v) => req("{{ semverCompare .c .v }}", { c, v }))));
  });

  it("agrees on generated constraints and versions", async () => {
    const part = fc.constantFrom("0", "1", "2", "10", "x", "*");
    const pre = fc.constantFrom("", "-alpha", "-beta.1", "-0", "-rc.10");
    const version = fc.tuple(fc.constantFrom("", "v"), fc.constantFrom("0", "1", "2", "3"), fc.constantFrom("", ".0", ".1", ".2"), fc.constantFrom("", ".0", ".3"), pre).map((p) => p.join(""));
    const op = fc.constantFrom("", "=", "!=", ">", "<", ">=", "<=", "~", "^", "~>");
    const single = fc.tuple(op, part, fc.constantFrom("", ".0", ".1", ".x"), fc.constantFrom("", ".0", ".2", ".*"), pre).map(([o, a, b, c, d]) => `${o}${a}${b}${c}${d}`);
    const constraint = fc.tuple(single, fc.constantFrom("", ", ", " || ", " "), single).map(([a, sep, b]) => (sep ? a + sep + b : a));
    const cases = fc.sample(fc.tuple(constraint, version), { numRuns: 1500, seed: 42 });
    await compare(cases.map(([c, v]) => req("{{ semverCompare .c .v }}", { c, v })));
  });
});
