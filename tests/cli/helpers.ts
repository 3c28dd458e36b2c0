import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { vi } from "vitest";
import { main } from "@/lib/cli/main";
import { setFetchForTests } from "@/lib/cli/remote/client";
import { startServer as startNextServer } from "../security/server-harness";
import { dispatch } from "../server/api/harness";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `baton ARGS` in-process; `env` replaces the BATON_* and HUMANITEC_* variables for the run. */
export async function baton(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliRun> {
  const saved = { ...process.env };
  const savedCwd = process.cwd();
  for (const k of Object.keys(process.env)) if (k.startsWith("BATON_") || k.startsWith("HUMANITEC_")) delete process.env[k];
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

const repoRoot = path.resolve(__dirname, "../..");

/** Whether `.next` holds a build `next start` can serve (the CLI-against-a-server tests need one). */
export const hasNextBuild = fs.existsSync(path.join(repoRoot, ".next", "BUILD_ID"));

export interface RunningServer {
  url: string;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * `next start` on a free port (the security harness's starter) with a throwaway data directory
 * under `work`, administrator token `adminToken`, no demo seed.
 */
export async function startServer(work: string, adminToken: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startNextServer({
    dataDir: path.join(work, "data"),
    env: { BATON_ADMIN_PASSWORD: "quickstart-password", BATON_ADMIN_TOKEN: adminToken, BATON_SEED_DEMO: "false", LOG_LEVEL: "warn", ...extraEnv },
  });
  return { url: server.url, log: server.output, stop: server.stop };
}

/** A token for a pipeline, created with the administrator's token. */
export async function createApiToken(url: string, adminToken: string, description: string): Promise<string> {
  const created = await fetch(`${url}/api/v1/users/me/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ description }),
  });
  if (created.status !== 201) throw new Error(`creating a token answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

export interface BatonProcess {
  /** Resolves when the process exits, with the time it exited. */
  done: Promise<CliRun & { exitedAt: number }>;
  exited(): boolean;
}

/** `bin/baton.mjs ARGS` as a pipeline runs it: a separate process, configuration from `env` only. */
export function batonProcess(args: string[], env: Record<string, string>, cwd: string): BatonProcess {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin/baton.mjs"), ...args], { cwd, env: env as unknown as NodeJS.ProcessEnv });
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun & { exitedAt: number }>((resolve) =>
    child.on("close", (code) => {
      exited = true;
      resolve({ code: code ?? -1, stdout, stderr, exitedAt: Date.now() });
    }),
  );
  return { done, exited: () => exited };
}
