import { boot } from "./boot";
import { ensureWorker, runsWorker } from "./deploy/worker-instance";
import { handleShutdownSignals } from "./shutdown";
import { markWorker } from "./health/checks";

/**
 * Validates the configuration (a bad value stops the server with a message naming the
 * variable), migrates and seeds, before the first request.
 */
export async function bootServer(): Promise<void> {
  const result = await boot();
  if (!result.ok) {
    process.stderr.write(`\n${result.message}\n\nBaton did not start. Fix the variables above (see README, "Configuration").\n`);
    process.exit(1);
  }
  handleShutdownSignals();
  if (runsWorker()) {
    await ensureWorker();
    markWorker("running");
  }
}
