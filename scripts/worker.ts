/**
 * `npm run worker`: a deploy worker process without the web server, for installations that
 * scale web replicas and workers apart. It shares the database (and, on SQLite, the data
 * directory) with the web processes. SIGTERM/SIGINT: take no new jobs, let running ones
 * finish for up to BATON_SHUTDOWN_GRACE_SECONDS, then give up their leases and exit; another
 * worker fails a job still running then as interrupted at its next poll. With
 * BATON_WORKER_HEALTH_PORT set, it serves /api/health/live, /api/health/ready and /api/metrics
 * on that port (BATON_HOST).
 */
process.env.BATON_ROLE = "worker";

async function main(): Promise<void> {
  const { boot } = await import("@/lib/server/boot");
  const { ensureWorker } = await import("@/lib/server/deploy/worker-instance");
  const { logger } = await import("@/lib/server/logger");
  const { getConfig } = await import("@/lib/server/config");
  const { markWorker } = await import("@/lib/server/health/checks");
  const { startHealthServer } = await import("@/lib/server/health/server");

  const booted = await boot();
  if (!booted.ok) {
    process.stderr.write(`\n${booted.message}\n\nThe Baton worker did not start. Fix the variables above (see README, "Configuration").\n`);
    process.exit(1);
  }
  const worker = await ensureWorker();
  markWorker("running");
  const log = logger.child({ component: "worker-process" });
  log.info({ pid: process.pid }, "deploy worker started (with the pipeline and automation-rule workers)");
  const cfg = getConfig();
  const health = cfg.BATON_WORKER_HEALTH_PORT ? await startHealthServer({ port: cfg.BATON_WORKER_HEALTH_PORT, host: cfg.BATON_HOST, log }) : undefined;

  const graceMs = getConfig().BATON_SHUTDOWN_GRACE_SECONDS * 1000;
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Not ready any more (no new jobs), but live until the running ones finish.
      markWorker("stopping");
      log.info({ signal }, "stopping: no new jobs, waiting for running deployments");
      void worker.stop({ graceMs }).then(() => {
        log.info("deploy worker stopped");
        health?.close();
        process.exit(0);
      });
    });
  }
  // The worker's timers are unref'd: this keeps the process alive until a signal.
  setInterval(() => {}, 1 << 30);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
