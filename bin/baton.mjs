#!/usr/bin/env node
// Entry point for `npx baton`: loads the TypeScript CLI through tsx so the engine runs
// from source without a build step.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv);
