import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { listDeploymentErrors, listDeployments } from "@/lib/server/data/deployments";
import { loadOverview, parseOverviewQuery } from "@/lib/server/data/overview";
import { startWorker, type Worker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { DEMO_APPS, isDemoOrg, seedDemo } from "@/lib/server/seed-demo";
import { seedPlatform } from "@/lib/server/seed-platform";
import { ORG, actorFor, seededDb } from "./helpers";

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

describe("the demo organisation", () => {
  it("is really deployed to the local GitOps repository, with one honest production failure", async () => {
    const db = await seededDb();
    const box = createSecretBox(crypto.randomBytes(32));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-demo-"));
    const admin = await actorFor(db, "admin@example.com");
    await seedPlatform(db, box, { orgId: ORG, adminUserId: admin.userId, dataDir, demo: true });
    worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });

    const started = Date.now();
    await seedDemo({ db, secrets: box, orgId: ORG, adminUserId: admin.userId, worker });
    const ms = Date.now() - started;
    console.log(`demo seed took ${ms} ms`);
    expect(await isDemoOrg(db, ORG)).toBe(true);

    const statuses = async (appId: string, envId: string) => (await listDeployments(db, ORG, appId, envId)).map((d) => d.status);
    expect(await statuses(DEMO_APPS.shop, "development")).toEqual(["succeeded", "succeeded"]);
    expect(await statuses(DEMO_APPS.blog, "development")).toEqual(["succeeded"]);
    expect(await statuses(DEMO_APPS.blog, "staging")).toEqual(["succeeded"]);
    expect(await statuses(DEMO_APPS.blog, "production")).toEqual(["succeeded"]);
    const [prod] = await listDeployments(db, ORG, DEMO_APPS.shop, "production");
    expect(prod.status).toBe("failed");
    expect((await listDeploymentErrors(db, prod.id)).map((e) => e.code)).toContain("no-match");
    // Who deployed: the developer where they may, the administrator in production.
    expect((await listDeployments(db, ORG, DEMO_APPS.shop, "development"))[0].createdBy).toBe("developer@baton.local");
    expect(prod.createdBy).toBe("admin@example.com");

    // The objects are in the repository, one folder per app/env.
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "baton-demo-co-"));
    execFileSync("git", ["clone", "--quiet", path.join(dataDir, "gitops.git"), checkout]);
    expect(fs.readdirSync(path.join(checkout, DEMO_APPS.shop, "development"))).toContain("deployment-web.yaml");
    expect(fs.readdirSync(path.join(checkout, DEMO_APPS.shop, "development"))).toContain("deployment-worker.yaml");
    expect(fs.existsSync(path.join(checkout, DEMO_APPS.blog, "production"))).toBe(true);
    expect(fs.existsSync(path.join(checkout, DEMO_APPS.shop, "production"))).toBe(false);
    const log = execFileSync("git", ["log", "-p", "--all"], { cwd: checkout }).toString();
    expect(log).not.toContain("demo-not-a-real-key");

    // The manager's overview: the failed production environment, and the blog outdated by a value change.
    const manager = await actorFor(db, "manager@baton.local");
    const failedProd = await loadOverview(db, manager, parseOverviewQuery({ envType: "production", status: "failed" }));
    expect(failedProd.rows.map((r) => [r.id, r.envs.map((e) => e.id)])).toEqual([[DEMO_APPS.shop, ["production"]]]);
    const outdated = await loadOverview(db, manager, parseOverviewQuery({ status: "outdated" }));
    expect(outdated.rows.map((r) => [r.id, r.envs.map((e) => e.id)])).toEqual([[DEMO_APPS.blog, ["development", "staging", "production"]]]);

    // A second call does nothing.
    await seedDemo({ db, secrets: box, orgId: ORG, adminUserId: admin.userId, worker });
    expect(await statuses(DEMO_APPS.shop, "development")).toHaveLength(2);
  });
});
