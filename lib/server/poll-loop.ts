import type { Logger } from "@/lib/server/logger";

export interface PollLoop {
  /** Runs a pass soon (something was queued). */
  kick(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
  /** Runs a pass now and resolves when no pass is running (tests). */
  idle(): Promise<void>;
}

/**
 * The polling skeleton of the background workers (pipeline runs, webhook deliveries): a pass
 * every `pollMs`, or at once when kicked; never two passes at a time in one process — a kick
 * during a pass asks for one more after it, so work queued meanwhile is seen. What a pass
 * takes is the caller's business (it claims work with a lease, so any number of processes can
 * poll the same database). A failing pass is logged and tried again at the next poll.
 */
export function startPollLoop(opts: { pollMs: number; log: Logger; what: string; pass: (stopped: () => boolean) => Promise<void> }): PollLoop {
  let stopped = false;
  let pass: Promise<void> | null = null;
  let again = false;
  const isStopped = () => stopped;

  function take(): Promise<void> {
    if (pass) {
      again = true;
      return pass;
    }
    pass = (async () => {
      do {
        again = false;
        try {
          await opts.pass(isStopped);
        } catch (err) {
          opts.log.error({ err }, `${opts.what} could not take work; trying again at the next poll`);
        }
      } while (again && !stopped);
    })().finally(() => {
      pass = null;
    });
    return pass;
  }
  const timer = setInterval(() => void take(), opts.pollMs);
  timer.unref();
  setImmediate(() => void take());
  return {
    kick: () => setImmediate(() => void take()),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
    },
    idle: () => take(),
  };
}
