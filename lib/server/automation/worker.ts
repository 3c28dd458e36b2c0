import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db } from "@/db/client";
import { DEFAULT_LEASE_MS } from "@/lib/server/deploy/job-leases";
import { listenOnChannel } from "@/lib/server/deploy/job-wakeups";
import type { Logger } from "@/lib/server/logger";
import { startPollingLoop, type PollingLoop } from "@/lib/server/workers/polling-loop";
import { AUTOMATION_CHANNEL, onQueuedTrigger } from "./data";
import { claimTrigger } from "./leases";
import { processTrigger } from "./process-trigger";

export type AutomationWorker = Pick<PollingLoop, "kick" | "stop" | "idle">;

/**
 * Acts on the triggers automation rules queued when CI registered a version: takes each with a
 * lease (./leases) and processes it (./process-trigger). Any number of these share one
 * database; each trigger is acted on once.
 */
export function startAutomationWorker(opts: { db: Db; orgId: string; log: Logger; pollMs?: number; leaseMs?: number; onDeploymentQueued?: () => void; holder?: string }): AutomationWorker {
  const holder = opts.holder ?? `${os.hostname()}-${process.pid}-automation-${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const processing = { db: opts.db, holder, leaseMs, log: opts.log, onDeploymentQueued: opts.onDeploymentQueued };
  const loop = startPollingLoop({
    what: "automation worker",
    log: opts.log,
    pollMs: opts.pollMs,
    subscribe: (wake) => {
      const local = onQueuedTrigger(wake);
      const remote = listenOnChannel(opts.db, AUTOMATION_CHANNEL, wake, opts.log);
      return async () => {
        local();
        await remote();
      };
    },
    async pass() {
      for (let i = 0; i < 100 && !loop.stopped(); i++) {
        const id = await claimTrigger(opts.db, { orgId: opts.orgId, holder, leaseMs });
        if (!id) return;
        await processTrigger(processing, id);
      }
    },
  });
  return { kick: loop.kick, stop: loop.stop, idle: loop.idle };
}
