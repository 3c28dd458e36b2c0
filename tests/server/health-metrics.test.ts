import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { openDb, sqliteClientOf, type Db } from "@/db/client";
import { closeDatabase } from "@/db/open";
import { postgresPoolOf } from "@/db/postgres";
import { jobs } from "@/db/tables";
import { reapExpiredJobs } from "@/lib/server/deploy/job-leases";
import * as pgSchema from "@/db/schema-pg";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { markWorker, readiness, thisProcessHolderPrefix } from "@/lib/server/health/checks";
import { startHealthServer } from "@/lib/server/health/server";
import { logger } from "@/lib/server/logger";
import { domainSamples, renderMetrics } from "@/lib/server/metrics";
import { createApplication } from "@/lib/server/operations/create-application";
import { runOperation } from "@/lib/server/operations/operation";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { createEmptyPostgresDatabase, onPostgres, openTestDb } from "../test-db";
import { actorFor, seededDb } from "./helpers";

const box = createSecretBox(crypto.randomBytes(32));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  setRuntimeForTests(undefined);
  markWorker(undefined);
  for (const c of cleanups.splice(0)) await c();
});

async function testDb(): Promise<Db> {
  const db = await openTestDb();
  cleanups.push(() => closeDatabase(db));
  return db;
}

/** A database with no migration applied, on whichever database the suite runs. */
async function unmigratedDb(): Promise<Db> {
  if (!onPostgres) return openDb(":memory:");
  const empty = await createEmptyPostgresDatabase();
  const pool = new pg.Pool({ connectionString: empty.url, max: 1 });
  cleanups.push(async () => {
    await pool.end();
    await empty.drop();
  });
  return drizzle(pool, { schema: pgSchema }) as unknown as Db;
}

/** A handle whose connection is gone. */
async function closedDb(): Promise<Db> {
  const db = await openTestDb();
  if (onPostgres) await postgresPoolOf(db)!.end();
  else sqliteClientOf(db)!.close();
  return db;
}

const ago = (ms: number, now: number) => new Date(now - ms).toISOString();

describe("liveness", () => {
  it("answers 200 without touching the database, even when it is gone", async () => {
    setRuntimeForTests({ db: await closedDb(), secrets: box });
    const res = live();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", role: "all", uptimeSeconds: expect.any(Number) });
  });
});

describe("readiness (/api/health/ready, and /api/health for compatibility)", () => {
  it("is ok when the database answers, every migration is applied and the worker runs", async () => {
    setRuntimeForTests({ db: await testDb(), secrets: box });
    markWorker("running");
    for (const get of [ready, health]) {
      const res = await get();
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", role: "all", database: "reachable", migrations: "current", worker: "running" });
    }
  });

  it("is degraded (503) and names the pending migrations when the schema is behind", async () => {
    setRuntimeForTests({ db: await unmigratedDb(), secrets: box });
    markWorker("running");
    const res = await ready();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.migrations.pending[0]).toBe(onPostgres ? "0000_baseline" : "0000_init");
    expect(body.reason).toMatch(/migration\(s\) not applied .*restart to migrate/);
  });

  it("is an error (503) with a reason when the database cannot be reached", async () => {
    setRuntimeForTests({ db: await closedDb(), secrets: box });
    markWorker("running");
    const res = await health();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", role: "all", database: "unreachable", reason: "the database cannot be reached" });
  });

  it("a process that runs a worker is not ready before the worker started, nor once it is stopping", async () => {
    const db = await testDb();
    expect((await readiness(db, "worker")).body).toMatchObject({ status: "degraded", worker: "not started", reason: expect.stringMatching(/has not started/) });
    markWorker("stopping");
    const stopping = await readiness(db, "all");
    expect(stopping.httpStatus).toBe(503);
    expect(stopping.body).toMatchObject({ worker: "stopping", reason: expect.stringMatching(/stopping \(SIGTERM\)/) });
    // A web replica runs no worker: the database alone decides.
    expect(await readiness(db, "web")).toEqual({ httpStatus: 200, body: { status: "ok", role: "web", database: "reachable", migrations: "current" } });
  });

  it("a worker whose lease on a running job expired is not ready; another process's expired lease does not count", async () => {
    const db = await testDb();
    markWorker("running");
    const now = Date.now();
    const job = (id: string, holder: string, expiresInMs: number) => ({ id, orgId: "o", kind: "deploy", payload: {}, status: "running" as const, createdAt: ago(60_000, now), startedAt: ago(50_000, now), leaseHolder: holder, leaseExpiresAt: new Date(now + expiresInMs).toISOString() });
    await db.insert(jobs).values([job("mine-fresh", `${thisProcessHolderPrefix()}aaaa`, 20_000), job("other-stale", "elsewhere-1-bbbb", -20_000)]);
    expect((await readiness(db, "worker", now)).httpStatus).toBe(200);

    await db.insert(jobs).values(job("mine-stale", `${thisProcessHolderPrefix()}aaaa`, -5_000));
    const r = await readiness(db, "worker", now);
    expect(r.httpStatus).toBe(503);
    expect(r.body).toMatchObject({ status: "degraded", worker: { expiredLeases: ["mine-stale"] }, reason: "the deploy worker stopped renewing its lease on running job mine-stale" });
  });
});

