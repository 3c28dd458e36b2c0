import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/**
 * Process roles: a web-only process (BATON_ROLE=web) queues a deployment and runs none; a
 * separate `npm run worker` process sharing the database deploys it, and stops cleanly on
 * SIGTERM.
 */
const repoRoot = path.resolve(__dirname, "../..");
const TSX = path.join(repoRoot, "node_modules/.bin/tsx");

function env(dataDir: string, role?: string): NodeJS.ProcessEnv {
  return { ...process.env, BATON_DATA_DIR: dataDir, BATON_ADMIN_EMAIL: "admin@baton.local", BATON_ADMIN_PASSWORD: "role-admin-password", BATON_SEED_DEMO: "false", LOG_LEVEL: "info", BATON_ROLE: role };
}

function child(dataDir: string, mode: string, role?: string): string {
  const r = spawnSync(TSX, [path.join(__dirname, "fault-child.ts"), mode], { cwd: repoRoot, env: env(dataDir, role), encoding: "utf8", timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${mode} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function statusOf(dataDir: string, id: string): string {
  const db = new Database(path.join(dataDir, "baton.db"), { readonly: true });
  try {
    return (db.prepare("SELECT status FROM deployments WHERE id = ?").get(id) as { status: string }).status;
  } finally {
    db.close();
  }
}

describe("BATON_ROLE", () => {
  it("a web replica queues without deploying; a separate worker process deploys, then stops on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-roles-"));
    child(dataDir, "seed");
    const id = /QUEUED (\S+)/.exec(child(dataDir, "queue", "web"))?.[1];
    expect(id, "the web replica printed the queued deployment").toBeDefined();
    expect(statusOf(dataDir, id!)).toBe("pending");

    const worker = spawn(TSX, ["scripts/worker.ts"], { cwd: repoRoot, env: env(dataDir) });
    let output = "";
    worker.stdout.on("data", (d) => (output += String(d)));
    worker.stderr.on("data", (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => worker.on("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 120_000;
      while (!["succeeded", "failed"].includes(statusOf(dataDir, id!)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(statusOf(dataDir, id!), output).toBe("succeeded");
    } finally {
      worker.kill("SIGTERM");
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain("deploy worker stopped");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 300_000);
});
