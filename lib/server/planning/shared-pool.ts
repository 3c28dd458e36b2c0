import { getConfig } from "@/lib/server/config";
import type { Plan } from "@/lib/engine/plan";
import { createPlanPool, type PlanPool, type PlanRequest } from "./pool";

// One pool per server process (kept on globalThis across dev reloads).
const holder = globalThis as unknown as { __batonPlanPool?: PlanPool };

/** The process's planning pool, sized and limited by the installation's configuration. */
export function getPlanPool(): PlanPool {
  if (holder.__batonPlanPool) return holder.__batonPlanPool;
  const cfg = getConfig();
  holder.__batonPlanPool = createPlanPool({
    workers: cfg.BATON_PLAN_WORKERS,
    timeoutMs: cfg.BATON_PLAN_TIMEOUT_MS,
    memoryMb: cfg.BATON_PLAN_MEMORY_MB,
    templateLimits: { maxSteps: cfg.BATON_TEMPLATE_MAX_STEPS, maxOutputBytes: cfg.BATON_TEMPLATE_MAX_OUTPUT_BYTES, timeoutMs: cfg.BATON_TEMPLATE_TIMEOUT_MS },
  });
  return holder.__batonPlanPool;
}

/** Plans in a worker thread of the process's pool (see pool.ts for why). */
export function planOffThread(input: PlanRequest): Promise<Plan> {
  return getPlanPool().plan(input);
}
