/**
 * CLI start-up benchmark: the standalone bundle (scripts/build-cli.mjs, built afresh into a
 * temporary directory) as a pipeline step runs it — a new `node` process per command.
 *   `baton --help`          goal ≤ 150 ms
 *   `baton get apps`        goal ≤ 300 ms, against the real apps route handler on node:http
 *                           (bench/cli-server.ts) over a seeded database (demo org)
 * Also printed for scale: a bare `node -e 0` on this machine, and the same commands through
 * tsx from the sources (what `npx baton` did before the bundle). Figures only: this machine is
 * shared and noisy, so nothing is asserted.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb, migrateDb, sqliteClientOf } from "@/db/client";
import { seedOrganisation } from "@/lib/server/seed";

const ORG = "bench-org";
const TOKEN = "bench-token-0123456789abcdefghij";
const RUNS = 15;
const APPS = 20;
const root = path.resolve(__dirname, "..");

async function seed(dataDir: string): Promise<void> {
  const db = openDb(path.join(dataDir, "baton.db"));
  await migrateDb(db);
  await seedOrganisation(db, { orgId: ORG, orgName: "Bench", adminEmail: "admin@bench.local", adminPassword: "bench-password", adminToken: TOKEN, demo: false });
  // 20 applications with three environments each: a list a pipeline would really print.
  const sql = sqliteClientOf(db)!;
  const at = new Date().toISOString();
  sql.transaction(() => {
    for (let i = 0; i < APPS; i++) {
      const id = `app-${String(i).padStart(2, "0")}`;
      sql.prepare("INSERT INTO applications (org_id, id, name, created_at, created_by) VALUES (?, ?, ?, ?, 'admin@bench.local')").run(ORG, id, `App ${i}`, at);
      for (const env of ["development", "staging", "production"]) {
        sql.prepare("INSERT INTO environments (org_id, app_id, id, name, type, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'admin@bench.local')").run(ORG, id, env, env, env, at);
      }
    }
  })();
  sql.close();
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env, BATON_DATA_DIR: dataDir, BATON_ORG_ID: ORG, BATON_API_RATE_LIMIT: "100000", LOG_LEVEL: "warn", BATON_SEED_DEMO: "false" };
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "bench/cli-server.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

/** Wall time of `node ARGS` in ms; throws on a non-zero exit or an unexpected output. */
function timeOnce(args: string[], env: NodeJS.ProcessEnv, expect: RegExp): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8", cwd: os.tmpdir() });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 || !expect.test(r.stdout)) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr || r.stdout}`);
  return ms;
}

function stats(samples: number[]): { median: number; p90: number; min: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)], min: s[0] };
}

/** Prints the figures; returns the median. `floor` (a bare node's median) is subtracted for scale. */
function measure(label: string, args: string[], env: NodeJS.ProcessEnv, expect: RegExp, opts: { goal?: number; runs?: number; floor?: number } = {}): number {
  const runs = opts.runs ?? RUNS;
  timeOnce(args, env, expect); // warm the file cache
  const { median, p90, min } = stats(Array.from({ length: runs }, () => timeOnce(args, env, expect)));
  const verdict = opts.goal === undefined ? "" : median <= opts.goal ? ` (ok, goal ≤ ${opts.goal} ms)` : ` (over the ${opts.goal} ms goal)`;
  const above = opts.floor === undefined ? "" : `, ${Math.max(0, median - opts.floor).toFixed(0)} ms above a bare node`;
  console.log(`${label}: median ${median.toFixed(0)} ms${verdict}, p90 ${p90.toFixed(0)} ms, best ${min.toFixed(0)} ms${above} (${runs} runs)`);
  return median;
}

export async function benchCli(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "baton-bench-cli-"));
  const { buildCli } = (await import(path.join(root, "scripts/build-cli.mjs"))) as { buildCli: (o: object) => Promise<{ outfile: string; bytes: number }> };
  const built = await buildCli({ outDir: path.join(work, "dist"), pack: false, quiet: true });
  console.log(`bundle: ${(built.bytes / 1024).toFixed(0)} kB in total (entry + chunks loaded per command)`);
  fs.mkdirSync(path.join(work, "data"));
  await seed(path.join(work, "data"));
  const { child, port } = await startServer(path.join(work, "data"));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work, BATON_CONFIG: path.join(work, "config.yaml"), BATON_URL: `http://127.0.0.1:${port}`, BATON_TOKEN: TOKEN, BATON_ORG: ORG } as unknown as NodeJS.ProcessEnv;
    const floor = measure("node -e 0 (this machine's floor)", ["-e", "0"], env, /^$/);
    measure("baton --help (bundle)", [built.outfile, "--help"], env, /Usage: baton/, { goal: 150, floor });
    measure(`baton get apps (bundle, real route handler, ${APPS} apps)`, [built.outfile, "get", "apps"], env, /^ID +NAME +ENVS\napp-00 +App 0 +development,production,staging\n/, { goal: 300, floor });
    const fromSource = { ...env, BATON_CLI_FROM_SOURCE: "1" } as NodeJS.ProcessEnv;
    measure("baton --help (tsx from the sources)", [path.join(root, "bin/baton.mjs"), "--help"], fromSource, /Usage: baton/, { runs: 3, floor });
    measure("baton get apps (tsx from the sources)", [path.join(root, "bin/baton.mjs"), "get", "apps"], fromSource, /^ID +NAME +ENVS\n/, { runs: 3, floor });
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    child.kill("SIGTERM");
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchCli().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
