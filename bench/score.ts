import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadScore } from "@/lib/engine/score";

// tsx may load this file as CommonJS (no import.meta) or as ESM (no __dirname).
const benchDir = typeof __dirname !== "undefined" ? __dirname : path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, "..");
const examplesDir = path.resolve(repoRoot, "../shared/compat/score/examples");

/** Minimum throughput the issue asks for (Score files validated per second). */
const TARGET_PER_SECOND = 2_000;

/**
 * Score files validated per second (parse with positions, upgrade, schema, extra checks) over the
 * 117 real example files of the compatibility corpus. The schema is compiled once, outside the timing.
 */
export async function benchScore(): Promise<void> {
  if (!existsSync(examplesDir)) {
    console.log(`score: skipped, the Score corpus is not at ${examplesDir}`);
    return;
  }
  const texts = readdirSync(examplesDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(path.join(d.parentPath, d.name), "utf8"));

  const compileStart = performance.now();
  loadScore(texts[0]);
  const compileMs = performance.now() - compileStart;

  // Warm up the JIT, then measure whole passes over the corpus for about two seconds.
  for (let i = 0; i < 3; i++) for (const text of texts) loadScore(text);
  let validated = 0;
  let invalid = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < 2_000) {
    for (const text of texts) {
      if (loadScore(text).errors.length > 0) invalid++;
      validated++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perSecond = Math.round(validated / seconds);
  // On a shared machine wall time includes waiting for a core; CPU time shows the engine's own cost.
  const perCpuSecond = Math.round(validated / cpuSeconds);
  console.log(
    `score: ${perSecond.toLocaleString("en-US")} Score files validated/s over ${texts.length} corpus examples ` +
      `(${validated} validations in ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU = ` +
      `${perCpuSecond.toLocaleString("en-US")}/CPU-second; first call incl. schema compile ${compileMs.toFixed(0)} ms; ` +
      `target >= ${TARGET_PER_SECOND.toLocaleString("en-US")}/s: ${perSecond >= TARGET_PER_SECOND ? "met" : "NOT met"})`,
  );
  if (invalid > 0) console.log(`score: warning, ${invalid} validations reported errors on corpus examples`);
}

// `npx tsx bench/score.ts` runs it on its own; bench/run.ts imports benchScore.
if (process.argv[1] && path.resolve(process.argv[1]) === path.join(benchDir, "score.ts")) {
  benchScore().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
