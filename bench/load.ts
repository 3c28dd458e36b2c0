/**
 * Load: 50 users browsing (pages with a session, REST reads with a token) and 5 users
 * deploying their own application through the REST API, at once for 60 s, against `next start`
 * in another process (needs a current `next build`). Prints errors and p50/p99 per route;
 * asserts nothing (shared machine). BENCH_LOAD_SECONDS / _BROWSERS / _DEPLOYERS override.
 */
import { ADMIN, ADMIN_TOKEN, hasBuild, startServer } from "../tests/security/server-harness";
import { formatLoad, runLoad } from "./load-driver";

export async function benchLoad(): Promise<void> {
  if (!hasBuild) {
    console.log("load benchmark skipped: no .next build (run `flock /tmp/baton-e2e.lock npx next build`)");
    return;
  }
  const durationS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const browsers = Number(process.env.BENCH_LOAD_BROWSERS ?? 50);
  const deployers = Number(process.env.BENCH_LOAD_DEPLOYERS ?? 5);
  // One token serves every simulated reader here; the per-token limit would otherwise be the figure measured.
  const server = await startServer({ env: { LOG_LEVEL: "warn", BATON_API_RATE_LIMIT: "100000" } });
  try {
    console.log(`${browsers} browsing + ${deployers} deploying for ${durationS} s against ${server.url}`);
    const result = await runLoad({
      url: server.url,
      token: ADMIN_TOKEN,
      accounts: [ADMIN, { email: "manager@baton.local", password: "demo-manager" }],
      browsers,
      deployers,
      durationS,
    });
    console.log(formatLoad(result));
    for (const e of result.errors.slice(0, 10)) console.log(`  error: ${e}`);
  } finally {
    await server.stop();
  }
}
