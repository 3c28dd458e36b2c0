import { logger } from "@/lib/server/logger";
import { getPlanPool } from "@/lib/server/planning/shared-pool";
import { getRuntime } from "@/lib/server/runtime";
import { recoverInterruptedDeployments, startWorker, type Worker } from "./worker";

// One worker per server process (kept on globalThis across dev reloads).
const holder = globalThis as unknown as { __batonWorker?: Worker };

/** Starts the deploy worker once per process, after failing whatever a dead process left running. */
export function ensureWorker(): Worker {
  if (holder.__batonWorker) return holder.__batonWorker;
  const { db, secrets, dataDir, orgId } = getRuntime();
  const failed = recoverInterruptedDeployments(db);
  if (failed.length) logger.warn({ deployments: failed }, "marked interrupted deployments as failed");
  // Planning threads take a moment to load the engine: start them before the first deployment.
  getPlanPool().warm();
  holder.__batonWorker = startWorker({ db, secrets, dataDir, orgId, log: logger.child({ component: "deploy-worker" }) });
  return holder.__batonWorker;
}
