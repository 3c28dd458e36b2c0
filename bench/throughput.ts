/**
 * Deploy throughput with one and with two worker processes (`npm run worker`, each running up
 * to four deployments at once): 100 deployments over 20 environments of one application, each
 * environment deploying five times in a row, to the local GitOps repository. The deployments
 * are queued by this process as the portal would; the workers share the database (a SQLite file
 * in one data directory, or PostgreSQL under BATON_BENCH_POSTGRES_URL, see ./postgres).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDatabase, openDatabase } from "@/db/open";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { loadOrCreateKey } from "@/lib/server/crypto/key-file";
import { getDeployment, listDeploymentErrors } from "@/lib/server/data/deployments";
import { findUserByEmail, loadActor } from "@/lib/server/data/users";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { seedOrganisation } from "@/lib/server/seed";
import { seedPlatform } from "@/lib/server/seed-platform";
import { BENCH_SECRET_KEY, benchOnPostgres, databaseLabel, emptyBenchDatabase } from "./postgres";

const ORG = "default";
const ENVS = 20;
const PER_ENV = 5;
const SCORE = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: .\nservice:\n  ports:\n    www:\n      port: 80\n      targetPort: 8080\n";

function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { cwd: path.resolve(__dirname, ".."), env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("deploy worker started")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`worker exited (${code}):\n${out}`)));
  });
}

async function run(workerCount: number): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-throughput-"));
  const url = benchOnPostgres ? await emptyBenchDatabase() : undefined;
  const db = await openDatabase({ url, file: path.join(dataDir, "baton.db") });
  const box = createSecretBox(loadOrCreateKey(dataDir, url ? BENCH_SECRET_KEY : undefined));
  const seeded = await seedOrganisation(db, { orgId: ORG, orgName: "Bench", adminEmail: "admin@bench.local", adminPassword: "bench-password", demo: false });
  await seedPlatform(db, box, { orgId: ORG, adminUserId: seeded.adminUserId!, dataDir, demo: false });
  const actor = (await loadActor(db, ORG, (await findUserByEmail(db, ORG, "admin@bench.local"))!.id))!;
  const ctx = { db, actor, secrets: box };
  await runOperation(createApplication, { id: "bench-app", skipEnvironmentCreation: true }, ctx);
  await runOperation(saveWorkloadVersion, { appId: "bench-app", scoreYaml: SCORE }, ctx);
  for (let e = 0; e < ENVS; e++) await runOperation(createEnvironment, { appId: "bench-app", id: `env-${e}`, type: "development" }, ctx);

  const env: NodeJS.ProcessEnv = { ...process.env, BATON_DATA_DIR: dataDir, BATON_SEED_DEMO: "false", BATON_DATA_DIR_SHARED: "true", BATON_PLAN_WORKERS: "1", LOG_LEVEL: "info" };
  if (url) Object.assign(env, { BATON_DATABASE_URL: url, BATON_SECRET_KEY: BENCH_SECRET_KEY });
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorkerProcess(env)));
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: ENVS }, async (_, e) => {
        for (let k = 0; k < PER_ENV; k++) {
          const { id } = await runOperation(deployEnvironment, { appId: "bench-app", envId: `env-${e}`, workloads: [{ workloadId: "web", image: `nginx:1.${k}` }] }, ctx);
          for (;;) {
            const status = (await getDeployment(db, ORG, "bench-app", id))!.status;
            if (status === "succeeded") break;
            if (status === "failed") throw new Error(`deployment ${id} failed: ${JSON.stringify(await listDeploymentErrors(db, id))}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      }),
    );
    return (ENVS * PER_ENV) / ((performance.now() - started) / 1000);
  } finally {
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode === null ? w.once("exit", r) : r(null)))));
    await closeDatabase(db);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchThroughput(): Promise<void> {
  console.log(`${ENVS * PER_ENV} deployments over ${ENVS} environments (${PER_ENV} each, in a row), GitOps target, on ${databaseLabel}:`);
  for (const workers of [1, 2]) {
    const rate = await run(workers);
    console.log(`  ${workers} worker process${workers > 1 ? "es" : ""}: ${rate.toFixed(1)} deployments/s`);
  }
  console.log(`  (load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs${benchOnPostgres ? "" : "; on SQLite idle workers poll every second, on PostgreSQL they wake on NOTIFY"})`);
}
