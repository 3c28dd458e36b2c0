import { onPostgres, queryRows } from "../test-db";
import { sqliteClientOf } from "@/db/client";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deploymentEvents, deployments, environmentLocks, jobs } from "@/db/tables";
import { getEnvironment } from "@/lib/server/data/apps";
import { writeEnvironmentPaused } from "@/lib/server/data/environment-pause";
import { getDeployment, getDeploymentDetail, listDeploymentErrors, listDeploymentEvents } from "@/lib/server/data/deployments";
import { listActiveResources } from "@/lib/server/deploy/active-resources";
import { claimNextJob, finishJob, reapExpiredJobs, renewLeases } from "@/lib/server/deploy/job-leases";
import { SafeError } from "@/lib/server/errors";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { purgeValueKey } from "@/lib/server/operations/purge-value-key";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { openDb } from "@/db/client";
import { ORG } from "./helpers";
import { deployFixture } from "./deploy-fixture";

let stopWorker: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
});

function checkout(remote: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-co-"));
  execFileSync("git", ["clone", "--quiet", remote, dir]);
  return dir;
}

describe("deployments to the local GitOps repository", () => {
  it("deploys a Score workload: provisions postgres, renders, commits; a repeat is a no-op and keeps the password", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hello from shop" }, f.ctx);
    await runOperation(setSharedValue, { appId: "shop", key: "API_KEY", value: "sk-very-secret-123", isSecret: true }, f.ctx);

    const queued = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "registry.example.com/web:1.0" }], comment: "first" }, f.ctx);
    expect(queued.status).toBe("pending");
    f.worker.kick();
    await f.worker.idle();

    const dep = (await getDeployment(f.db, ORG, "shop", queued.id))!;
    expect(await listDeploymentErrors(f.db, queued.id)).toEqual([]);
    expect(dep.status).toBe("succeeded");
    const events = (await listDeploymentEvents(f.db, queued.id)).map((e) => e.message);
    expect(events.some((m) => /postgres shared\.db: provisioned with incluster-postgres/.test(m))).toBe(true);
    expect(events.some((m) => /Committed/.test(m))).toBe(true);

    const dir = checkout(f.remote);
    const files = fs.readdirSync(path.join(dir, "shop/development")).sort();
    expect(files).toContain("kustomization.yaml");
    expect(files).toContain("deployment-web.yaml");
    expect(files).toContain("service-web.yaml");
    expect(files.some((x) => x.startsWith("statefulset-"))).toBe(true);
    const deployment = parse(fs.readFileSync(path.join(dir, "shop/development/deployment-web.yaml"), "utf8"));
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe("registry.example.com/web:1.0");
    expect(container.env.find((e: { name: string }) => e.name === "MOTD").value).toBe("hello from shop");
    // Secret-bearing variables go through a Secret, never plaintext in the Deployment.
    expect(container.env.find((e: { name: string }) => e.name === "DB_PASSWORD").valueFrom.secretKeyRef).toBeTruthy();
    const history = execFileSync("git", ["log", "-p", "--all"], { cwd: dir }).toString();
    expect(history).not.toContain("sk-very-secret-123");
    if (spawnSync("kubectl", ["version", "--client"]).status === 0) {
      const rendered = execFileSync("kubectl", ["kustomize", path.join(dir, "shop/development")]).toString();
      expect(rendered).toContain("kind: Deployment");
    }

    const resources = await listActiveResources(f.db, ORG, "shop", "development");
    expect(resources.find((r) => r.resId === "shared.db")).toMatchObject({ type: "postgres", defId: "incluster-postgres", status: "active" });
    const graph = (await getDeploymentDetail(f.db, ORG, "shop", queued.id))!.graph!;
    const pg = graph.nodes.find((n) => n.type === "postgres")!;
    expect(pg.outputs.secrets.password).toBe("***");
    const stored = JSON.stringify(await queryRows(f.db, "SELECT * FROM deployments"));
    expect(stored).not.toContain("sk-very-secret-123");

    // Unchanged redeploy: nothing committed, resources reused, the password stays.
    const statefulBefore = fs.readFileSync(path.join(dir, "shop/development", files.find((x) => x.startsWith("statefulset-"))!), "utf8");
    const again = await runOperation(deployEnvironment, { appId: "shop", envId: "development" }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", again.id))!.status).toBe("succeeded");
    const againEvents = (await listDeploymentEvents(f.db, again.id)).map((e) => e.message);
    expect(againEvents.some((m) => /nothing to commit/.test(m))).toBe(true);
    expect(againEvents.some((m) => /postgres shared\.db: reused/.test(m))).toBe(true);
    const dir2 = checkout(f.remote);
    expect(fs.readFileSync(path.join(dir2, "shop/development", files.find((x) => x.startsWith("statefulset-"))!), "utf8")).toBe(statefulBefore);
    expect((await getEnvironment(f.db, ORG, "shop", "development"))!.lastDeployId).toBe(again.id);
  });

  it("refuses a second deployment while one is queued or running (50 concurrent requests: exactly one runs)", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        Promise.resolve().then(async () => {
          try {
            return { ok: true as const, id: (await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx)).id };
          } catch (e) {
            return { ok: false as const, code: (e as SafeError).code, message: (e as Error).message };
          }
        }),
      ),
    );
    const accepted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.code).toBe("deployment-in-progress");
      expect(r.message).toContain("A deployment is in progress in shop/development");
    }
    f.worker.kick();
    await f.worker.idle();
    expect(await f.db.select().from(deployments)).toHaveLength(1);
    // Once it finished, the environment takes deployments again.
    await runOperation(deployEnvironment, { appId: "shop", envId: "development" }, f.ctx);
    await f.worker.idle();
  });

  it("a draft, an unknown workload or a missing image is refused with a clear message, writing nothing", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    await expect(runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "nope" }] }, f.ctx)).rejects.toThrowError('workload "nope" does not exist');
    await expect(runOperation(deployEnvironment, { appId: "shop", envId: "development" }, f.ctx)).rejects.toThrowError(SafeError);
    expect(await f.db.select().from(deployments)).toHaveLength(0);
  });

  it("a paused environment refuses deployments (409, naming who paused it) until it is resumed", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    await writeEnvironmentPaused(f.db, ORG, "shop", "development", "developer@baton.local", "2026-12-08T00:00:00.000Z");
    const err = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "registry.example.com/web:1.0" }] }, f.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafeError);
    expect((err as SafeError).code).toBe("conflict");
    expect((err as SafeError).message).toBe('Environment "shop/development" is paused (since 2026-12-08T00:00:00.000Z by developer@baton.local); resume it before deploying');
    expect(await f.db.select().from(deployments)).toHaveLength(0);
    await writeEnvironmentPaused(f.db, ORG, "shop", "development", null);
    expect((await getEnvironment(f.db, ORG, "shop", "development"))).toMatchObject({ pausedAt: null, pausedBy: null });
    await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "registry.example.com/web:1.0" }] }, f.ctx);
    await f.worker.idle();
    expect(await f.db.select().from(deployments)).toHaveLength(1);
  });

  it("a plan error fails the deployment with the error recorded where it belongs", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    // staging has no postgres definition: no-match.
    const { createEnvironment } = await import("@/lib/server/operations/create-environment");
    await runOperation(createEnvironment, { appId: "shop", id: "staging", type: "staging" }, f.ctx);
    const q = await runOperation(deployEnvironment, { appId: "shop", envId: "staging", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", q.id))!.status).toBe("failed");
    const errors = await listDeploymentErrors(f.db, q.id);
    expect(errors.find((e) => e.code === "no-match")).toMatchObject({ objectId: expect.stringContaining("shared.db") });
    expect(await f.db.select().from(environmentLocks)).toEqual([]);
  });

  it("a rollback pinned to values whose secret was purged fails, naming the value; with today's values it deploys", async () => {
    const f = await deployFixture();
    stopWorker = () => f.worker.stop();
    await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: "hello" }, f.ctx);
    await runOperation(setSharedValue, { appId: "shop", key: "API_KEY", value: "sk-leaked", isSecret: true }, f.ctx);
    const first = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "registry.example.com/web:1.0" }] }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", first.id))!.status).toBe("succeeded");
    await runOperation(setSharedValue, { appId: "shop", key: "API_KEY", value: "sk-rotated", isSecret: true }, f.ctx);
    const pinnedVersion = (await getDeployment(f.db, ORG, "shop", first.id))!.valueSetVersionId!;
    await runOperation(purgeValueKey, { appId: "shop", versionId: pinnedVersion, key: "API_KEY" }, f.ctx);

    const rollback = await runOperation(deployEnvironment, { appId: "shop", envId: "development", fromDeployId: first.id, values: "pinned" }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", rollback.id))!.status).toBe("failed");
    expect(JSON.stringify(await listDeploymentErrors(f.db, rollback.id))).toContain('shared value \\"API_KEY\\" was purged');
    const current = await runOperation(deployEnvironment, { appId: "shop", envId: "development", fromDeployId: first.id, values: "current" }, f.ctx);
    f.worker.kick();
    await f.worker.idle();
    expect((await getDeployment(f.db, ORG, "shop", current.id))!.status).toBe("succeeded");
  });

  it("a job is claimed by one worker; when that worker stops renewing its lease, another fails the deployment as interrupted and frees the environment", async () => {
    const f = await deployFixture();
    await f.worker.stop();
    const q = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, f.ctx);
    const t0 = Date.now();
    const lease = 10_000;
    expect(await claimNextJob(f.db, { orgId: ORG, holder: "worker-a", leaseMs: lease, now: t0 })).toMatchObject({ id: q.id });
    // Exactly one claim: a second worker finds nothing.
    expect(await claimNextJob(f.db, { orgId: ORG, holder: "worker-b", leaseMs: lease, now: t0 })).toBeUndefined();
    // What worker A had done when it died: the deployment in progress, the environment locked.
    await f.db.update(deployments).set({ status: "in progress" });
    await f.db.insert(environmentLocks).values({ orgId: ORG, appId: "shop", envId: "development", deploymentId: q.id, holder: "worker-a", acquiredAt: new Date(t0).toISOString(), leaseExpiresAt: new Date(t0 + lease).toISOString() });
    // While A renews, nobody takes the job away, and a new deployment to the environment is refused.
    expect(await renewLeases(f.db, { holder: "worker-a", jobIds: [q.id], leaseMs: lease, now: t0 + lease / 2 })).toEqual([]);
    expect(await reapExpiredJobs(f.db, t0 + lease)).toEqual([]);
    await expect(runOperation(deployEnvironment, { appId: "shop", envId: "development" }, f.ctx)).rejects.toThrow(SafeError);
    // A stops renewing: past its lease the job is failed, once, with a reason, and the lock freed.
    const afterLease = t0 + lease / 2 + lease + 1;
    expect(await reapExpiredJobs(f.db, afterLease)).toEqual([q.id]);
    expect(await reapExpiredJobs(f.db, afterLease)).toEqual([]);
    expect((await getDeployment(f.db, ORG, "shop", q.id))!.status).toBe("failed");
    expect(await listDeploymentErrors(f.db, q.id)).toEqual([expect.objectContaining({ code: "interrupted", message: expect.stringMatching(/stopped while this deployment was running/) })]);
    expect(await f.db.select().from(environmentLocks)).toEqual([]);
    expect(await f.db.select({ status: jobs.status, error: jobs.error }).from(jobs)).toEqual([{ status: "failed", error: "interrupted" }]);
    expect((await f.db.select().from(deploymentEvents)).length).toBeGreaterThan(0);
    // If A comes back, it learns it lost the job and cannot mark it done.
    expect(await renewLeases(f.db, { holder: "worker-a", jobIds: [q.id], leaseMs: lease })).toEqual([q.id]);
    expect(await finishJob(f.db, { holder: "worker-a", jobId: q.id })).toBe(false);
    // …and the environment accepts a new deployment.
    expect((await runOperation(deployEnvironment, { appId: "shop", envId: "development" }, f.ctx)).status).toBe("pending");
  });

  // SQLite only: it opens two connections to one database file.
  it.skipIf(onPostgres)("two database connections claiming the same queue never take one job twice", async () => {
    const f = await deployFixture();
    await f.worker.stop();
    const file = path.join(f.dataDir, "shared.sqlite");
    sqliteClientOf(f.db)!.exec(`VACUUM INTO '${file}'`);
    const a = openDb(file);
    const b = openDb(file);
    for (const app of ["app-a", "app-b", "app-c", "app-d"]) {
      sqliteClientOf(a)!.prepare("INSERT INTO jobs (id, org_id, kind, payload, status, created_at) VALUES (?, ?, 'deploy', ?, 'queued', ?)").run(`job-${app}`, ORG, JSON.stringify({ appId: app }), new Date().toISOString());
    }
    const claimed: string[] = [];
    for (let i = 0; i < 6; i++) {
      for (const [db, holder] of [[a, "a"], [b, "b"]] as const) {
        const job = await claimNextJob(db, { orgId: ORG, holder, leaseMs: 10_000 });
        if (job) claimed.push(job.id);
      }
    }
    expect(claimed.sort()).toEqual(["job-app-a", "job-app-b", "job-app-c", "job-app-d"]);
    expect(sqliteClientOf(a)!.prepare("SELECT lease_holder AS h, count(*) AS n FROM jobs WHERE status = 'running' GROUP BY lease_holder ORDER BY h").all()).toEqual([{ h: "a", n: 2 }, { h: "b", n: 2 }]);
    sqliteClientOf(a)!.close();
    sqliteClientOf(b)!.close();
  });
});
