import { logger } from "@/lib/server/logger";
import { getPlanPool } from "@/lib/server/planning/shared-pool";
import { getRuntime } from "@/lib/server/runtime";
import { getConfig } from "@/lib/server/config";
import { startPipelineWorker } from "@/lib/server/pipelines/worker";
import { startAutomationWorker } from "@/lib/server/automation/worker";
import { webhookAllowedHosts } from "@/lib/server/webhooks/operations";
import { startWebhookWorker } from "@/lib/server/webhooks/worker";
import { removeClonesOfDeadProcesses } from "./targets";
import { startWorker, type Worker } from "./worker";

// One worker per server process (kept on globalThis across dev reloads).
const holder = globalThis as unknown as { __batonWorker?: Promise<Worker> };

/**
 * Starts the deploy worker once per process. Nothing is cleaned up at start: other processes
 * may share the database; the worker fails what a dead one left running once its lease expires.
 */
export function ensureWorker(): Promise<Worker> {
  // The promise is kept, not the worker: concurrent first calls must not start two.
  holder.__batonWorker ??= (async () => {
    const { db, secrets, dataDir, orgId } = await getRuntime();
    // Planning threads take a moment to load the engine: start them before the first deployment.
    getPlanPool().warm();
    removeClonesOfDeadProcesses(dataDir);
    const leaseMs = getConfig().BATON_JOB_LEASE_SECONDS * 1000;
    const worker = startWorker({ db, secrets, dataDir, orgId, log: logger.child({ component: "deploy-worker" }), leaseMs });
    // Pipeline runs queue deployments: their worker lives beside the deploy worker.
    startPipelineWorker({ db, orgId, log: logger.child({ component: "pipeline-worker" }), leaseMs, onDeploymentQueued: () => worker.kick() });
    // So do automation rules, when CI registers a matching image version.
    startAutomationWorker({ db, orgId, log: logger.child({ component: "automation-worker" }), leaseMs, onDeploymentQueued: () => worker.kick() });
    // Webhook deliveries (the outbox the deploy worker's status changes fill) are posted here too.
    startWebhookWorker({ db, secrets, orgId, log: logger.child({ component: "webhook-worker" }), leaseMs, allowedHosts: webhookAllowedHosts() });
    return worker;
  })();
  return holder.__batonWorker;
}

/** Whether this process runs a deploy worker (BATON_ROLE all or worker). */
export function runsWorker(): boolean {
  return getConfig().BATON_ROLE !== "web";
}

/**
 * Wakes this process's worker after a deployment was queued. A web-only replica has none:
 * the workers' next poll takes the job.
 */
export async function kickWorker(): Promise<void> {
  if (runsWorker()) (await ensureWorker()).kick();
}
