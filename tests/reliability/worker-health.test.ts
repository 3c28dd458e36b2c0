import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `npm run worker` has no web server: with BATON_WORKER_HEALTH_PORT it serves the probes
 * Kubernetes needs. Ready once the worker runs; not ready (but still live) once SIGTERM asked
 * it to stop.
 */
const repoRoot = path.resolve(__dirname, "../..");
const TSX = path.join(repoRoot, "node_modules/.bin/tsx");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe("worker process health listener", () => {
  it("answers live/ready/metrics on BATON_WORKER_HEALTH_PORT and stops on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-worker-health-"));
    const port = await freePort();
    const env = { ...process.env, BATON_DATA_DIR: dataDir, BATON_SEED_DEMO: "false", BATON_ADMIN_PASSWORD: "health-admin-password", BATON_WORKER_HEALTH_PORT: String(port), BATON_HOST: "127.0.0.1", LOG_LEVEL: "info" };
    delete (env as Record<string, string | undefined>).BATON_DATABASE_URL;
    const worker = spawn(TSX, ["scripts/worker.ts"], { cwd: repoRoot, env });
    let output = "";
    worker.stdout.on("data", (d) => (output += String(d)));
    worker.stderr.on("data", (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => worker.on("exit", (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 120_000;
      let readyStatus = 0;
      while (Date.now() < deadline) {
        readyStatus = await fetch(`${base}/api/health/ready`).then((r) => r.status, () => 0);
        if (readyStatus === 200) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(readyStatus, output).toBe(200);
      expect(await (await fetch(`${base}/api/health/ready`)).json()).toMatchObject({ status: "ok", role: "worker", worker: "running" });
      expect(await (await fetch(`${base}/api/health/live`)).json()).toMatchObject({ status: "ok", role: "worker" });
      expect(await (await fetch(`${base}/api/metrics`)).text()).toContain("baton_jobs_queued 0\n");
    } finally {
      worker.kill("SIGTERM");
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain("worker health listener started");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
