import { sqliteClientOf } from "@/db/client";
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
import { BENCH_SECRET_KEY, databaseLabel, postgresCopyOf, seedSqlite, watchSequentialScans } from "./postgres";

const ORG = "bench-org";
const TOKEN = "bench-token-0123456789abcdefghij";
const DEPLOYMENTS = 10_000;
const RATE = 200;
const DURATION_S = 10;

/**
 * What a real deployment row carries besides its summary: the resource graph and the rendered
 * objects of a three-workload app (~12 kB of JSON). Without them the list would read rows a
 * fraction of their real size and flatter the query.
 */
function typicalPayload(): { graph: string; objects: string } {
  const workloads = ["api", "web", "worker"];
  const labels = (w: string) => ({ "app.kubernetes.io/name": w, "app.kubernetes.io/instance": `${w}-shop-development`, "app.kubernetes.io/managed-by": "baton" });
  const objects = workloads.flatMap((w) => [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: w, namespace: "shop-development", labels: labels(w), annotations: { "k8s.score.dev/workload-name": w } },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/instance": `${w}-shop-development` } },
        template: {
          metadata: { labels: labels(w) },
          spec: {
            containers: [
              {
                name: "main",
                image: `registry.example.com/shop/${w}:1.4.2`,
                env: Array.from({ length: 12 }, (_, i) => ({ name: `SETTING_${i}`, value: `value-${i}-${w}` })).concat([{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: `${w}-env`, key: "main.DB_PASSWORD" } } } as never]),
                resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                livenessProbe: { httpGet: { path: "/health", port: 8080 } },
              },
            ],
          },
        },
      },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name: w, namespace: "shop-development", labels: labels(w) }, spec: { selector: { "app.kubernetes.io/instance": `${w}-shop-development` }, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }] } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: `${w}-env`, namespace: "shop-development", labels: labels(w) }, type: "Opaque", data: { "main.DB_PASSWORD": "***" } },
  ]);
  const nodes = workloads.flatMap((w) => [
    { res_id: `modules.${w}`, type: "workload", class: "default", def_id: "default-workload", guresid: `${w}0123456789abcdef`, depends_on: [], outputs: { values: { update: [] } }, status: "succeeded" },
    { res_id: `modules.${w}.externals.db`, type: "postgres", class: "default", def_id: "pack-postgres", guresid: `${w}fedcba9876543210`, depends_on: ["k8s-namespace.default#k8s-namespace"], outputs: { values: { host: `postgres-${w}`, port: 5432, name: w, username: `user-${w}` } }, status: "succeeded" },
  ]);
  return { graph: JSON.stringify({ nodes }), objects: JSON.stringify(objects) };
}

export async function seedApiDataDir(dataDir: string): Promise<void> {
  const db = openDb(path.join(dataDir, "baton.db"));
  await migrateDb(db);
  await seedOrganisation(db, { orgId: ORG, orgName: "Bench", adminEmail: "admin@bench.local", adminPassword: "bench-password", adminToken: TOKEN, demo: false });
  const sql = sqliteClientOf(db)!;
  const admin = (sql.prepare("SELECT id FROM users WHERE email = 'admin@bench.local'").get() as { id: string }).id;
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  sql.transaction(() => {
    sql.prepare("INSERT INTO applications (org_id, id, name, created_at, created_by) VALUES (?, 'shop', 'Shop', ?, ?)").run(ORG, new Date(t0).toISOString(), admin);
    sql.prepare("INSERT INTO environments (org_id, app_id, id, name, type, created_at, created_by) VALUES (?, 'shop', 'development', 'Development', 'development', ?, ?)").run(ORG, new Date(t0).toISOString(), admin);
    sql.prepare("INSERT INTO deployment_sets (id, org_id, content, created_at) VALUES ('bench-set', ?, '{\"modules\":{},\"shared\":{}}', ?)").run(ORG, new Date(t0).toISOString());
    const insert = sql.prepare(
      "INSERT INTO deployments (id, org_id, app_id, env_id, from_id, set_id, comment, status, status_changed_at, graph, objects, created_at, created_by) VALUES (?, ?, 'shop', 'development', ?, 'bench-set', ?, 'succeeded', ?, ?, ?, ?, ?)",
    );
    const payload = typicalPayload();
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const at = new Date(t0 + i * 60_000).toISOString();
      insert.run(`dep-${String(i).padStart(6, "0")}`, ORG, i > 0 ? `dep-${String(i - 1).padStart(6, "0")}` : null, `deployment ${i}`, at, payload.graph, payload.objects, at, "admin@bench.local");
    }
  })();
  sql.close();
}

function startServer(dataDir: string, databaseUrl: string | undefined): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env, BATON_DATA_DIR: dataDir, BATON_ORG_ID: ORG, BATON_API_RATE_LIMIT: "100000", LOG_LEVEL: "warn", BATON_SEED_DEMO: "false" };
  if (databaseUrl) Object.assign(env, { BATON_DATABASE_URL: databaseUrl, BATON_SECRET_KEY: BENCH_SECRET_KEY });
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
  await seedSqlite("api", dataDir, seedApiDataDir);
  const pgUrl = await postgresCopyOf(path.join(dataDir, "baton.db"));
  const { child, port } = await startServer(dataDir, pgUrl);
  console.log(`measuring on ${databaseLabel}`);
  try {
    const base = `http://127.0.0.1:${port}/api/v1/orgs/${ORG}/apps/shop/envs/development/deploys`;
    const check = await fetch(base, { headers: { authorization: `Bearer ${TOKEN}` } });
    const firstPage = (await check.json()) as unknown[];
    if (check.status !== 200 || firstPage.length !== 50 || !check.headers.get("link")) throw new Error(`unexpected answer ${check.status}: ${firstPage.length} items`);
    const deepToken = await pageTokenAt(base, DEPLOYMENTS - 100);
    const deep = (await (await fetch(`${base}?page=${deepToken}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { id: string }[];
    const expectedFirst = `dep-${String(99).padStart(6, "0")}`;
    if (deep.length !== 50 || deep[0].id !== expectedFirst) throw new Error(`deep page starts at ${deep[0]?.id} (${deep.length} items), expected ${expectedFirst}`);
    const scans = await watchSequentialScans(pgUrl);
    for (const [label, url] of [["first page (50 newest)", base], [`deep page (after ${DEPLOYMENTS - 100} rows)`, `${base}?page=${deepToken}`]] as const) {
      const r = await load(url);
      const verdict = r.latency.p99 <= 50 ? "ok" : "over the 50 ms goal";
      console.log(
        `deploys list, ${label}: ${DEPLOYMENTS} deployments, ${RATE} req/s for ${DURATION_S}s — p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (${verdict}), max ${r.latency.max} ms, ${Math.round(r.requests.average)} req/s, non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
    await scans.report();
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
