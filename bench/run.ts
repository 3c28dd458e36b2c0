/**
 * `npm run bench`: every benchmark, printing figures (never asserting them — this machine is
 * shared and noisy). Run one with `npm run bench -- <name>`.
 */
import { benchApi } from "./api";
import { benchDeploy } from "./deploy";
import { benchEngine } from "./engine";
import { benchGotemplate } from "./gotemplate";
import { benchLoad } from "./load";
import { benchOverview } from "./overview";
import { benchScore } from "./score";

const benchmarks: Record<string, () => Promise<void>> = {
  score: benchScore,
  engine: benchEngine,
  gotemplate: benchGotemplate,
  overview: benchOverview,
  deploy: benchDeploy,
  api: benchApi,
  load: benchLoad,
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
