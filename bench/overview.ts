import { sqliteClientOf } from "@/db/client";
/**
 * Overview benchmark: 1,000 applications × 5 environments and 100,000 deployments (with
 * graphs, value versions and definitions, so every marker has work to do) in a SQLite file.
 * Reports the overview's server time (data from the summary table + server render of the
 * page body) as p50/p95, and the payload per page: the HTML plus the data shipped to the
 * client components (what the RSC payload carries for them). Goals: p95 ≤ 200 ms,
 * HTML+data ≤ 100 kB per page. Also times the summary hook a deployment's status change runs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDb, openDb } from "@/db/client";
import { closeDatabase, openDatabase } from "@/db/open";
import { databaseLabel, postgresCopyOf, seedSqlite, watchSequentialScans } from "./postgres";
import { loadActor, findUserByEmail } from "@/lib/server/data/users";
import { loadOverview, parseOverviewQuery, type OverviewData } from "@/lib/server/data/overview";
import { rebuildEnvironmentSummaries, refreshEnvironmentSummary } from "@/lib/server/data/overview-summaries";
import { seedOrganisation } from "@/lib/server/seed";

const ORG = "bench-org";
const APPS = 1_000;
const ENVS = [
  ["development", "development"],
  ["feature", "development"],
  ["staging", "staging"],
  ["production", "production"],
  ["production-eu", "production"],
] as const;
const DEPLOYMENTS = 100_000;
const PEOPLE = 40;
const DEFINITIONS = ["local-gitops", "incluster-postgres", "incluster-redis", "staging-postgres", "prod-postgres", "dns-default", "s3-bucket", "queue"];

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function seedOverviewFile(file: string): Promise<void> {
  const db = openDb(file);
  await migrateDb(db);
  await seedOrganisation(db, { orgId: ORG, orgName: "Bench", adminEmail: "admin@bench.local", adminPassword: "bench-password", demo: true });
  const sql = sqliteClientOf(db)!;
  const admin = (sql.prepare("SELECT id FROM users WHERE email = 'admin@bench.local'").get() as { id: string }).id;
  const rand = rng(42);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const span = 90 * 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  sql.transaction(() => {
    const user = sql.prepare("INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, NULL, ?)");
    const role = sql.prepare("INSERT INTO org_roles (org_id, user_id, role) VALUES (?, ?, 'member')");
    for (let p = 0; p < PEOPLE; p++) {
      user.run(`person-${p}`, ORG, `person-${p}@bench.local`, `Person ${p}`, iso(t0));
      role.run(ORG, `person-${p}`);
    }
    const def = sql.prepare(
      "INSERT INTO resource_definitions (org_id, id, name, type, driver_type, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, 'postgres', 'humanitec/echo', ?, ?, ?, ?)",
    );
    // Two definitions changed at the very end: environments deployed before match "outdated".
    const defVersion = sql.prepare("INSERT INTO resource_definition_versions (id, org_id, def_id, action, content, created_at, created_by) VALUES (?, ?, ?, ?, '{}', ?, ?)");
    DEFINITIONS.forEach((id, i) => {
      const changed = iso(i < 2 ? t0 + span * 0.995 : t0);
      def.run(ORG, id, id, iso(t0), admin, changed, admin);
      defVersion.run(`${id}-v1`, ORG, id, "created", iso(t0), admin);
      if (i < 2) defVersion.run(`${id}-v2`, ORG, id, "updated", changed, admin);
    });
    sql.prepare("INSERT INTO deployment_sets (id, org_id, content, created_at) VALUES ('bench-set', ?, '{\"modules\":{},\"shared\":{}}', ?)").run(ORG, iso(t0));

    const app = sql.prepare("INSERT INTO applications (org_id, id, name, created_at, created_by) VALUES (?, ?, ?, ?, ?)");
    const owner = sql.prepare("INSERT INTO app_roles (org_id, app_id, user_id, role) VALUES (?, ?, ?, 'owner')");
    const env = sql.prepare("INSERT INTO environments (org_id, app_id, id, name, type, last_deploy_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const dep = sql.prepare(
      "INSERT INTO deployments (id, org_id, app_id, env_id, from_id, set_id, workload_versions, comment, status, status_changed_at, finished_at, graph, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'bench-set', ?, '', ?, ?, ?, ?, ?, ?)",
    );
    const version = sql.prepare("INSERT INTO value_set_versions (id, org_id, app_id, env_id, \"values\", change, result_of, created_at, created_by) VALUES (?, ?, ?, ?, '{}', '[]', 'bench', ?, ?)");
    const perEnv = DEPLOYMENTS / (APPS * ENVS.length);
    let n = 0;
    for (let a = 0; a < APPS; a++) {
      const appId = `app-${String(a).padStart(4, "0")}`;
      app.run(ORG, appId, `Application ${a}`, iso(t0), admin);
      owner.run(ORG, appId, `person-${a % PEOPLE}`);
      for (const [envId, type] of ENVS) {
        let last: string | null = null;
        let at = t0 + rand() * 86_400_000;
        const ids: string[] = [];
        for (let d = 0; d < perEnv; d++) {
          const id = `d${String(n++).padStart(7, "0")}`;
          const newest = d === perEnv - 1;
          const r = rand();
          const status = newest && r < 0.01 ? "in progress" : r < (type === "production" ? 0.12 : 0.08) ? "failed" : "succeeded";
          const finished = status === "in progress" ? null : iso(at + 60_000);
          const defs = [DEFINITIONS[0], DEFINITIONS[1 + Math.floor(rand() * 4)], DEFINITIONS[5 + Math.floor(rand() * 3)]];
          const graph = JSON.stringify({ nodes: defs.map((def_id, i) => ({ key: `k${i}`, res_id: `shared.r${i}`, type: "postgres", class: "default", def_id, depends_on: [], status: "provisioned", outputs: { values: {}, secrets: {} } })), order: ["k0", "k1", "k2"] });
          const by = `person-${Math.floor(rand() * PEOPLE)}@bench.local`;
          dep.run(id, ORG, appId, envId, last, JSON.stringify({ web: d + 1 }), status, finished ?? iso(at), finished, graph, iso(at), by);
          ids.push(id);
          last = id;
          at += span / perEnv;
        }
        env.run(ORG, appId, envId, envId, type, last, iso(t0), admin);
        if (rand() < 0.1) version.run(`v-${appId}-${envId}`, ORG, appId, envId, iso(t0 + span * 1.01), admin);
      }
      version.run(`v-${appId}`, ORG, appId, "", iso(t0), admin);
    }
  })();
  sql.close();
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export async function benchOverview(): Promise<void> {
  // Render with React's production build, as `next start` does (loaded here, after setting it).
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { gridRows } = await import("@/components/overview/format");
  const { OverviewBody } = await import("@/components/overview/overview-body");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-overview-"));
  const file = path.join(dir, "baton.db");
  let t = Date.now();
  await seedSqlite("overview", file, seedOverviewFile);
  console.log(`seeded ${APPS} apps × ${ENVS.length} envs, ${DEPLOYMENTS} deployments in ${((Date.now() - t) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);

  const pgUrl = await postgresCopyOf(file);
  const db = pgUrl ? await openDatabase({ url: pgUrl, file }) : openDb(file);
  console.log(`measuring on ${databaseLabel}`);
  t = Date.now();
  await rebuildEnvironmentSummaries(db, ORG);
  console.log(`summary rebuilt from scratch (${APPS * ENVS.length} rows; also the migration's backfill): ${Date.now() - t} ms`);

  const scans = await watchSequentialScans(pgUrl);
  const hook: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = performance.now();
    await refreshEnvironmentSummary(db, ORG, `app-${String((i * 7) % APPS).padStart(4, "0")}`, ENVS[i % ENVS.length][0]);
    hook.push(performance.now() - s);
  }
  console.log(`summary hook per status change: p50 ${percentile(hook, 50).toFixed(2)} ms, p95 ${percentile(hook, 95).toFixed(2)} ms`);

  const manager = (await loadActor(db, ORG, (await findUserByEmail(db, ORG, "manager@baton.local"))!.id))!;
  const now = new Date().toISOString();
  const cases: [string, Record<string, string>][] = [
    ["first page (25)", {}],
    ["page 20 (25)", { page: "20" }],
    ["first page (50)", { pageSize: "50" }],
    ["failed production", { envType: "production", status: "failed" }],
    ["outdated", { status: "outdated" }],
    ["deploying", { status: "deploying" }],
    ["owner person-3", { owner: "person-3@bench.local" }],
    ["search 'app-012'", { q: "app-012" }],
  ];
  console.log("case                  wall p50/p95 ms   cpu p95 ms  (data + render)   rows  total   HTML      data      HTML+data");
  let worst = 0;
  let worstCpu = 0;
  for (const [name, params] of cases) {
    const wall: number[] = [];
    const cpu: number[] = [];
    const dataMs: number[] = [];
    let html = "";
    let data = "";
    let first: OverviewData | undefined;
    for (let i = 0; i < 40; i++) {
      const s = performance.now();
      const c = process.cpuUsage();
      const overview = await loadOverview(db, manager, parseOverviewQuery(params));
      dataMs.push(performance.now() - s);
      html = renderToString(createElement(OverviewBody, { actor: manager, data: overview, now }));
      // What the client components receive (the grid's and the filters' props).
      data = JSON.stringify({ envTypes: overview.envTypes, rows: gridRows(overview.envTypes, overview.rows), now }) + JSON.stringify({ query: overview.query, envTypes: overview.allEnvTypes, me: manager.email });
      const used = process.cpuUsage(c);
      wall.push(performance.now() - s);
      cpu.push((used.user + used.system) / 1000);
      first ??= overview;
    }
    // The first iterations warm the statement cache and the JIT.
    const [w, cp, dm] = [wall, cpu, dataMs].map((xs) => xs.slice(5));
    const p95 = percentile(w, 95);
    worst = Math.max(worst, p95);
    worstCpu = Math.max(worstCpu, percentile(cp, 95));
    const size = Buffer.byteLength(html) + Buffer.byteLength(data);
    console.log(
      `${name.padEnd(21)} ${`${percentile(w, 50).toFixed(1)}/${p95.toFixed(1)}`.padStart(16)} ${percentile(cp, 95).toFixed(1).padStart(12)}  (${percentile(dm, 50).toFixed(1)} + ${(percentile(w, 50) - percentile(dm, 50)).toFixed(1)})`.padEnd(76) +
        `${String(first!.rows.length).padStart(4)} ${String(first!.total).padStart(6)}   ${kB(Buffer.byteLength(html)).padEnd(9)} ${kB(Buffer.byteLength(data)).padEnd(9)} ${kB(size)}${size > 100 * 1024 ? "  (over 100 kB)" : ""}`,
    );
  }
  console.log(`worst p95: ${worst.toFixed(1)} ms wall, ${worstCpu.toFixed(1)} ms CPU (goal ≤ 200 ms); load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);
  await scans.report();
  await closeDatabase(db);
  if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
