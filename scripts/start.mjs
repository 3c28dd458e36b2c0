#!/usr/bin/env node
// `npm start`: install if needed, validate configuration, migrate and seed, build if the
// sources changed, then serve Baton. `--dev` serves with `next dev` instead.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const dev = process.argv.includes("--dev");

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", env: process.env, ...opts });
  if (res.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

// 1. Dependencies: `npm ci` when node_modules is missing or older than the lockfile.
const installedMarker = path.join(root, "node_modules", ".package-lock.json");
if (!fs.existsSync(installedMarker) || mtime(installedMarker) < mtime(path.join(root, "package-lock.json"))) {
  console.log("▸ Installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

// 2. Configuration (TypeScript, loaded through tsx). Migrations and the first-run seed
//    follow in the server process as it starts (instrumentation.ts).
process.env.PORT ??= "3000";
process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";
// Baton drains on SIGTERM itself (lib/server/shutdown.ts) instead of Next.js exiting at once.
process.env.NEXT_MANUAL_SIG_HANDLE ??= "1";
process.env.TSX_TSCONFIG_PATH ??= path.join(root, "tsconfig.json");
const { tsImport } = await import("tsx/esm/api");
const { checkConfiguration } = await tsImport(path.join(root, "lib/server/boot.ts"), { parentURL: import.meta.url, tsconfig: process.env.TSX_TSCONFIG_PATH });
const booted = checkConfiguration();
if (!booted.ok) {
  console.error(`\n${booted.message}\n\nBaton did not start. Fix the variables above (see README, "Configuration").`);
  process.exit(1);
}
console.log(`▸ Data directory: ${booted.dataDir}`);

// 3. Build when there is no build or any source is newer than it.
function newestSource(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}
if (!dev) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "db", "public"].map((d) => newestSource(path.join(root, d)));
  const configs = ["package-lock.json", "next.config.js", "tsconfig.json", "postcss.config.mjs", "instrumentation.ts"].map((f) => mtime(path.join(root, f)));
  if (!fs.existsSync(buildId) || Math.max(...sources, ...configs) > mtime(buildId)) {
    console.log("▸ Building Baton (next build)…");
    run("npx", ["next", "build"]);
  }
  // The CLI package served at /downloads/baton-cli.tgz, rebuilt when its sources changed.
  const cliInputs = path.join(root, "dist", "cli", "inputs.json");
  const cliTarball = path.join(root, "dist", "cli", "baton-cli.tgz");
  const cliSources = fs.existsSync(cliInputs) ? JSON.parse(fs.readFileSync(cliInputs, "utf8")).sources.map((s) => mtime(path.join(root, s))) : [];
  if (!fs.existsSync(cliTarball) || cliSources.length === 0 || Math.max(...cliSources, newestSource(path.join(root, "lib", "cli"))) > mtime(cliTarball)) {
    console.log("▸ Building the CLI package (npm run build:cli)…");
    run("node", [path.join(root, "scripts", "build-cli.mjs")]);
  }
}

// 4. Serve.
const host = process.env.BATON_HOST ?? "127.0.0.1";
console.log(`▸ Baton on ${process.env.NEXTAUTH_URL}`);
const child = spawn("npx", ["next", dev ? "dev" : "start", "-H", host, "-p", process.env.PORT], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
