/**
 * Engine benchmark: plan N workloads, each with three in-cluster resources provisioned by the
 * template driver (postgres, redis, mysql from the pack), from Score text to validated
 * Kubernetes objects — and compare with merely parsing the same YAML and serialising the
 * objects. Goal: 100 workloads ≤ 100 ms, growing linearly.
 */
import { performance } from "node:perf_hooks";
import { parse, stringify } from "yaml";
import { shippedDefinitions } from "@/lib/cli/commands/plan";
import { plan } from "@/lib/engine/plan";
import type { ActiveResource } from "@/lib/engine/drivers/active-resource";
import { loadScore } from "@/lib/engine/score";

function scoreText(i: number): string {
  return `apiVersion: score.dev/v1b1
metadata:
  name: svc-${i}
containers:
  main:
    image: registry.example/svc-${i}:1.0.0
    variables:
      DB_URL: postgres://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/\${resources.db.name}
      CACHE: \${resources.cache.host}:\${resources.cache.port}
      LEGACY_DB: \${resources.legacy.host}
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
service:
  ports:
    web:
      port: 80
      targetPort: 8080
resources:
  db:
    type: postgres
  cache:
    type: redis
  legacy:
    type: mysql
`;
}

type PlanRun = { ms: number; cpuMs: number; objects: Record<string, unknown>[]; resources: number; errors: number; active: ActiveResource[] };

async function planOnce(texts: string[], previous?: ActiveResource[]): Promise<PlanRun> {
  const definitions = shippedDefinitions();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const workloads = texts.map((text) => ({ score: loadScore(text).workload! }));
  const result = await plan({
    context: { org_id: "bench", app_id: "bench", env_id: "dev", env_type: "development" },
    definitions,
    workloads,
    ...(previous ? { previous } : {}),
  });
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const resources = result.graph.nodes.filter((n) => n.driver_type === "humanitec/template" && n.type !== "k8s-namespace").length;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, objects: result.objects, resources, errors: result.errors.length, active: result.resources };
}

function baselineOnce(texts: string[], objects: Record<string, unknown>[]): number {
  const start = performance.now();
  for (const text of texts) parse(text);
  stringify(objects, { aliasDuplicateObjects: false });
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (with a handful of runs, p95 is the slowest). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Wall time is what the goal is about; CPU time (this process) shows through a busy machine. */
type Timing = Pick<PlanRun, "ms" | "cpuMs">;

/** Only the timings are kept: holding every run's objects would grow the heap and time the GC instead. */
const timingOf = (run: PlanRun): Timing => ({ ms: run.ms, cpuMs: run.cpuMs });

function figures(runs: Timing[]): string {
  const wall = runs.map((r) => r.ms);
  const cpu = runs.map((r) => r.cpuMs);
  return `${median(wall).toFixed(1)} ms median of ${runs.length} (p95 ${percentile(wall, 95).toFixed(1)}, best ${Math.min(...wall).toFixed(1)}; CPU median ${median(cpu).toFixed(1)} ms)`;
}

export async function benchEngine(): Promise<void> {
  const lines: string[] = [];
  // The first plan in a fresh process pays for module loading, schema compilation and an
  // unoptimised JIT (what a one-off `baton plan` sees); reported on its own, not in the median.
  const cold = await planOnce(Array.from({ length: 100 }, (_, i) => scoreText(i)));
  lines.push(`engine plan: 100 workloads, first plan in a fresh process (cold): ${cold.ms.toFixed(1)} ms wall, ${cold.cpuMs.toFixed(1)} ms CPU`);
  // Warm-up to steady state (a server plans over and over): V8 keeps optimising hot code for
  // about fifteen plans of this size (timings fall from ~150 to ~65 ms over them), so the warm-up
  // runs twenty and prints how long they took, for the record.
  const warmUp: number[] = [];
  for (let i = 0; i < 20; i++) warmUp.push((await planOnce(Array.from({ length: 100 }, (_, j) => scoreText(j)))).ms);
  lines.push(`engine plan: 100 workloads, warm-up plans 2–21: ${warmUp.map((ms) => ms.toFixed(0)).join(" ")} ms`);
  const results: { n: number; ms: number; cpuMs: number }[] = [];
  for (const n of [100, 1000]) {
    const texts = Array.from({ length: n }, (_, i) => scoreText(i));
    const runs: Timing[] = [];
    let last!: PlanRun;
    for (let r = 0; r < (n >= 1000 ? 3 : 10); r++) {
      last = await planOnce(texts);
      runs.push(timingOf(last));
    }
    const ms = median(runs.map((r) => r.ms));
    const baseline = median(Array.from({ length: 3 }, () => baselineOnce(texts, last.objects)));
    results.push({ n, ms, cpuMs: median(runs.map((r) => r.cpuMs)) });
    // a redeploy: every resource unchanged, so the previous outputs are reused without the drivers
    const reused: Timing[] = [];
    for (let r = 0; r < 3; r++) reused.push(timingOf(await planOnce(texts, last.active)));
    lines.push(
      `engine plan: ${n} workloads, ${last.resources} template-driver resources, ${last.objects.length} objects: ${figures(runs)}; ` +
        `parse+serialise YAML only: ${baseline.toFixed(1)} ms, ratio ${(ms / baseline).toFixed(1)}x` +
        (last.errors ? ` — ${last.errors} plan errors!` : ""),
    );
    lines.push(`engine plan: ${n} workloads again with the previous active resources (all reused): ${figures(reused)}`);
  }
  const [small, large] = results;
  lines.push(
    `engine plan: growth 100 → 1000 workloads = ${(large.ms / small.ms).toFixed(1)}x wall, ${(large.cpuMs / small.cpuMs).toFixed(1)}x CPU (linear = 10x); ` +
      `goal 100 workloads <= 100 ms (steady state): ${small.ms <= 100 ? "met" : "NOT met"} (median wall ${small.ms.toFixed(1)} ms, CPU ${small.cpuMs.toFixed(1)} ms)`,
  );
  for (const line of lines) console.log(line);
}
