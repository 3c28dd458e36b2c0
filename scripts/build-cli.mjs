#!/usr/bin/env node
// `npm run build:cli`: the standalone `baton` command line. esbuild bundles lib/cli into plain
// JavaScript (no TypeScript, no node_modules at run time): an ES module entry and the chunks it
// loads on demand (each command's code is read only when that command runs, which keeps
// `baton --help` and `baton get apps` fast). A package.json names it
// @baton-orchestrator/cli with bin `baton`, and `npm pack` turns it into dist/cli/baton-cli.tgz,
// which the server serves at /downloads/baton-cli.tgz. dist/cli/inputs.json lists the sources
// that went in, so bin/baton.mjs can tell whether the bundle is still current.
//
//   dist/cli/package/baton.mjs      the entry (`node dist/cli/package/baton.mjs --help`)
//   dist/cli/package/chunks/        what the commands load when they run
//   dist/cli/package/package.json
//   dist/cli/baton-cli.tgz          the installable package
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Packages that must never reach the CLI: the server's database drivers, Next.js, React. */
const FORBIDDEN = ["better-sqlite3", "pg", "drizzle-orm", "next", "react", "react-dom", "next-auth", "pino", "@kubernetes/client-node"];

function packageOf(input) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m ? m[1] : undefined;
}

/**
 * Builds the bundle and (unless `pack: false`) the tarball. Returns the paths and the
 * packages bundled. Throws when a forbidden package got in.
 */
export async function buildCli({ outDir = path.join(root, "dist", "cli"), pack = true, quiet = false } = {}) {
  const esbuild = await import("esbuild");
  const pkgDir = path.join(outDir, "package");
  fs.rmSync(pkgDir, { recursive: true, force: true });
  fs.mkdirSync(pkgDir, { recursive: true });
  const rootPkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

  // `baton admin` opens the server's database: the standalone CLI carries a module that says so instead.
  const standaloneAdmin = {
    name: "standalone-admin",
    setup(build) {
      build.onResolve({ filter: /^\.\/admin$/ }, (args) => (args.importer.endsWith(path.join("lib", "cli", "commands", "index.ts")) ? { path: path.join(root, "lib/cli/commands/admin-standalone.ts") } : undefined));
    },
  };
  const outfile = path.join(pkgDir, "baton.mjs");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "lib/cli/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    splitting: true,
    target: "node20",
    outdir: pkgDir,
    entryNames: "baton",
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    tsconfig: path.join(root, "tsconfig.json"),
    // CommonJS dependencies (commander, ajv, …) require Node's built-ins: give ES modules a `require`.
    banner: { js: 'import { createRequire as __batonCreateRequire } from "node:module";\nconst require = __batonCreateRequire(import.meta.url);' },
    legalComments: "none",
    metafile: true,
    logLevel: quiet ? "silent" : "warning",
    plugins: [standaloneAdmin],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = [...new Set(inputs.map(packageOf).filter(Boolean))].sort();
  const forbidden = packages.filter((p) => FORBIDDEN.includes(p));
  if (forbidden.length > 0) throw new Error(`the CLI bundle must not contain ${forbidden.join(", ")} (imported through ${inputs.filter((i) => forbidden.includes(packageOf(i))).slice(0, 3).join(", ")})`);
  fs.writeFileSync(outfile, `#!/usr/bin/env node\n${fs.readFileSync(outfile, "utf8")}`, { mode: 0o755 });
  fs.chmodSync(outfile, 0o755);
  fs.writeFileSync(path.join(outDir, "meta.json"), JSON.stringify(result.metafile));

  fs.writeFileSync(
    path.join(pkgDir, "package.json"),
    JSON.stringify(
      {
        name: "@baton-orchestrator/cli",
        version: rootPkg.version,
        description: "The command line of Baton, a self-hosted Platform Orchestrator (humctl-compatible)",
        license: rootPkg.license,
        type: "module",
        bin: { baton: "baton.mjs" },
        files: ["baton.mjs", "chunks/"],
        engines: rootPkg.engines,
      },
      null,
      2,
    ) + "\n",
  );
  // Sources relative to the repository, for bin/baton.mjs's freshness check.
  const sources = inputs.filter((i) => !i.includes("node_modules")).map((i) => path.relative(root, path.resolve(root, i)));
  fs.writeFileSync(path.join(outDir, "inputs.json"), JSON.stringify({ bundle: path.relative(root, outfile), sources: [...sources, "package.json", "package-lock.json"] }) + "\n");

  let tarball;
  if (pack) {
    const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", outDir], { cwd: pkgDir, encoding: "utf8" });
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const [{ filename }] = JSON.parse(packed.stdout);
    tarball = path.join(outDir, "baton-cli.tgz");
    fs.renameSync(path.join(outDir, filename), tarball);
  }
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { outfile, tarball, packages, bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli()
    .then((r) => console.log(`▸ CLI: ${path.relative(root, r.outfile)} (${(r.bytes / 1024).toFixed(0)} kB; bundles ${r.packages.join(", ")})${r.tarball ? `, ${path.relative(root, r.tarball)}` : ""}`))
    .catch((err) => {
      console.error(`✖ build:cli: ${err.message}`);
      process.exit(1);
    });
}
