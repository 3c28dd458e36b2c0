import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db } from "@/db/client";
import type { Logger } from "@/lib/server/logger";
import { startPollLoop } from "@/lib/server/poll-loop";
import { DEFAULT_LEASE_MS } from "@/lib/server/deploy/job-leases";
import { advanceRun, type ExecutorOptions } from "./executor";
import { claimRunnableRun } from "./leases";
import { onRunnableRun } from "./wakeups";

export interface PipelineWorker {
  kick(): void;
  stop(): Promise<void>;
  /** Resolves when no run can be advanced right now (tests). */
  idle(): Promise<void>;
}

/**
 * Advances pipeline runs: polls for a runnable run (queued, or waiting whose time has come, or
 * whose worker's lease expired), takes its lease and advances it. Any number of these share
 * one database.
 */
export function startPipelineWorker(opts: { db: Db; orgId: string; log: Logger; pollMs?: number; leaseMs?: number; onDeploymentQueued?: () => void; holder?: string }): PipelineWorker {
  const holder = opts.holder ?? `${os.hostname()}-${process.pid}-pipelines-${randomUUID().slice(0, 8)}`;
  const exec: ExecutorOptions = { db: opts.db, holder, leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS, onDeploymentQueued: opts.onDeploymentQueued };
  const loop = startPollLoop({
    pollMs: opts.pollMs ?? 1000,
    log: opts.log,
    what: "pipeline worker",
    async pass(stopped) {
      for (let i = 0; i < 100 && !stopped(); i++) {
        const runId = await claimRunnableRun(opts.db, { orgId: opts.orgId, holder, leaseMs: exec.leaseMs });
        if (!runId) return;
        await advanceRun(exec, runId).catch((err) => opts.log.error({ err, run: runId }, "pipeline run step crashed; another pass resumes it once its lease expires"));
      }
    },
  });
  const unsubscribe = onRunnableRun(() => loop.kick());
  return {
    kick: loop.kick,
    async stop() {
      unsubscribe();
      await loop.stop();
    },
    idle: loop.idle,
  };
}
