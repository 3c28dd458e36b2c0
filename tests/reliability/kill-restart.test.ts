import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * kill -9 in the middle of a deployment, a definition import and a values change, then a
 * restart through the server's boot path: the database passes its integrity check, no lock
 * is left once the dead worker's lease (1 s here) expired, the interrupted deployment is failed with a reason, the import and the value
 * change are rolled back entirely, and the same work succeeds afterwards.
 */
const repoRoot = path.resolve(__dirname, "../..");
const CHILD = path.join(__dirname, "fault-child.ts");
const TSX = path.join(repoRoot, "node_modules/.bin/tsx");

function env(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, BATON_DATA_DIR: dataDir, BATON_ADMIN_EMAIL: "admin@baton.local", BATON_ADMIN_PASSWORD: "fault-admin-password", BATON_SEED_DEMO: "false", LOG_LEVEL: "warn", BATON_JOB_LEASE_SECONDS: "1" };
}

function run(dataDir: string, mode: string): string {
  const r = spawnSync(TSX, [CHILD, mode], { cwd: repoRoot, env: env(dataDir), encoding: "utf8", timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${mode} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Starts `mode`, waits until it is stopped dead inside its work, then SIGKILLs it. */
function killInside(dataDir: string, mode: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CHILD, mode], { cwd: repoRoot, env: env(dataDir), detached: true });
    let out = "";
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`${mode} never reached its stop point:\n${out}`));
    }, 150_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      if (out.includes("BLOCKED")) {
        clearTimeout(timer);
        process.kill(-child.pid!, "SIGKILL");
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`${mode} exited by itself (${code}) before the kill:\n${out}`));
    });
  });
}

interface Report {
  integrity: string;
  locks: number;
  deployments: { id: string; status: string }[];
  errors: { id: string; code: string; message: string }[];
  runningJobs: number;
  faultDefinitions: { id: string }[];
  killedValue: unknown[];
  valueVersions: number;
  audit: { action: string } | undefined;
  retry: string;
}

describe("kill -9 and restart", () => {
  it("during a deployment, a definition import and a values change: consistent, nothing stuck, work rolled back or failed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-kill-"));
    run(dataDir, "seed");

    await killInside(dataDir, "deploy");
    await killInside(dataDir, "import");
    await killInside(dataDir, "values");

    const line = run(dataDir, "restart").split("\n").find((l) => l.startsWith("REPORT "));
    expect(line, "the restart printed its report").toBeDefined();
    const report = JSON.parse(line!.slice("REPORT ".length)) as Report;

    expect(report.integrity).toBe("ok");
    expect(report.locks).toBe(0);
    expect(report.runningJobs).toBe(0);
    // The deployment killed mid-run is failed with the reason; the retry after restart succeeds.
    const killed = report.deployments[0];
    expect(killed.status).toBe("failed");
    expect(report.errors).toContainEqual(expect.objectContaining({ id: killed.id, code: "interrupted", message: expect.stringMatching(/stopped while this deployment was running/) }));
    expect(report.retry).toBe("succeeded");
    // The import and the value change were rolled back whole: no definition, no value, no version, no audit entry.
    expect(report.faultDefinitions).toEqual([]);
    expect(report.killedValue).toEqual([]);
    expect(report.audit?.action).not.toBe("value.set");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 600_000);
});
