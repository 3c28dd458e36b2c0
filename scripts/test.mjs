#!/usr/bin/env node
// `npm test`: the whole suite — type check, lint, unit/integration tests, build, and the
// Playwright e2e tests on a free port with a throwaway data directory (never ./data).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, URL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED = "1";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// The data tests that run a second time on PostgreSQL (BATON_TEST_POSTGRES_URL, which .ci/run
// sets up); the rest of the suite runs once, on SQLite. Files join this list as their queries
// and fixtures become portable (see README "Running Baton for an organisation").
const POSTGRES_DATA_TESTS = [
  "tests/server/accounts.test.ts",
  "tests/server/delta-rebase.test.ts",
  "tests/server/deploy.test.ts",
  "tests/server/pipelines.test.ts",
  "tests/server/pipeline-timeline.test.ts",
  "tests/server/health-metrics.test.ts",
  "tests/server/migrate-database.test.ts",
  "tests/server/operations.test.ts",
  "tests/server/overview.test.ts",
  "tests/server/rendered-impact.test.ts",
  "tests/server/score-deploy-remove.test.ts",
  "tests/server/workloads.test.ts",
  "tests/server/webhooks.test.ts",
  "tests/server/api/behaviour.test.ts",
  "tests/server/api/deltas.test.ts",
  "tests/server/api/deploys-pagination.test.ts",
  "tests/server/delivery/artefacts.test.ts",
  "tests/server/automation/rules.test.ts",
  // Seconds each takes on PostgreSQL on a loaded 2-core machine, to keep an eye on CI time.
  "tests/server/definitions.test.ts", // 10 s
  "tests/server/definitions-corpus.test.ts", // 5 s
  "tests/server/delivery.test.ts", // 16 s
  "tests/server/json-documents.test.ts", // 9 s
  "tests/server/overview-demo.test.ts", // 19 s
  "tests/server/overview-graph.test.ts", // 11 s
  "tests/server/sign-in-password.test.ts", // 13 s
  "tests/server/api/service-user-tokens.test.ts", // 17 s
  "tests/server/api/humanitec-client.test.ts", // 44 s
  "tests/security/api-tokens.test.ts", // 10 s
  "tests/security/rotate-key.test.ts", // 36 s
  "tests/security/bad-input.test.ts", // 82 s (1,000 cases per kind on PostgreSQL, 10,000 on SQLite)
  "tests/cli/remote.test.ts", // 24 s
  "tests/cli/verbs.test.ts", // 20 s
  "tests/server/database-unavailable.test.ts",
  "tests/server/api/runtime-k8s.test.ts",
  "tests/server/gitops-runtime.test.ts",
  // Two web replicas (the built server) and two workers on one database: PostgreSQL only.
  "tests/reliability/replicas-postgres.test.ts",
];

const steps = [
  ["Type check", "npx", ["tsc", "--noEmit"]],
  ["Lint", "npx", ["eslint", "--max-warnings=0", "."]],
  // The build comes before vitest: the CLI quickstart test serves the built app.
  ["Build", "npx", ["next", "build"]],
  // planning-pool exhausts planning threads' heaps on purpose: alone, so a V8 abort under a
  // loaded machine cannot take another file's worker down with it (nor be taken down).
  ["Unit and integration tests", "npx", ["vitest", "run", "--exclude", "tests/server/planning-pool.test.ts"]],
  ["Planning limits", "npx", ["vitest", "run", "tests/server/planning-pool.test.ts"], { attempts: 2 }],
  ["Data tests on PostgreSQL", "npx", ["vitest", "run", ...POSTGRES_DATA_TESTS], { postgres: true }],
  ["End-to-end tests (Chromium)", "npx", ["playwright", "test"]],
  // The same specs as an organisation runs Baton: two web replicas behind a balancer and a
  // separate worker on a fresh PostgreSQL database (playwright.config.ts, E2E_DATABASE_URL).
  ["End-to-end tests on PostgreSQL replicas (Chromium)", "npx", ["playwright", "test"], { postgres: true, replicas: true }],
];

async function createE2eDatabase(adminUrl) {
  const { default: pg } = await import("pg");
  const name = `baton_e2e_${Date.now()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const only = process.argv.slice(2);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-test-"));
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_PORT = String(await freePort());

let failed = false;
for (const [label, cmd, args, opts = {}] of steps) {
  if (only.length && !only.some((o) => label.toLowerCase().includes(o))) continue;
  console.log(`\n━━ ${label} ━━`);
  let env = process.env;
  if (opts.postgres) {
    if (!process.env.BATON_TEST_POSTGRES_URL) {
      console.log("skipped: set BATON_TEST_POSTGRES_URL to a PostgreSQL server (scripts/test-postgres/start prints one)");
      continue;
    }
    env = opts.replicas
      ? { ...process.env, E2E_DATABASE_URL: await createE2eDatabase(process.env.BATON_TEST_POSTGRES_URL), E2E_DATA_DIR: fs.mkdtempSync(path.join(dataDir, "replicas-")) }
      : { ...process.env, BATON_DATABASE_URL: process.env.BATON_TEST_POSTGRES_URL };
  }
  const started = Date.now();
  let res = spawnSync(cmd, args, { stdio: "inherit", env });
  // Known: the heap-exhaustion case can abort the whole test process under load (V8's fatal
  // out-of-memory, not a test failure); one more attempt, said out loud.
  for (let attempt = 2; res.status !== 0 && attempt <= (opts.attempts ?? 1); attempt++) {
    console.log(`${label}: the test process ended abnormally; attempt ${attempt} of ${opts.attempts}`);
    res = spawnSync(cmd, args, { stdio: "inherit", env });
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    console.error(`✖ ${label} failed after ${secs}s`);
    failed = true;
    break;
  }
  console.log(`✔ ${label} (${secs}s)`);
}
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
