import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deploymentErrors, deploymentEvents, deployments, environmentLocks, jobs } from "@/db/schema";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { refreshSummaryOfDeployment } from "@/lib/server/data/overview-summaries";
import type { Logger } from "@/lib/server/logger";
import { runDeployment } from "./run-deployment";

/**
 * Marks work a dead process left behind as failed and frees its locks (called at start-up,
 * before the worker takes new jobs). Returns the deployments it failed.
 */
export function recoverInterruptedDeployments(db: Db): string[] {
  return db.transaction((tx) => {
    const stuck = tx
      .select({ id: deployments.id })
      .from(deployments)
      .where(inArray(deployments.status, ["in progress"]))
      .all()
      .map((d) => d.id);
    const now = new Date().toISOString();
    for (const id of stuck) {
      tx.update(deployments).set({ status: "failed", statusChangedAt: now, finishedAt: now }).where(eq(deployments.id, id)).run();
      tx.insert(deploymentErrors).values({ deploymentId: id, code: "interrupted", scope: "deployment", objectId: id, message: "Baton stopped while this deployment was running; deploy again to finish it" }).run();
      tx.insert(deploymentEvents).values({ deploymentId: id, at: now, level: "error", step: "done", message: "Interrupted: the server stopped during the deployment" }).run();
      tx.update(jobs).set({ status: "failed", finishedAt: now, error: "interrupted" }).where(eq(jobs.id, id)).run();
      refreshSummaryOfDeployment(tx, id);
    }
    tx.delete(environmentLocks).run();
    tx.update(jobs).set({ status: "queued" }).where(eq(jobs.status, "running")).run();
    return stuck;
  });
}

export interface Worker {
  /** Wakes the worker now (after a deployment was queued). */
  kick(): void;
  stop(): Promise<void>;
  /** Resolves when every queued job has run (tests, benchmarks). */
  idle(): Promise<void>;
}

/**
 * The in-process deploy worker: takes queued jobs oldest first and runs them, several
 * environments in parallel, never two in one environment (the deploy operation refuses a
 * second queued deployment; the lock row guards the run itself).
 */
export function startWorker(opts: { db: Db; secrets: SecretBox; dataDir: string; orgId: string; log: Logger; concurrency?: number; pollMs?: number }): Worker {
  const holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const running = new Map<string, Promise<void>>();
  const concurrency = opts.concurrency ?? 4;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  function take() {
    if (stopped) return;
    while (running.size < concurrency) {
      const job = opts.db
        .select({ id: jobs.id, payload: jobs.payload })
        .from(jobs)
        .where(and(eq(jobs.status, "queued"), eq(jobs.kind, "deploy"), eq(jobs.orgId, opts.orgId)))
        .orderBy(asc(jobs.createdAt))
        .get();
      if (!job) break;
      opts.db.update(jobs).set({ status: "running", startedAt: new Date().toISOString(), attempts: 1 }).where(eq(jobs.id, job.id)).run();
      const { appId } = job.payload as { appId: string };
      const p = runDeployment({ ...opts, holder }, job.id, appId)
        .catch((err) => opts.log.error({ err, job: job.id }, "deploy job crashed"))
        .finally(() => {
          running.delete(job.id);
          setImmediate(take);
        });
      running.set(job.id, p);
    }
    if (running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  const timer = setInterval(take, opts.pollMs ?? 1000);
  timer.unref();
  setImmediate(take);
  return {
    kick: () => setImmediate(take),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        setImmediate(take);
      });
    },
  };
}
