import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLoad, runLoad } from "@/bench/load-driver";
import { ADMIN, ADMIN_TOKEN, hasBuild, startServer, type RunningServer } from "../security/server-harness";

/**
 * The CI variant of `npm run bench -- load` (50 + 5 users for 60 s): 10 users browsing and
 * 2 deploying for 10 s against `next start` in another process. No errors, every deployment
 * succeeds; latencies are printed, never asserted.
 */
if (!hasBuild) console.log("load test skipped: no .next build");

describe.skipIf(!hasBuild && !process.env.CI)("load (CI variant)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: "warn", BATON_API_RATE_LIMIT: "100000" } });
  }, 400_000);
  afterAll(async () => server?.stop());

  it("10 browsing and 2 deploying for 10 s: no errors, p99 per route reported", async () => {
    const result = await runLoad({ url: server.url, token: ADMIN_TOKEN, accounts: [ADMIN, { email: "manager@baton.local", password: "demo-manager" }], browsers: 10, deployers: 2, durationS: 10 });
    console.log(formatLoad(result));
    expect(result.errors).toEqual([]);
    expect(result.deployments.failed).toBe(0);
    expect(result.deployments.succeeded).toBeGreaterThan(0);
    expect(result.routes.length).toBeGreaterThan(5);
  }, 300_000);
});