describe("metrics", () => {
  it("GET /api/metrics serves Prometheus text with process metrics and domain gauges", async () => {
    const db = await seededDb();
    cleanups.push(() => closeDatabase(db));
    await runOperation(createApplication, { id: "shop" }, { db, actor: await actorFor(db, "admin@example.com") });
    setRuntimeForTests({ db, secrets: box });
    const res = await metrics();
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE baton_applications gauge\nbaton_applications 1\n");
    expect(text).toContain("baton_environments 1\n");
    expect(text).toContain("baton_deployments 0\n");
    expect(text).toContain("baton_database_up 1\n");
    expect(text).toContain("# TYPE baton_job_lease_takeovers_total counter\nbaton_job_lease_takeovers_total 0\n");
    expect(text).toMatch(/baton_process_cpu_seconds_total \d/);
  });

  it("reads the queue from the database: depth, oldest queued age, running jobs, lease takeovers", async () => {
    const db = await testDb();
    const now = Date.parse("2026-12-07T12:00:00.000Z");
    const row = (id: string, status: "queued" | "running" | "done" | "failed", createdMsAgo: number, error?: string) => ({ id, orgId: "o", kind: "deploy", payload: { appId: "a" }, status, createdAt: ago(createdMsAgo, now), error: error ?? null });
    const queue = () => domainSamples(db, now).then((s) => Object.fromEntries(s.filter(([n]) => n.startsWith("baton_job")).map(([n, , , v]) => [n, v])));
    expect(await queue()).toEqual({ baton_jobs_queued: 0, baton_jobs_oldest_queued_age_seconds: 0, baton_jobs_running: 0, baton_job_lease_takeovers_total: 0 });

    await db.insert(jobs).values([
      row("q1", "queued", 90_000),
      row("q2", "queued", 30_000),
      { ...row("r1", "running", 120_000), leaseHolder: "alive-1-aaaa", leaseExpiresAt: new Date(now + 20_000).toISOString() },
      row("d1", "done", 500_000),
      row("f1", "failed", 400_000, "interrupted"),
      row("f2", "failed", 300_000, "interrupted"),
      row("f3", "failed", 200_000, "template error"),
    ]);
    expect(await queue()).toEqual({ baton_jobs_queued: 2, baton_jobs_oldest_queued_age_seconds: 90, baton_jobs_running: 1, baton_job_lease_takeovers_total: 2 });
    // The counter follows what the lease reaper does: a running job whose lease expired, taken over.
    await db.insert(jobs).values({ ...row("r2", "running", 100_000), leaseHolder: "dead-1-cccc", leaseExpiresAt: ago(1_000, now) });
    expect(await reapExpiredJobs(db, now)).toEqual([]);
    expect(await queue()).toMatchObject({ baton_jobs_running: 1, baton_job_lease_takeovers_total: 3 });
    const { body } = await renderMetrics(db, now);
    expect(body).toContain("# TYPE baton_jobs_queued gauge\nbaton_jobs_queued 2\n");
    expect(body).toContain("baton_jobs_oldest_queued_age_seconds 90\n");
  });

  it("still serves process metrics, with baton_database_up 0, when the database is gone", async () => {
    const { body } = await renderMetrics(await closedDb());
    expect(body).toContain("baton_database_up 0\n");
    expect(body).not.toContain("baton_jobs_queued");
    expect(body).toMatch(/baton_process_cpu_seconds_total \d/);
  });
});

describe("the worker process's health listener (BATON_WORKER_HEALTH_PORT)", () => {
  it("serves live, ready and metrics at the web server's paths, and nothing else", async () => {
    setRuntimeForTests({ db: await testDb(), secrets: box });
    const server = await startHealthServer({ port: 0, host: "127.0.0.1", log: logger.child({ test: "health" }) });
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    expect((await fetch(`${base}/api/health/live`)).status).toBe(200);
    const notStarted = await fetch(`${base}/api/health/ready`);
    expect(notStarted.status).toBe(503);
    expect((await notStarted.json()).reason).toMatch(/has not started/);
    markWorker("running");
    const readyRes = await fetch(`${base}/api/health/ready`);
    expect(readyRes.status).toBe(200);
    expect(await readyRes.json()).toMatchObject({ status: "ok", worker: "running" });
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const m = await fetch(`${base}/api/metrics`);
    expect(m.headers.get("content-type")).toContain("text/plain");
    expect(await m.text()).toContain("baton_jobs_queued 0\n");
    const missing = await fetch(`${base}/api/v1/orgs`);
    expect(missing.status).toBe(404);
    expect((await fetch(`${base}/api/health/live`, { method: "POST" })).status).toBe(405);
  });
});
