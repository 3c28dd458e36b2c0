/**
 * `npm run bench`: every benchmark, printing figures (never asserting them — this machine is
 * shared and noisy). Run one with `npm run bench -- <name>`.
 */

export {};

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
};

async function main() {
  const only = process.argv.slice(2);
  for (const [name, run] of Object.entries(benchmarks)) {
    if (only.length && !only.includes(name)) continue;
    console.log(`\n━━ ${name} ━━`);
    await run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
