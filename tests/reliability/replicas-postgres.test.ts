import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, hasBuild, signIn } from "../security/server-harness";
import { freshPostgresDatabaseUrl, onPostgres } from "../test-db";

/**
 * Baton as an organisation runs it: two web replicas (the built Next.js server, BATON_ROLE=web)
 * and two deploy workers on one PostgreSQL database, started together on an empty database,
 * all reaching the database through a TCP proxy the test can cut.
 * - 50 deploy requests over 10 environments arrive at both replicas at once; one worker is
 *   killed (SIGKILL) while it holds a running deployment. Every environment's deployments
 *   run strictly one after another, every accepted deployment ends exactly once (succeeded,
 *   or failed as interrupted if the killed worker held it), nothing is left queued, running
 *   or locked, and the interrupted environment deploys again.
 * - A rolling restart of both web replicas under load: no request fails but by a refused
 *   connection (retried on the other replica), and the signed-in session survives.
 * - The database unreachable for 10 s: requests answer 503 with a clear error; both the web
 *   replicas and the worker recover by themselves, and a deployment succeeds afterwards.
 */
const repoRoot = path.resolve(__dirname, "../..");
const NEXT = path.join(repoRoot, "node_modules/next/dist/bin/next");
const ADMIN_TOKEN = "replicas-test-admin-token-0123456789";
const ADMIN = { email: "admin@baton.local", password: "replicas-admin-password" };
const ENVS = Array.from({ length: 10 }, (_, i) => `env-${i}`);
const SCORE = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: .\n";
const LEASE_SECONDS = 2;

if (!onPostgres) console.info("replicas on PostgreSQL: skipped (runs in the PostgreSQL pass: BATON_DATABASE_URL=postgres://…)");
else if (!hasBuild) console.info("replicas on PostgreSQL: skipped because there is no Next.js build (.next/BUILD_ID); run `npm run build` first");

interface Proc {
  child: ChildProcess;
  output(): string;
}

function start(name: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  return { child, output: () => `--- ${name}\n${out.slice(-3000)}` };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, diagnostics: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TCP proxy in front of PostgreSQL that the test can cut (refuse and drop every connection) and restore. */
class CuttableProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}
  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
  }
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

