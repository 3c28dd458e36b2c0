#!/usr/bin/env node
// Entry point for `npx baton`: loads the TypeScript CLI through tsx so the engine runs from
// source without a build step. The project's tsconfig (path aliases) applies from any cwd.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// tsx resolves path aliases for CommonJS-loaded files from this variable, not the option below.
process.env.TSX_TSCONFIG_PATH ??= path.join(root, "tsconfig.json");
const { main } = await tsImport(path.join(root, "lib/cli/main.ts"), {
  parentURL: import.meta.url,
  tsconfig: path.join(root, "tsconfig.json"),
});
process.exitCode = await main(process.argv);
