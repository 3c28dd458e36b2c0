/**
 * Differential test: thousands of generated templates and data, rendered by our engine and
 * by real Go text/template + Sprig (tools/gotemplate-oracle), compared byte for byte,
 * errors included. GOTEMPLATE_FUZZ_SEED and GOTEMPLATE_FUZZ_RUNS override the defaults.
 */
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Oracle, type OracleRequest, buildOracle, goAvailable } from "@/tools/gotemplate-oracle/client";
import { dataRoot, maybeBroken } from "./generator";
import { renderOurs } from "./harness";

const haveGo = goAvailable();
if (!haveGo) console.warn("gotemplate fuzz test skipped: `go` is not installed (apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev)");

const RUNS = Number(process.env.GOTEMPLATE_FUZZ_RUNS ?? 6000);
const SEED = Number(process.env.GOTEMPLATE_FUZZ_SEED ?? 20240601);

describe.skipIf(!haveGo)("generated templates: byte-for-byte against Go", () => {
  let oracle: Oracle;
  beforeAll(() => {
    oracle = Oracle.start(buildOracle());
  });
  afterAll(() => oracle?.close());

  it(`renders ${RUNS} generated (template, data) cases exactly like Go (seed ${SEED})`, async () => {
    const cases = fc.sample(fc.tuple(maybeBroken, dataRoot, fc.boolean(), fc.nat()), { numRuns: RUNS, seed: SEED });
    const requests: OracleRequest[] = cases.map(([template, data, json, seed]) => ({
      name: "gen",
      template,
      data: json ? JSON.stringify(data) : toYaml(data),
      format: json ? "json" : "yaml",
      seed,
    }));
    const results = await oracle.renderMany(requests);
    const diffs: string[] = [];
    let ok = 0;
    requests.forEach((req, i) => {
      const go = results[i];
      const ours = renderOurs(req);
      if (go.ok) ok++;
      const a = ours.ok ? `OK ${JSON.stringify(ours.output)}` : `ERR ${ours.error}`;
      const b = go.ok ? `OK ${JSON.stringify(go.output)}` : `ERR ${go.error}`;
      if (a !== b) diffs.push(`#${i} ${req.format}\n template: ${JSON.stringify(req.template)}\n data: ${JSON.stringify(req.data)}\n ours: ${a}\n go:   ${b}`);
    });
    console.log(`generated: ${requests.length} cases, ${ok} rendered and ${requests.length - ok} errors in Go, ${diffs.length} differences`);
    if (diffs.length) console.log(diffs.slice(0, 15).join("\n\n"));
    expect(diffs.length).toBe(0);
  });
});
