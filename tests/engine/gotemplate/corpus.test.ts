/**
 * Every template of the real corpus (../shared/compat): parses like Go, renders the golden
 * in-cluster packs exactly, and renders byte for byte like real Go + Sprig (the oracle) with
 * realistic data, decoded both as JSON (float64 numbers) and as YAML (int numbers).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { stringify as toYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GoTemplateError, type GoValue, fromGoYaml, parseTemplate, isMap, Int64 } from "@/lib/engine/gotemplate";
import { Oracle, type OracleRequest, buildOracle, goAvailable } from "@/tools/gotemplate-oracle/client";
import { type CorpusTemplate, humanitecDefinitionFiles, humanitecTemplates, scoreTemplates } from "./corpus";
import { humanitecBaseData, parseRendered, readJson, scoreBaseData } from "./corpus-data";
import { renderOurs, scoreK8sFuncs, sharedDir, sharedExists } from "./harness";

if (!sharedExists) console.warn(`gotemplate corpus tests skipped: ${sharedDir}/compat not found`);
const haveGo = goAvailable();
if (!haveGo) console.warn("gotemplate differential tests skipped: `go` is not installed (apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev)");

const KNOWN_GO_PARSE_FAILURES = ["propagate-id__def-workload.yaml", "break-a-loop-additional-resource__def-workload.yaml"];

function allTemplates(): CorpusTemplate[] {
  return [...humanitecTemplates(), ...scoreTemplates()];
}

describe.skipIf(!sharedExists)("corpus: parsing", () => {
  it("parses every corpus template except the two Go rejects, which fail with a position", () => {
    const templates = allTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(300);
    const failures: string[] = [];
    for (const t of templates) {
      try {
        parseTemplate(t.name, t.text, { funcs: scoreK8sFuncs });
      } catch (err) {
        expect(err).toBeInstanceOf(GoTemplateError);
        failures.push(`${path.basename(t.file)} ${t.field}: ${(err as Error).message}`);
      }
    }
    expect(failures).toHaveLength(2);
    for (const [i, suffix] of KNOWN_GO_PARSE_FAILURES.entries()) {
      const f = failures.find((x) => x.includes(suffix));
      expect(f, `expected ${suffix} to fail (${i})`).toBeDefined();
      expect(f).toMatch(/template: \w+:\d+: comment ends before closing delimiter/);
    }
    console.log(`corpus: ${templates.length} templates, ${templates.length - 2} parse, 2 rejected as Go does`);
  });
});

function toPlain(v: GoValue): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Int64) return Number(v.value);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v ?? null;
}

describe.skipIf(!sharedExists)("corpus: golden renders of the in-cluster packs", () => {
  const goldenDir = path.join(sharedDir, "compat/humanitec/golden");
  const cases = sharedExists ? readdirSync(goldenDir).filter((f) => f.endsWith(".with-cookie.yaml")) : [];
  it.each(cases)("%s", (caseFile) => {
    const input = fromGoYaml(readFileSync(path.join(goldenDir, caseFile), "utf8")) as Record<string, GoValue>;
    const pack = /resource-defs__(\w+)__basic/.exec(caseFile)![1];
    const defFile = humanitecDefinitionFiles().find((f) => f.includes(`resource-defs__${pack}__basic`))!;
    let defText = readFileSync(defFile, "utf8");
    const placeholders = input.placeholders as Record<string, GoValue>;
    for (const [k, v] of Object.entries(placeholders ?? {})) defText = defText.split("${" + k + "}").join(String(v));
    const def = fromGoYaml(defText) as Record<string, Record<string, Record<string, GoValue>>>;
    const values = def.entity.driver_inputs.values as Record<string, GoValue>;
    const templates = values.templates as Record<string, string>;
    const data: Record<string, GoValue> = {
      cookie: input.cookie,
      driver: { values, secrets: {} } as unknown as GoValue,
      id: "test-guresid",
      resource: input.resource,
    };
    const result: Record<string, unknown> = {};
    for (const name of ["init", "manifests", "outputs", "secrets", "cookie"]) {
      if (!templates[name]) continue;
      const out = parseTemplate(name, templates[name]).execute(data as unknown as GoValue);
      const parsed = fromGoYaml(out);
      result[name] = toPlain(parsed);
      if (name === "init") data.init = parsed;
      if (name === "outputs") data.outputs = { values: parsed } as unknown as GoValue;
    }
    const expected = readJson(path.join(goldenDir, caseFile.replace(".with-cookie.yaml", ".expected.json"))) as Record<string, unknown>;
    for (const k of Object.keys(expected)) expect(result[k] ?? null, k).toEqual(expected[k]);
  });
});

interface Diff {
  where: string;
  ours: string;
  go: string;
}

const outcomes = { ok: 0, error: 0 };

function compare(where: string, req: OracleRequest, go: { ok: boolean; output: string; error: string }, diffs: Diff[]): void {
  const ours = renderOurs(req);
  outcomes[go.ok ? "ok" : "error"]++;
  const a = ours.ok ? `OK ${JSON.stringify(ours.output)}` : `ERR ${ours.error}`;
  const b = go.ok ? `OK ${JSON.stringify(go.output)}` : `ERR ${go.error}`;
  if (a !== b) diffs.push({ where, ours: a, go: b });
}

function dataText(data: unknown, format: "json" | "yaml"): string {
  return format === "json" ? JSON.stringify(data) : toYaml(data);
}

describe.skipIf(!sharedExists || !haveGo)("corpus: byte-for-byte against Go text/template + Sprig", () => {
  let oracle: Oracle;
  beforeAll(() => {
    oracle = Oracle.start(buildOracle());
  });
  afterAll(() => oracle?.close());

  it("Humanitec definitions render like Go (init → manifests → outputs → secrets → cookie, with and without cookie)", async () => {
    const diffs: Diff[] = [];
    let compared = 0;
    const byFile = new Map<string, CorpusTemplate[]>();
    for (const t of humanitecTemplates()) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
    for (const format of ["yaml", "json"] as const) {
      for (const variant of ["thin", "full", "cookie"] as const) {
        const datas = new Map<string, Record<string, unknown>>();
        // stage 1: init
        const initReqs: Array<{ file: string; req: OracleRequest; t: CorpusTemplate }> = [];
        for (const [file, ts] of byFile) {
          const data = humanitecBaseData(file, variant === "thin");
          datas.set(file, data);
          const init = ts.find((t) => t.field.endsWith("templates.init"));
          if (init) initReqs.push({ file, t: init, req: { name: init.name, template: init.text, data: dataText(data, format), format, seed: 7 } });
        }
        const initRes = await oracle.renderMany(initReqs.map((x) => x.req));
        initReqs.forEach(({ file, req, t }, i) => {
          compare(`${path.basename(file)} ${t.field} [${format}/${variant}]`, req, initRes[i], diffs);
          compared++;
          const parsed = initRes[i].ok ? parseRendered(initRes[i].output) : undefined;
          if (parsed !== undefined) {
            const data = datas.get(file)!;
            data.init = parsed;
            if (variant === "cookie") data.cookie = parsed;
          }
        });
        // stage 2: everything else, outputs first so that secrets can read .outputs.values
        const order = (t: CorpusTemplate): number => (t.field.endsWith("templates.outputs") ? 0 : t.field.endsWith("templates.secrets") ? 2 : 1);
        const rest: Array<{ file: string; t: CorpusTemplate }> = [];
        for (const [file, ts] of byFile) for (const t of ts) if (!t.field.endsWith("templates.init")) rest.push({ file, t });
        rest.sort((a, b) => order(a.t) - order(b.t));
        for (const stage of [0, 1, 2]) {
          const batch = rest.filter((x) => order(x.t) === stage);
          const reqs: OracleRequest[] = batch.map(({ file, t }) => ({ name: t.name, template: t.text, data: dataText(datas.get(file), format), format, seed: 11 }));
          const res = await oracle.renderMany(reqs);
          batch.forEach(({ file, t }, i) => {
            compare(`${path.basename(file)} ${t.field} [${format}/${variant}]`, reqs[i], res[i], diffs);
            compared++;
            if (stage === 0 && res[i].ok) {
              const parsed = parseRendered(res[i].output);
              if (parsed !== undefined) datas.get(file)!.outputs = { values: parsed };
            }
          });
        }
      }
    }
    console.log(`corpus (Humanitec): ${compared} renders compared with Go, ${diffs.length} differences`);
    expect(diffs.slice(0, 10)).toEqual([]);
  });

  it("score provisioners render like Go (init → state → shared → the rest, twice for state round-trips)", async () => {
    const diffs: Diff[] = [];
    let compared = 0;
    const templates = scoreTemplates();
    const byProv = new Map<string, CorpusTemplate[]>();
    for (const t of templates) {
      const key = `${t.file}#${t.provisioner}`;
      byProv.set(key, [...(byProv.get(key) ?? []), t]);
    }
    for (const format of ["yaml", "json"] as const) {
      const datas = new Map<string, Record<string, unknown>>();
      for (const key of byProv.keys()) datas.set(key, scoreBaseData());
      for (let round = 0; round < 2; round++) {
        for (const [stage, field] of [[0, "init"], [1, "state"], [2, "shared"], [3, "*"]] as const) {
          const batch: Array<{ key: string; t: CorpusTemplate }> = [];
          for (const [key, ts] of byProv) {
            for (const t of ts) {
              const isStaged = ["init", "state", "shared"].includes(t.name);
              if ((field === "*" && !isStaged) || t.name === field) batch.push({ key, t });
            }
          }
          const reqs: OracleRequest[] = batch.map(({ key, t }) => ({
            name: t.name,
            template: t.text,
            data: dataText(datas.get(key), format),
            format,
            seed: 3 + round,
            funcs: "score-k8s",
          }));
          const res = await oracle.renderMany(reqs);
          batch.forEach(({ key, t }, i) => {
            compare(`${path.basename(t.file)} ${t.field} [${format}/round ${round}]`, reqs[i], res[i], diffs);
            compared++;
            if (res[i].ok && stage < 3) {
              const parsed = parseRendered(res[i].output);
              if (parsed && typeof parsed === "object") {
                const prop = stage === 0 ? "Init" : stage === 1 ? "State" : "Shared";
                datas.get(key)![prop] = parsed;
              }
            }
          });
        }
      }
    }
    console.log(`corpus (score): ${compared} renders compared with Go, ${diffs.length} differences`);
    console.log(`corpus outcomes in Go so far: ${outcomes.ok} rendered, ${outcomes.error} errors (compared too)`);
    expect(diffs.slice(0, 10)).toEqual([]);
  });
});
