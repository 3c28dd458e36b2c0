/**
 * Start-up outside Next.js (scripts/start.mjs): validates the configuration, applies
 * migrations and seeds, so a bad value stops `npm start` before anything is served.
 */
import { ConfigError, getConfig } from "./config";
import { getRuntime } from "./runtime";

export function boot(): { ok: true; dataDir: string } | { ok: false; message: string } {
  try {
    const cfg = getConfig();
    getRuntime();
    return { ok: true, dataDir: cfg.dataDir };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, message: err.message };
    throw err;
  }
}
