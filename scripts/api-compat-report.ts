/**
 * `npm run compat:api`: how much of Humanitec's API Baton serves, judged by Humanitec's own
 * client. Runs the client test suite (tests/server/api/humanitec-client.test.ts), which records
 * every call that succeeded, then prints per area: the client's operations, those Baton has a
 * route for, and those a realistic call round-tripped through the client. Only the last counts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ALL_ROUTES } from "@/lib/server/api/registry";
import { type ClientOperation, clientOperations, pathMatches, sameTemplate } from "@/tools/api-compat/operations";

const repoRoot = path.resolve(__dirname, "..");
const record = path.join(mkdtempSync(path.join(os.tmpdir(), "baton-api-compat-")), "calls.json");
const run = spawnSync("npx", ["vitest", "run", "tests/server/api/humanitec-client.test.ts"], {
  cwd: repoRoot,
  env: { ...process.env, API_COMPAT_RECORD: record },
  encoding: "utf8",
});
if (run.status !== 0) {
  console.error(run.stdout.slice(-4000), run.stderr.slice(-2000));
  console.error("the client test suite failed: the report would not be honest");
  process.exit(1);
}
const calls = JSON.parse(readFileSync(record, "utf8")) as { method: string; path: string }[];

const ops = clientOperations();
const served = (op: ClientOperation) => ALL_ROUTES.some((r) => r.method === op.method && sameTemplate(`${r.path}`, op.path));
const exercised = (op: ClientOperation) => calls.some((c) => c.method === op.method && pathMatches(op.path, c.path));

const areas = new Map<string, { total: number; served: number; exercised: number }>();
for (const op of ops) {
  const a = areas.get(op.area) ?? { total: 0, served: 0, exercised: 0 };
  a.total++;
  if (served(op)) a.served++;
  if (exercised(op)) a.exercised++;
  areas.set(op.area, a);
}
const rows = [...areas.entries()].sort((x, y) => y[1].exercised - x[1].exercised || y[1].total - x[1].total || x[0].localeCompare(y[0]));
const width = Math.max(...rows.map(([a]) => a.length), 4);
console.log(`${"area".padEnd(width)}  client  served  round-tripped`);
for (const [area, a] of rows) console.log(`${area.padEnd(width)}  ${String(a.total).padStart(6)}  ${String(a.served).padStart(6)}  ${String(a.exercised).padStart(13)}`);
const total = rows.reduce((s, [, a]) => ({ total: s.total + a.total, served: s.served + a.served, exercised: s.exercised + a.exercised }), { total: 0, served: 0, exercised: 0 });
console.log(`${"all".padEnd(width)}  ${String(total.total).padStart(6)}  ${String(total.served).padStart(6)}  ${String(total.exercised).padStart(13)}`);
console.log(`\n${total.exercised} of the client's ${total.total} operations round-trip through it against Baton; ${total.served} have a Baton route.`);

// `npm run compat:api -- --list`: every operation with its state, to see what is left.
if (process.argv.includes("--list")) {
  console.log("");
  for (const op of [...ops].sort((x, y) => x.area.localeCompare(y.area) || x.path.localeCompare(y.path))) {
    const state = exercised(op) ? "round-trip" : served(op) ? "served" : "absent";
    console.log(`${state.padEnd(10)}  ${op.area.padEnd(width)}  ${op.method.padEnd(6)} ${op.path}  (${op.name})`);
  }
}
