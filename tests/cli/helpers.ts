import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { vi } from "vitest";
import { main } from "@/lib/cli/main";
import { setFetchForTests } from "@/lib/cli/remote/client";
import { dispatch } from "../server/api/harness";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `baton ARGS` in-process; `env` replaces the BATON_* variables for the run. */
export async function baton(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliRun> {
  const saved = { ...process.env };
  const savedCwd = process.cwd();
  for (const k of Object.keys(process.env)) if (k.startsWith("BATON_")) delete process.env[k];
  Object.assign(process.env, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
  if (cwd) process.chdir(cwd);
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    const code = await main(["node", "baton", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
    if (cwd) process.chdir(savedCwd);
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Sends the CLI's requests to the route handlers in this process (no server). */
export function routeFetchToHandlers(): void {
  setFetchForTests((url, init) => dispatch(new Request(url, init)));
}

export function tempDir(prefix = "baton-cli-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
