/**
 * Start-up. `checkConfiguration` runs in `npm start` before building, so a bad value stops
 * it at once; `boot` runs in the server process (instrumentation) and opens the database,
 * migrates and seeds — in that one process only, since seeding deploys through its worker.
 */
import fs from "node:fs";
import { ConfigError, getConfig } from "./config";
import { getRuntime } from "./runtime";

export type BootResult = { ok: true; dataDir: string } | { ok: false; message: string };

export function checkConfiguration(): BootResult {
  try {
    const cfg = getConfig();
    fs.mkdirSync(cfg.dataDir, { recursive: true });
    return { ok: true, dataDir: cfg.dataDir };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, message: err.message };
    throw err;
  }
}

export async function boot(): Promise<BootResult> {
  const checked = checkConfiguration();
  if (!checked.ok) return checked;
  await getRuntime();
  return checked;
}
