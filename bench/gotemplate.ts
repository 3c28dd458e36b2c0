/**
 * Template throughput on the real corpus: parse + execute per render, Baton's interpreter
 * and real Go text/template + Sprig (tools/gotemplate-oracle) side by side in the same run.
 * Exported for `npm run bench`; also runnable alone: `npx tsx bench/gotemplate.ts`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { stringify as toYaml } from "yaml";
import { fromGoYaml, parseTemplate, seededRandom, type GoValue } from "@/lib/engine/gotemplate";
import { Oracle, buildOracle, goAvailable } from "@/tools/gotemplate-oracle/client";
import { humanitecTemplates, scoreTemplates, type CorpusTemplate } from "@/tests/engine/gotemplate/corpus";
import { humanitecBaseData, scoreBaseData } from "@/tests/engine/gotemplate/corpus-data";
import { scoreK8sFuncs, sharedDir } from "@/tests/engine/gotemplate/harness";

const ROUNDS = Number(process.env.GOTEMPLATE_BENCH_ROUNDS ?? 200);

interface Case {
  t: CorpusTemplate;
  dataText: string;
  data: GoValue;
}

function corpusCases(): Case[] {
  const cases: Case[] = [];
  for (const t of [...humanitecTemplates(), ...scoreTemplates()]) {
    try {
      parseTemplate(t.name, t.text, { funcs: scoreK8sFuncs });
    } catch {
      continue; // the two templates Go rejects too
    }
    const raw = t.source === "humanitec" ? humanitecBaseData(t.file, false) : scoreBaseData();
    const dataText = toYaml(raw);
    cases.push({ t, dataText, data: fromGoYaml(dataText) });
  }
  return cases;
}

/** Mean nanoseconds per render, templates taken round-robin (parse + execute, or execute only). */
function timeOurs(cases: Case[], rounds: number, parseEachTime: boolean): number {
  const random = seededRandom(1);
  const parsed = cases.map((c) => parseTemplate(c.t.name, c.t.text, { funcs: scoreK8sFuncs }));
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      try {
        const tmpl = parseEachTime ? parseTemplate(c.t.name, c.t.text, { funcs: scoreK8sFuncs }) : parsed[i];
        tmpl.execute(c.data, { random });
      } catch {
        // execution errors count as renders, as in Go
      }
    }
  }
  return Number(process.hrtime.bigint() - start) / (rounds * cases.length);
}

function fmtMicros(nanos: number): string {
  return `${(nanos / 1000).toFixed(1)} µs`;
}

export async function benchGotemplate(): Promise<void> {
  console.log("== Go templates (text/template + Sprig) on the real corpus ==");
  if (!existsSync(path.join(sharedDir, "compat"))) {
    console.log(`skipped: ${sharedDir}/compat not found`);
    return;
  }
  const cases = corpusCases();
  timeOurs(cases, 50, true); // warm-up so the JIT has seen every template
  const perOurs = timeOurs(cases, ROUNDS, true);
  const perOursExec = timeOurs(cases, ROUNDS, false);
  console.log(`templates: ${cases.length}, rounds: ${ROUNDS}`);
  console.log(`baton  parse+execute: ${fmtMicros(perOurs)} per render (all templates, errors included)`);
  console.log(`baton  execute only:  ${fmtMicros(perOursExec)} per render (parsed once)`);
  if (!goAvailable()) {
    console.log("go: not installed, no side-by-side figure (apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev)");
    return;
  }
  const oracle = Oracle.start(buildOracle());
  try {
    const res = await oracle.renderMany(
      cases.map((c) => ({ name: c.t.name, template: c.t.text, data: c.dataText, format: "yaml" as const, seed: 1, funcs: "score-k8s" as const, bench: ROUNDS })),
    );
    const timed = res.filter((r) => r.nanosPerRender !== undefined);
    const perGo = timed.reduce((a, r) => a + (r.nanosPerRender ?? 0), 0) / Math.max(timed.length, 1);
    console.log(`go     parse+execute: ${fmtMicros(perGo)} per render (${timed.length} templates that render without error)`);
    const same = cases.filter((_, i) => res[i].nanosPerRender !== undefined);
    const perGoExec = timed.reduce((a, r) => a + (r.nanosPerExecute ?? 0), 0) / Math.max(timed.length, 1);
    const oursSameSet = timeOurs(same, ROUNDS, true);
    const oursExecSameSet = timeOurs(same, ROUNDS, false);
    console.log(`baton  parse+execute on the same set: ${fmtMicros(oursSameSet)} per render`);
    console.log(`go     execute only:  ${fmtMicros(perGoExec)} per render (parsed once)`);
    console.log(`baton  execute only on the same set: ${fmtMicros(oursExecSameSet)} per render`);
    console.log(`ratio baton/go: parse+execute ${(oursSameSet / perGo).toFixed(2)}x, execute only ${(oursExecSameSet / perGoExec).toFixed(2)}x (goal ≤ 1.5x)`);
  } finally {
    oracle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void benchGotemplate();
}
