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

type PlanRun = { ms: number; objects: Record<string, unknown>[]; resources: number; errors: number; active: ActiveResource[] };

async function planOnce(texts: string[], previous?: ActiveResource[]): Promise<PlanRun> {
  const definitions = shippedDefinitions();
  const start = performance.now();
  const workloads = texts.map((text) => ({ score: loadScore(text).workload! }));
  const result = await plan({
    context: { org_id: "bench", app_id: "bench", env_id: "dev", env_type: "development" },
    definitions,
    workloads,
    ...(previous ? { previous } : {}),
  });
  const ms = performance.now() - start;
  const resources = result.graph.nodes.filter((n) => n.driver_type === "humanitec/template" && n.type !== "k8s-namespace").length;
  return { ms, objects: result.objects, resources, errors: result.errors.length, active: result.resources };
}

function baselineOnce(texts: string[], objects: Record<string, unknown>[]): number {
  const start = performance.now();
  for (const text of texts) parse(text);
  stringify(objects, { aliasDuplicateObjects: false });
  return performance.now() - start;
}

function best<T extends { ms: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

export async function benchEngine(): Promise<void> {
  await planOnce([scoreText(0)]); // warm-up: module loading, template parsing
  const lines: string[] = [];
  const results: { n: number; ms: number }[] = [];
  for (const n of [100, 1000]) {
    const texts = Array.from({ length: n }, (_, i) => scoreText(i));
    const runs = [];
    for (let r = 0; r < (n >= 1000 ? 2 : 5); r++) runs.push(await planOnce(texts));
    const fastest = best(runs);
    const baseline = Math.min(...Array.from({ length: 3 }, () => baselineOnce(texts, fastest.objects)));
    results.push({ n, ms: fastest.ms });
    // a redeploy: every resource unchanged, so the previous outputs are reused without the drivers
    const reused = best([await planOnce(texts, fastest.active), await planOnce(texts, fastest.active)]);
    lines.push(
      `engine plan: ${n} workloads, ${fastest.resources} template-driver resources, ${fastest.objects.length} objects: ` +
        `${fastest.ms.toFixed(1)} ms (parse+serialise YAML only: ${baseline.toFixed(1)} ms, ratio ${(fastest.ms / baseline).toFixed(1)}x)` +
        (fastest.errors ? ` — ${fastest.errors} plan errors!` : ""),
    );
    lines.push(`engine plan: ${n} workloads again with the previous active resources (all reused): ${reused.ms.toFixed(1)} ms`);
  }
  const [small, large] = results;
  lines.push(`engine plan: growth 100 → 1000 workloads = ${(large.ms / small.ms).toFixed(1)}x (linear = 10x); goal 100 workloads <= 100 ms: ${small.ms <= 100 ? "met" : "NOT met"}`);
  for (const line of lines) console.log(line);
}

// `tsx bench/engine.ts` runs it directly
if (import.meta.url === `file://${process.argv[1]}`) {
  void benchEngine();
}