describe.skipIf(!onPostgres || !hasBuild)("two web replicas and two workers on one PostgreSQL", () => {
  let dataDir = "";
  let env: Record<string, string> = {};
  let proxy: CuttableProxy;
  let db: pg.Client;
  const ports: number[] = [];
  const webs: Proc[] = [];
  const workers: Proc[] = [];
  const diagnostics = () => [...webs, ...workers].map((p) => p.output()).join("\n");

  const startWeb = (i: number) => {
    webs[i] = start(`web-${i}`, [NEXT, "start", "-H", "127.0.0.1", "-p", String(ports[i])], { ...env, BATON_ROLE: "web", NEXTAUTH_URL: `http://127.0.0.1:${ports[i]}` });
  };
  const healthy = (port: number) => waitFor(`web replica on ${port}`, async () => ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok ? true : undefined), 120_000, diagnostics);

  let turn = 0;
  const api = async (method: string, pathname: string, body?: unknown, port = ports[turn++ % ports.length]) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/orgs/default${pathname}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null, port, headers: res.headers };
  };
  const deploy = (envId: string, image: string) => api("POST", `/apps/shop/envs/${envId}/score-deploys`, { workloads: [{ file: "score.yaml", score_yaml: SCORE }], image, message: `deploy ${image}` });
  const finalStatus = (id: string) =>
    waitFor(
      `deployment ${id} to end`,
      async () => (await db.query<{ status: string }>("SELECT status FROM deployments WHERE id = $1 AND status IN ('succeeded', 'failed')", [id])).rows[0]?.status,
      90_000,
      diagnostics,
    );

  beforeAll(async () => {
    const url = new URL(await freshPostgresDatabaseUrl());
    proxy = new CuttableProxy(await freePort(), { host: url.hostname, port: Number(url.port || 5432) });
    await proxy.open();
    const proxied = new URL(url);
    proxied.port = String(proxy.port);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-replicas-"));
    env = {
      NODE_ENV: "production",
      BATON_DATABASE_URL: proxied.toString(),
      BATON_SECRET_KEY: "ab".repeat(32),
      BATON_DATA_DIR: dataDir,
      BATON_DATA_DIR_SHARED: "true",
      BATON_ADMIN_EMAIL: ADMIN.email,
      BATON_ADMIN_PASSWORD: ADMIN.password,
      BATON_ADMIN_TOKEN: ADMIN_TOKEN,
      BATON_SEED_DEMO: "false",
      BATON_JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      BATON_API_RATE_LIMIT: "10000",
      BATON_PLAN_WORKERS: "1",
      BATON_SHUTDOWN_DRAIN_SECONDS: "2",
      NEXT_MANUAL_SIG_HANDLE: "1",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    ports.push(await freePort(), await freePort());
    // Both replicas and both workers start at once on the empty database: one seeds it.
    startWeb(0);
    startWeb(1);
    // tsx as a loader, not its CLI (which runs the script in a child process): the pid is the worker's own.
    for (const i of [0, 1]) workers[i] = start(`worker-${i}`, ["--import", "tsx", "scripts/worker.ts"], { ...env, BATON_ROLE: "worker" });
    db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    for (const port of ports) await healthy(port);
    expect((await api("POST", "/apps", { id: "shop", skip_environment_creation: true })).status).toBe(201);
    for (const id of ENVS) expect((await api("POST", "/apps/shop/envs", { id, type: "development" })).status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    for (const p of [...webs, ...workers]) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await proxy?.cut().catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("50 concurrent deploys over 10 environments: each environment serial, each accepted deployment ends once; a killed worker's deployment fails as interrupted", async () => {
    // Spread over a few seconds so environments take several deployments one after another.
    const requests = Array.from({ length: 50 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, Math.floor(i / 10) * 1500 + Math.random() * 300));
      return { envId: ENVS[i % ENVS.length], ...(await deploy(ENVS[i % ENVS.length], `nginx:1.${i}`)) };
    });
    // Kill the first worker while it holds a running deployment.
    const killedHolder = await waitFor(
      "worker-0 to hold a running deployment",
      async () => {
        const r = await db.query<{ lease_holder: string }>("SELECT lease_holder FROM jobs WHERE status = 'running' AND lease_holder LIKE $1 LIMIT 1", [`%-${workers[0].child.pid}-%`]);
        if (!r.rows[0]) return undefined;
        workers[0].child.kill("SIGKILL");
        return r.rows[0].lease_holder;
      },
      120_000,
      diagnostics,
    );
    const responses = await Promise.all(requests);

    // No request failed for another reason than the environment being busy.
    const unexpected = responses.filter((r) => r.status !== 201 && !(r.status === 409 && /in progress/.test(String(r.body?.message))));
    expect(unexpected.map(({ headers: _, ...r }) => r), diagnostics()).toEqual([]);
    const accepted = responses.filter((r) => r.status === 201).map((r) => ({ envId: r.envId, id: String(r.body!.id) }));
    expect(accepted.length).toBeGreaterThanOrEqual(ENVS.length);
    expect(new Set(accepted.map((a) => a.id)).size).toBe(accepted.length);
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.port)).size, "both replicas accepted deployments").toBe(2);

    // Everything ends: the survivor takes over the killed worker's jobs within the lease.
    await waitFor("every deployment to end", async () => ((await db.query("SELECT 1 FROM jobs WHERE status IN ('queued', 'running')")).rowCount === 0 ? true : undefined), 240_000, diagnostics);
    const deployments = (await db.query<{ id: string; env_id: string; status: string }>("SELECT id, env_id, status FROM deployments")).rows;
    const jobs = (await db.query<{ id: string; status: string; lease_holder: string; started_at: string; finished_at: string; error: string | null }>("SELECT id, status, lease_holder, started_at, finished_at, error FROM jobs")).rows;
    const errors = (await db.query<{ deployment_id: string; code: string }>("SELECT deployment_id, code FROM deployment_errors")).rows;

    // Exactly the accepted deployments exist, each with one job, each finished once.
    expect(deployments.map((d) => d.id).sort()).toEqual(accepted.map((a) => a.id).sort());
    expect(jobs.map((j) => j.id).sort()).toEqual(accepted.map((a) => a.id).sort());
    const interrupted = jobs.filter((j) => j.error === "interrupted");
    expect(interrupted.length, "the killed worker's deployment was taken over").toBeGreaterThanOrEqual(1);
    for (const j of interrupted) expect(j.lease_holder).toBe(killedHolder);
    for (const d of deployments) {
      const job = jobs.find((j) => j.id === d.id)!;
      if (job.error === "interrupted") {
        expect(d.status).toBe("failed");
        expect(errors.filter((e) => e.deployment_id === d.id).map((e) => e.code)).toEqual(["interrupted"]);
      } else {
        expect({ id: d.id, status: d.status, job: job.status }, diagnostics()).toEqual({ id: d.id, status: "succeeded", job: "done" });
      }
    }
    // Strictly serial per environment: no two runs overlap in time.
    for (const envId of ENVS) {
      const runs = jobs
        .filter((j) => deployments.find((d) => d.id === j.id)!.env_id === envId)
        .map((j) => ({ start: j.started_at, end: j.finished_at }))
        .sort((a, b) => a.start.localeCompare(b.start));
      for (let i = 1; i < runs.length; i++) expect(runs[i].start >= runs[i - 1].end, `${envId}: runs overlap`).toBe(true);
    }
    expect((await db.query("SELECT 1 FROM environment_locks")).rowCount).toBe(0);

    // The interrupted environment takes a new deployment, and it succeeds.
    const envOfInterrupted = deployments.find((d) => d.id === interrupted[0].id)!.env_id;
    const again = await deploy(envOfInterrupted, "nginx:again");
    expect(again.status).toBe(201);
    expect(await finalStatus(String(again.body!.id))).toBe("succeeded");
  }, 600_000);

  it("a rolling restart of the web replicas under load: no request fails but by a refused connection, and the session survives", async () => {
    const { jar, status } = await signIn(`http://127.0.0.1:${ports[0]}`, ADMIN.email, ADMIN.password);
    expect(status).toBe(200);
    // The load balancer: replicas whose readiness fails leave the rotation; a refused connection is retried elsewhere.
    const inRotation = new Set(ports);
    let loadRunning = true;
    const failures: string[] = [];
    let served = 0;
    const watchReadiness = (async () => {
      while (loadRunning) {
        for (const port of ports) {
          const ready = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
          if (ready) inRotation.add(port);
          else inRotation.delete(port);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const browse = async () => {
      while (loadRunning) {
        const candidates = [...inRotation];
        const port = candidates[served % Math.max(1, candidates.length)] ?? ports[0];
        try {
          const res = await fetch(`http://127.0.0.1:${port}/apps`, { headers: { cookie: jar.header() }, redirect: "manual" });
          await res.arrayBuffer();
          if (res.status !== 200) failures.push(`${port}: /apps answered ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}`);
          served++;
        } catch (err) {
          const code = (err as { cause?: { code?: string } }).cause?.code;
          if (code !== "ECONNREFUSED" && code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") failures.push(`${port}: ${String(err)} ${code ?? ""}`);
        }
      }
    };
    const load = [browse(), browse(), browse()];
    for (const i of [0, 1]) {
      const exited = new Promise<number | null>((resolve) => webs[i].child.once("exit", (code) => resolve(code)));
      webs[i].child.kill("SIGTERM");
      expect(await exited, diagnostics()).toBe(0);
      startWeb(i);
      await healthy(ports[i]);
      await waitFor(`web-${i} back in rotation`, async () => (inRotation.has(ports[i]) ? true : undefined), 30_000, diagnostics);
    }
    loadRunning = false;
    await Promise.all([...load, watchReadiness]);
    expect(failures, diagnostics()).toEqual([]);
    expect(served).toBeGreaterThan(20);
    // Signed in all along: the same cookie opens a page on both restarted replicas.
    for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/apps`, { headers: { cookie: jar.header() }, redirect: "manual" })).status).toBe(200);
  }, 600_000);

  it("the database unreachable for 10 s: 503 with a clear error, then web and worker recover by themselves", async () => {
    await proxy.cut();
    const during = await api("GET", "/apps", undefined, ports[0]);
    expect(during.status).toBe(503);
    expect(during.body).toEqual({ error: "API-503", message: "The database is unavailable right now; try again in a few seconds" });
    expect((await fetch(`http://127.0.0.1:${ports[1]}/api/health`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 10_000));
    await proxy.open();
    for (const port of ports) await healthy(port);
    expect((await api("GET", "/apps", undefined, ports[0])).status).toBe(200);
    // The surviving worker picks up a new deployment after the outage.
    const after = await deploy("env-3", "nginx:after-outage");
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(await finalStatus(String(after.body!.id))).toBe("succeeded");
    // A worker stops cleanly on SIGTERM.
    const exited = new Promise<number | null>((resolve) => workers[1].child.on("exit", (code) => resolve(code)));
    workers[1].child.kill("SIGTERM");
    expect(await exited, diagnostics()).toBe(0);
  }, 300_000);
});
