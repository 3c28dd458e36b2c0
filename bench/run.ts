/**
 * `npm run bench`: every benchmark, printing figures (never asserting them — this machine is
 * shared and noisy). Run one with `npm run bench -- <name>`. With BATON_BENCH_POSTGRES_URL
 * (a PostgreSQL server, e.g. from scripts/test-postgres/start), the database-bound benchmarks
 * run a second time on PostgreSQL, in a process of their own (see ./postgres).
 */
import { spawnSync } from "node:child_process";

// Each benchmark is imported when it runs, so one that needs something others do not (the Go
// oracle, a build) never stops `npm run bench -- <name>` from running another.
const benchmarks: Record<string, () => Promise<void>> = {
  score: async () => (await import("./score")).benchScore(),
  engine: async () => (await import("./engine")).benchEngine(),
  gotemplate: async () => (await import("./gotemplate")).benchGotemplate(),
  overview: async () => (await import("./overview")).benchOverview(),
  deploy: async () => (await import("./deploy")).benchDeploy(),
  api: async () => (await import("./api")).benchApi(),
  load: async () => (await import("./load")).benchLoad(),
  cli: async () => (await import("./cli")).benchCli(),
  throughput: async () => (await import("./throughput")).benchThroughput(),
};

/** The benchmarks whose figures depend on the database. */
const DATABASE_BOUND = ["overview", "api", "throughput"];

async function main() {
  const only = process.argv.slice(2);
  for (const [name, run] of Object.entries(benchmarks)) {
    if (only.length && !only.includes(name)) continue;
    console.log(`\n━━ ${name} ━━`);
    await run();
    const postgres = process.env.BATON_BENCH_POSTGRES_URL;
    if (postgres && DATABASE_BOUND.includes(name) && !process.env.BATON_DATABASE_URL) {
      console.log(`\n━━ ${name} (PostgreSQL) ━━`);
      const again = spawnSync(process.execPath, [...process.execArgv, __filename, name], { stdio: "inherit", env: { ...process.env, BATON_DATABASE_URL: postgres, BATON_SECRET_KEY: "be".repeat(32) } });
      if (again.status !== 0) throw new Error(`${name} on PostgreSQL failed (exit ${again.status})`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
