#!/usr/bin/env node
// Entry point for `npx baton` inside Baton's checkout. When the standalone bundle
// (`npm run build:cli` → dist/cli/package/baton.mjs) exists and no source that went into it
// changed since, it runs that: plain JavaScript, fast to start. Otherwise it runs the
// TypeScript sources through tsx (slower to start, always current). `baton admin` (it opens the
// server's database, which the standalone CLI does not carry) always runs from the sources, and
// BATON_CLI_FROM_SOURCE=1 forces them for every command.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The bundle, when it is newer than every source file listed in dist/cli/inputs.json. */
function freshBundle() {
  try {
    const { bundle, sources } = JSON.parse(fs.readFileSync(path.join(root, "dist/cli/inputs.json"), "utf8"));
    const built = fs.statSync(path.join(root, bundle)).mtimeMs;
    for (const s of sources) if (fs.statSync(path.join(root, s)).mtimeMs > built) return undefined;
    // A source file added to lib/cli since the build is not in the list: a newer directory says so.
    for (const dir of ["lib/cli", "lib/cli/commands", "lib/cli/remote"]) if (fs.statSync(path.join(root, dir)).mtimeMs > built) return undefined;
    return path.join(root, bundle);
  } catch {
    return undefined;
  }
}

const wantsAdmin = process.argv.slice(2).find((a) => !a.startsWith("-")) === "admin";
const bundle = process.env.BATON_CLI_FROM_SOURCE || wantsAdmin ? undefined : freshBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  // tsx resolves path aliases for CommonJS-loaded files from this variable.
  process.env.TSX_TSCONFIG_PATH ??= path.join(root, "tsconfig.json");
  // The global hooks (not tsImport's namespaced ones): commands are loaded with dynamic import().
  await import("tsx");
  const mod = await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
  const { main } = mod.main ? mod : mod.default;
  process.exitCode = await main(process.argv);
}
