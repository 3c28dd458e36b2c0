import { getConfig } from "./config";
import { ensureWorker, runsWorker } from "./deploy/worker-instance";
import { logger } from "./logger";

const state = globalThis as unknown as { __batonDraining?: boolean };

/** True once the server was asked to stop: readiness answers 503 so the load balancer moves on. */
export function isDraining(): boolean {
  return state.__batonDraining === true;
}

/**
 * SIGTERM (and Ctrl-C, without the drain wait) for the web server (Next.js leaves the signals to us when started with
 * NEXT_MANUAL_SIG_HANDLE, as `npm start` and the container do): report not ready, keep
 * serving for BATON_SHUTDOWN_DRAIN_SECONDS while the load balancer stops sending requests and
 * those in flight finish, let this process's deploy worker finish or hand back its jobs, exit.
 */
export function handleShutdownSignals(): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  const log = logger.child({ component: "shutdown" });
  const onSignal = (signal: NodeJS.Signals) => {
    if (isDraining()) return;
    state.__batonDraining = true;
    const cfg = getConfig();
    log.info({ signal, drainSeconds: cfg.BATON_SHUTDOWN_DRAIN_SECONDS }, "stopping: readiness now fails; serving the requests still arriving");
    void (async () => {
      // Ctrl-C at a terminal has no load balancer to wait for.
      if (signal === "SIGTERM") await new Promise((resolve) => setTimeout(resolve, cfg.BATON_SHUTDOWN_DRAIN_SECONDS * 1000));
      if (runsWorker()) await (await ensureWorker()).stop({ graceMs: cfg.BATON_SHUTDOWN_GRACE_SECONDS * 1000 });
      log.info("stopped");
      process.exit(0);
    })();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
