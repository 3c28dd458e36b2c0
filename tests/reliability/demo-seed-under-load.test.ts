import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { startWorker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { createApplication } from "@/lib/server/operations/create-application";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { seedDemo } from "@/lib/server/seed-demo";
import { seedPlatform } from "@/lib/server/seed-platform";
import { ORG, actorFor, seededDb } from "../server/helpers";
import { queryRows } from "../test-db";

/**
 * Found by `npm run bench -- load`: the demo seed waited for the worker to be idle after each
 * deployment, which never happens while users keep deploying, so the first overview waited
 * its full 30 s on every request. The seed must finish while other deployments keep coming.
 */
describe("demo seed while others deploy", () => {
  it("finishes although the worker is never idle", async () => {
    const db = await seededDb();
    const box = createSecretBox(crypto.randomBytes(32));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-seed-load-"));
    const admin = await actorFor(db, "admin@example.com");
    await seedPlatform(db, box, { orgId: ORG, adminUserId: admin.userId, dataDir, demo: true });
    const worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });
    const ctx = { db, actor: admin, secrets: box };
    const busyApps = ["busy-1", "busy-2", "busy-3"];
    for (const app of busyApps) {
      await runOperation(createApplication, { id: app }, ctx);
      await runOperation(saveWorkloadVersion, { appId: app, scoreYaml: `apiVersion: score.dev/v1b1\nmetadata:\n  name: busy\ncontainers:\n  main:\n    image: nginx:1.27\n` }, ctx);
    }
    let stop = false;
    let busyDeployments = 0;
    // Three users redeploy their app the moment the previous deployment is done, for as long as the seed runs.
    const giveUpAt = Date.now() + 200_000; // a regression hangs the seed; do not keep deploying after the test timed out
    const busy = (async () => {
      while (!stop && Date.now() < giveUpAt) {
        for (const app of busyApps) {
          try {
            await runOperation(deployEnvironment, { appId: app, envId: "development", workloads: [{ workloadId: "busy", image: `nginx:${++busyDeployments}` }] }, ctx);
            worker.kick();
          } catch {
            // one is still queued or running there
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      await seedDemo({ db, secrets: box, orgId: ORG, adminUserId: admin.userId, worker });
    } finally {
      stop = true;
      await busy;
      await worker.stop();
    }
    const demo = await queryRows<{ status: string }>(db, "SELECT status FROM deployments WHERE app_id LIKE 'demo-%'");
    expect(demo.length).toBeGreaterThan(3);
    expect(demo.every((d) => d.status === "succeeded" || d.status === "failed")).toBe(true);
    expect(busyDeployments).toBeGreaterThan(1);
  }, 240_000);
});
