import type { Logger } from "@/lib/server/logger";

export interface PollingLoop {
  /** Runs a pass soon (something was queued). */
  kick(): void;
  /** No new passes; resolves when the running one ended. */
  stop(): Promise<void>;
  /** Runs a pass now (or joins the running one) and resolves when nothing is left to take (tests). */
  idle(): Promise<void>;
  stopped(): boolean;
}

/**
 * The loop of a leased worker: a pass on every poll, on every wake-up, and once at start. One
 * pass at a time per process: a wake-up during a pass asks for another one after it, so work
 * queued meanwhile is seen. A failing pass (a busy or unreachable database) is logged and
 * retried at the next poll rather than crashing the process. What a pass takes, and how it
 * leases it, is the worker's business: any number of processes run the same loop on one
 * database.
 */
export function startPollingLoop(opts: {
  what: string;
  log: Logger;
  pollMs?: number;
  pass: () => Promise<void>;
  /** Subscribes to wake-ups (a notification channel, an in-process announcement); returns the unsubscribe. */
  subscribe?: (wake: () => void) => () => void | Promise<void>;
}): PollingLoop {
  let isStopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  function take(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await opts.pass();
        } catch (err) {
          opts.log.error({ err }, `${opts.what} could not take work`);
        }
      } while (again && !isStopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const wake = () => {
    if (!isStopped) setImmediate(() => void take());
  };
  const timer = setInterval(() => void take(), opts.pollMs ?? 1000);
  timer.unref();
  const unsubscribe = opts.subscribe?.(wake);
  wake();
  return {
    kick: wake,
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await unsubscribe?.();
      await running;
    },
    idle: () => take(),
    stopped: () => isStopped,
  };
}
