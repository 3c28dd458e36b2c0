/**
 * The planning pool: plans run in worker threads, give the same result as planning in
 * process, and a plan that runs too long or builds too much is stopped — the thread is
 * replaced, the caller gets a clear error, and the main thread's event loop never waits.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION_LIMITS } from "@/lib/engine/gotemplate";
import { plan } from "@/lib/engine/plan";
import { PlanAbortedError, createPlanPool, type PlanPool, type PlanRequest } from "@/lib/server/planning/pool";
import { baseDefinitions, context, def, workload } from "../engine/engine/helpers";

function request(template: string): PlanRequest {
  return {
    context,
    definitions: [...baseDefinitions(), def("hostile-db", "postgres", "humanitec/template", { driver_inputs: { values: { templates: { outputs: template } } } })],
    workloads: [{ score: workload("api", { containers: { main: { image: "api:1", variables: { DB: "${resources.db.host}" } } }, resources: { db: { type: "postgres" } } }) }],
  };
}

/** The longest the main thread's event loop went without running a timer while `work` ran. */
async function longestStall(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work.catch(() => undefined);
  } finally {
    clearInterval(timer);
  }
  return longest;
}

let pool: PlanPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("planning pool", () => {
  it("plans in a worker thread exactly as in process", async () => {
    pool = createPlanPool({ workers: 1, timeoutMs: 60_000, memoryMb: 256, templateLimits: DEFAULT_EXECUTION_LIMITS });
    const input = request("host: db-{{ .id | trunc 8 }}\nport: 5432");
    const [inThread, inProcess] = await Promise.all([pool.plan(input), plan(input)]);
    expect(inThread.errors).toEqual([]);
    expect(inThread.objects).toEqual(inProcess.objects);
    expect(inThread.graph).toEqual(inProcess.graph);
  });

  it("reports a template over its step budget as a failed resource naming the definition, template and line", async () => {
    pool = createPlanPool({ workers: 1, timeoutMs: 60_000, memoryMb: 256, templateLimits: { ...DEFAULT_EXECUTION_LIMITS, maxSteps: 10_000 } });
    const result = await pool.plan(request("host: x\n{{ range until 100000000 }}{{ end }}"));
    expect(result.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/definition "hostile-db".*template: outputs:2:\d+: .*step budget exhausted/));
  });

  it("stops a plan that outlives its wall time, replaces the thread and plans again", async () => {
    // budgets far too big to trip first, so only the pool's own limit can end it
    pool = createPlanPool({ workers: 1, timeoutMs: 1500, memoryMb: 256, templateLimits: { maxSteps: 1e15, maxOutputBytes: 1e15, timeoutMs: 1e9 } });
    pool.warm();
    const runaway = pool.plan(request("{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}"));
    const stall = await longestStall(runaway);
    await expect(runaway).rejects.toThrow(PlanAbortedError);
    await expect(runaway).rejects.toThrow(/planning took longer than 1500 ms \(BATON_PLAN_TIMEOUT_MS\)/);
    expect(stall).toBeLessThan(200);
    const next = await pool.plan(request("host: fine"));
    expect(next.errors).toEqual([]);
  });

  it("stops a plan whose templates build more than the thread's heap", async () => {
    pool = createPlanPool({ workers: 1, timeoutMs: 60_000, memoryMb: 64, templateLimits: { maxSteps: 1e15, maxOutputBytes: 1e15, timeoutMs: 1e9 } });
    const hog = pool.plan(request('{{ $l := list }}{{ range until 100000000 }}{{ $l = append $l "xxxxxxxxxxxxxxxx" }}{{ end }}'));
    await expect(hog).rejects.toThrow(/planning used more than 64 MB \(BATON_PLAN_MEMORY_MB\)/);
    expect((await pool.plan(request("host: fine"))).errors).toEqual([]);
  });
});
