/**
 * API benchmark: the deployment list (GET …/envs/{env}/deploys, first page and a deep page)
 * with 10,000 deployments in the database, served by the real route handler in one process
 * and loaded by autocannon at 200 requests/s from this one. Goal: p99 ≤ 50 ms. The deep page
 * is requested with the token a client holds after paging through 9,900 deployments.
 * `BENCH_NEXT=1` serves through `next start` instead (needs a current `next build`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { openDb, migrateDb } from "@/db/client";
import { seedOrganisation } from "@/lib/server/seed";

const ORG = "bench-org";
const TOKEN = "bench-token-0123456789abcdefghij";
const DEPLOYMENTS = 10_000;
const RATE = 200;
const DURATION_S = 10;

function seed(dataDir: string): void {
  const db = openDb(path.join(dataDir, "baton.db"));
  migrateDb(db);
  seedOrganisation(db, { orgId: ORG, orgName: "Bench", adminEmail: "admin@bench.local", adminPassword: "bench-password", adminToken: TOKEN, demo: false });
  const sql = db.$client;
  const admin = (sql.prepare("SELECT id FROM users WHERE email = 'admin@bench.local'").get() as { id: string }).id;
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  sql.transaction(() => {
    sql.prepare("INSERT INTO applications (org_id, id, name, created_at, created_by) VALUES (?, 'shop', 'Shop', ?, ?)").run(ORG, new Date(t0).toISOString(), admin);
    sql.prepare("INSERT INTO environments (org_id, app_id, id, name, type, created_at, created_by) VALUES (?, 'shop', 'development', 'Development', 'development', ?, ?)").run(ORG, new Date(t0).toISOString(), admin);
    sql.prepare("INSERT INTO deployment_sets (id, org_id, content, created_at) VALUES ('bench-set', ?, '{\"modules\":{},\"shared\":{}}', ?)").run(ORG, new Date(t0).toISOString());
    const insert = sql.prepare(
      "INSERT INTO deployments (id, org_id, app_id, env_id, from_id, set_id, comment, status, status_changed_at, created_at, created_by) VALUES (?, ?, 'shop', 'development', ?, 'bench-set', ?, 'succeeded', ?, ?, ?)",
    );
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const at = new Date(t0 + i * 60_000).toISOString();
      insert.run(`dep-${String(i).padStart(6, "0")}`, ORG, i > 0 ? `dep-${String(i - 1).padStart(6, "0")}` : null, `deployment ${i}`, at, at, "admin@bench.local");
    }
  })();
  sql.close();
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env, BATON_DATA_DIR: dataDir, BATON_ORG_ID: ORG, BATON_API_RATE_LIMIT: "100000", LOG_LEVEL: "warn", BATON_SEED_DEMO: "false" };
  const root = path.resolve(__dirname, "..");
  const useNext = process.env.BENCH_NEXT === "1";
  const child = useNext
    ? spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", "0", "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] })
    : spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "bench/api-server.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)|http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1] ?? m[2]) });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

interface CannonResult {
  latency: { p50: number; p99: number; max: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
}

async function load(url: string): Promise<CannonResult> {
  const autocannon = createRequire(__filename)("autocannon") as (opts: object) => Promise<CannonResult>;
  return autocannon({ url, connections: 10, overallRate: RATE, duration: DURATION_S, headers: { authorization: `Bearer ${TOKEN}` } });
}

/**
 * The page token a client holds after paging through `skip` deployments, got the way a
 * client gets it: by following the `X-Next-Page` tokens (100 per page).
 */
async function pageTokenAt(base: string, skip: number): Promise<string> {
  let token = "";
  for (let seen = 0; seen < skip; seen += 100) {
    const res = await fetch(`${base}?per_page=100${token ? `&page=${token}` : ""}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await res.arrayBuffer();
    token = res.headers.get("x-next-page") ?? "";
    if (res.status !== 200 || !token) throw new Error(`paging to row ${skip}: ${res.status} without a next page after ${seen} rows`);
  }
  return token;
}

export async function benchApi(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-api-"));
  seed(dataDir);
  const { child, port } = await startServer(dataDir);
  try {
    const base = `http://127.0.0.1:${port}/api/v1/orgs/${ORG}/apps/shop/envs/development/deploys`;
    const check = await fetch(base, { headers: { authorization: `Bearer ${TOKEN}` } });
    const firstPage = (await check.json()) as unknown[];
    if (check.status !== 200 || firstPage.length !== 50 || !check.headers.get("link")) throw new Error(`unexpected answer ${check.status}: ${firstPage.length} items`);
    const deepToken = await pageTokenAt(base, DEPLOYMENTS - 100);
    const deep = (await (await fetch(`${base}?page=${deepToken}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { id: string }[];
    const expectedFirst = `dep-${String(99).padStart(6, "0")}`;
    if (deep.length !== 50 || deep[0].id !== expectedFirst) throw new Error(`deep page starts at ${deep[0]?.id} (${deep.length} items), expected ${expectedFirst}`);
    for (const [label, url] of [["first page (50 newest)", base], [`deep page (after ${DEPLOYMENTS - 100} rows)`, `${base}?page=${deepToken}`]] as const) {
      const r = await load(url);
      const verdict = r.latency.p99 <= 50 ? "ok" : "over the 50 ms goal";
      console.log(
        `deploys list, ${label}: ${DEPLOYMENTS} deployments, ${RATE} req/s for ${DURATION_S}s — p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (${verdict}), max ${r.latency.max} ms, ${Math.round(r.requests.average)} req/s, non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
    console.log(`server: ${process.env.BENCH_NEXT === "1" ? "next start" : "route handler on node:http (bench/api-server.ts)"}, separate process`);
  } finally {
    child.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchApi().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
