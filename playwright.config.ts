import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";

type WebServer = Exclude<NonNullable<PlaywrightTestConfig["webServer"]>, unknown[]>;

// The port and data directory are fixed by the first process (scripts/test.mjs sets them;
// otherwise here) and inherited by Playwright's workers through the environment.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "baton-e2e-"));
export const E2E_ADMIN = { email: "admin@baton.local", password: "e2e-admin-password" };

const port = process.env.E2E_PORT;
const baseURL = `http://localhost:${port}`;

const serverEnv = {
  BATON_DATA_DIR: process.env.E2E_DATA_DIR!,
  BATON_ADMIN_EMAIL: E2E_ADMIN.email,
  BATON_ADMIN_PASSWORD: E2E_ADMIN.password,
  BATON_ORG_NAME: "E2E Org",
  NEXTAUTH_URL: baseURL,
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
};

/** The embedded default: one process, SQLite in the data directory. */
function singleServer(): WebServer {
  return {
    command: `npx next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: serverEnv,
  };
}

/**
 * With E2E_DATABASE_URL (an empty PostgreSQL database; scripts/test.mjs makes one): Baton as an
 * organisation runs it — two web replicas (BATON_ROLE=web) behind a round-robin balancer on
 * E2E_PORT and a separate deploy worker, all on that database and one shared data directory.
 */
function replicatedServers(): WebServer[] {
  const replicaPorts = (process.env.E2E_REPLICA_PORTS ??= `${Number(port) + 1},${Number(port) + 2}`).split(",");
  const shared = { ...serverEnv, BATON_DATABASE_URL: process.env.E2E_DATABASE_URL!, BATON_SECRET_KEY: "e2e0".repeat(16), BATON_DATA_DIR_SHARED: "true" };
  const common = { reuseExistingServer: false, timeout: 180_000, stdout: "ignore" as const, stderr: "pipe" as const };
  return [
    ...replicaPorts.map((p) => ({ ...common, command: `npx next start -H 127.0.0.1 -p ${p}`, url: `http://127.0.0.1:${p}/api/health`, env: { ...shared, BATON_ROLE: "web" } })),
    { ...common, command: "node --import tsx scripts/worker.ts", env: { ...shared, BATON_ROLE: "worker" } },
    { ...common, command: "node scripts/e2e-balancer.mjs", url: `${baseURL}/api/health`, env: { E2E_PORT: port!, E2E_REPLICA_PORTS: replicaPorts.join(",") } },
  ];
}
const chromium = fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: process.env.E2E_DATABASE_URL ? replicatedServers() : [singleServer()],
});
