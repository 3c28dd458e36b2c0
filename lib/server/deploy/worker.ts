import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import type { Logger } from "@/lib/server/logger";
import { claimNextJob, DEFAULT_LEASE_MS, expireLeasesOf, finishJob, reapExpiredJobs, renewLeases } from "./job-leases";
import { listenForQueuedJobs } from "./job-wakeups";
import { runDeployment } from "./run-deployment";

export interface Worker {
  /** Wakes the worker now (after a deployment was queued). */
  kick(): void;
  /**
   * Takes no new jobs and waits for the running ones; after `graceMs` gives their leases up
   * (any worker then fails them as interrupted at once) and resolves.
   */
  stop(opts?: { graceMs?: number }): Promise<void>;
  /** Resolves when every queued job has run (tests, benchmarks). */
  idle(): Promise<void>;
}

/**
 * A deploy worker: claims queued jobs oldest first with a lease (see ./job-leases) and runs
 * them, several environments in parallel, never two in one environment (the deploy operation
 * refuses a second queued deployment; the lock row guards the run itself). While jobs run, a
 * heartbeat renews their leases; on every poll it also fails the jobs of workers whose lease
 * expired, so any number of workers can share one database and a dead one is noticed within
 * one lease.
 */
export function startWorker(opts: {
  db: Db;
  secrets: SecretBox;
  dataDir: string;
  orgId: string;
  log: Logger;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
}): Worker {
  const holder = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const running = new Map<string, Promise<void>>();
  const concurrency = opts.concurrency ?? 4;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  async function reap() {
    const failed = await reapExpiredJobs(opts.db);
    if (failed.length) opts.log.warn({ deployments: failed }, "failed deployments whose worker stopped renewing its lease");
  }

  // One pass at a time: a kick during a pass asks for another one after it, so a job queued
  // meanwhile is seen, and idle() never resolves between a claim and its start.
  let taking: Promise<void> | null = null;
  let again = false;
  function take(): Promise<void> {
    if (taking) {
      again = true;
      return taking;
    }
    const pass = (async () => {
      do {
        again = false;
        await takeOnce();
      } while (again && !stopped);
      if (running.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
    })().finally(() => {
      taking = null;
    });
    taking = pass;
    return pass;
  }

  async function takeOnce() {
    if (stopped) return;
    try {
      await reap();
      while (running.size < concurrency) {
        const job = await claimNextJob(opts.db, { orgId: opts.orgId, holder, leaseMs });
        if (!job) break;
        const { appId } = job.payload as { appId: string };
        const p = runDeployment({ ...opts, holder, leaseMs }, job.id, appId)
          .catch((err) => opts.log.error({ err, job: job.id }, "deploy job crashed"))
          .finally(async () => {
            running.delete(job.id);
            try {
              if (!(await finishJob(opts.db, { holder, jobId: job.id }))) opts.log.warn({ job: job.id }, "finished a job whose lease another worker had already expired");
            } catch (err) {
              opts.log.error({ err, job: job.id }, "could not mark the job done; its lease will expire");
            }
            setImmediate(take);
          });
        running.set(job.id, p);
      }
    } catch (err) {
      // A busy or unreachable database: try again at the next poll rather than crash the process.
      opts.log.error({ err }, "deploy worker could not take jobs");
    }
  }

  async function heartbeat() {
    try {
      const lost = await renewLeases(opts.db, { holder, jobIds: [...running.keys()], leaseMs });
      if (lost.length) opts.log.error({ jobs: lost }, "lost the lease on running jobs: another worker failed them as interrupted");
    } catch (err) {
      opts.log.error({ err }, "could not renew job leases");
    }
  }

  const timer = setInterval(take, opts.pollMs ?? 1000);
  timer.unref();
  const stopListening = listenForQueuedJobs(opts.db, () => setImmediate(take), opts.log);
  // Three renewals per lease: one missed beat (a busy moment) does not lose the job.
  const beat = setInterval(heartbeat, Math.max(10, Math.floor(leaseMs / 3)));
  beat.unref();
  setImmediate(take);
  return {
    kick: () => setImmediate(take),
    async stop({ graceMs = Infinity } = {}) {
      stopped = true;
      clearInterval(timer);
      await stopListening();
      const finished = Promise.allSettled([...running.values()]).then(() => "finished" as const);
      const graceOver = new Promise<"handed-back">((resolve) => {
        if (Number.isFinite(graceMs)) setTimeout(() => resolve("handed-back"), graceMs).unref();
      });
      const how = await Promise.race([finished, graceOver]);
      clearInterval(beat);
      if (how === "handed-back") {
        opts.log.warn({ jobs: [...running.keys()] }, "grace period over with deployments still running: gave up their leases, so another worker fails them as interrupted now");
        await expireLeasesOf(opts.db, holder).catch((err) => opts.log.error({ err }, "could not give up job leases; they expire by themselves"));
      }
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        setImmediate(take);
      });
    },
  };
}
