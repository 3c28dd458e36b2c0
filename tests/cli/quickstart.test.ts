import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers";

/**
 * The quickstart as a CI pipeline runs it, from a shell against a real server (`next start`
 * on a free port, throwaway data directory): token, apply definitions, create app and value,
 * score deploy --image --wait to development and staging, diff, roll back. Needs a current
 * `next build` (`flock /tmp/baton-e2e.lock npx next build`); the server holds that lock
 * shared while it runs, so nobody rebuilds .next under it.
 */
const repoRoot = path.resolve(__dirname, "../..");
const hasBuild = fs.existsSync(path.join(repoRoot, ".next", "BUILD_ID"));
const hasFlock = spawnSync("flock", ["--version"]).status === 0;
if (!hasBuild) console.log("quickstart test skipped: no .next build (run `flock /tmp/baton-e2e.lock npx next build` first)");

const ADMIN_TOKEN = "quickstart-admin-token-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

// In CI the build always precedes vitest (scripts/test.mjs), so a missing build there is a failure, not a skip.
describe.skipIf(!hasBuild && !process.env.CI)("quickstart from a shell", () => {
  let server: ChildProcess;
  let url: string;
  let work: string;
  let env: Record<string, string>;
  let serverLog = "";

  /** `baton ARGS` as a pipeline would run it: a separate process, configuration from the environment. */
  function baton(args: string[], extra: Record<string, string> = {}): Step {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin/baton.mjs"), ...args], { cwd: work, env: { ...env, ...extra } as unknown as NodeJS.ProcessEnv, encoding: "utf8", timeout: 180_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(async () => {
    work = tempDir("baton-quickstart-");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const serverEnv = {
      ...process.env,
      BATON_DATA_DIR: path.join(work, "data"),
      BATON_ADMIN_PASSWORD: "quickstart-password",
      BATON_ADMIN_TOKEN: ADMIN_TOKEN,
      BATON_SEED_DEMO: "false",
      NEXTAUTH_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    };
    const next = [path.join(repoRoot, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)];
    server = hasFlock
      ? spawn("flock", ["-s", "/tmp/baton-e2e.lock", process.execPath, ...next], { cwd: repoRoot, env: serverEnv, detached: true })
      : spawn(process.execPath, next, { cwd: repoRoot, env: serverEnv, detached: true });
    server.stdout!.on("data", (c: Buffer) => (serverLog += c.toString()));
    server.stderr!.on("data", (c: Buffer) => (serverLog += c.toString()));
    const deadline = Date.now() + 300_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not start:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    env = {
      PATH: process.env.PATH ?? "",
      HOME: work,
      BATON_CONFIG: path.join(work, "baton-config.yaml"),
      BATON_URL: url,
      BATON_ORG: "default",
      BATON_APP: "quickstart",
    };
    fs.mkdirSync(path.join(work, "defs"));
    for (const [envType, host] of [["development", "dev-db.internal"], ["staging", "staging-db.internal"]]) {
      fs.writeFileSync(
        path.join(work, "defs", `postgres-${envType}.yaml`),
        `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: postgres-${envType}
entity:
  name: Postgres (${envType})
  type: postgres
  driver_type: humanitec/echo
  driver_inputs:
    values:
      host: ${host}
      port: 5432
      name: app
      username: app
    secrets:
      password: not-a-real-password
  criteria:
    - env_type: ${envType}
`,
      );
    }
    fs.writeFileSync(
      path.join(work, "score.yaml"),
      `apiVersion: score.dev/v1b1
metadata:
  name: hello-world
containers:
  main:
    image: .
    variables:
      MOTD: \${resources.env.MOTD}
      DB_HOST: \${resources.db.host}
service:
  ports:
    www:
      port: 8080
      targetPort: 8080
resources:
  env:
    type: environment
  db:
    type: postgres
`,
    );
  }, 360_000);

  afterAll(() => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  });

  it("runs every step with the expected exit code and output", async () => {
    // 1. A token for the pipeline, created with the administrator's token (BATON_ADMIN_TOKEN).
    const created = await fetch(`${url}/api/v1/users/me/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ description: "ci pipeline" }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    env.BATON_TOKEN = token;

    const step = (args: string[], extra: Record<string, string> = {}, expectCode = 0) => {
      const r = baton(args, extra);
      expect(r.code, `baton ${args.join(" ")}\n${r.stdout}\n${r.stderr}\n--- server ---\n${serverLog.slice(-3000)}`).toBe(expectCode);
      return r;
    };

    const applied = step(["apply", "-f", "defs"]);
    expect(applied.stdout).toBe("definition/postgres-development created\ndefinition/postgres-staging created\n");

    expect(step(["create", "app", "quickstart", "--name", "Quickstart"]).stdout).toContain("id: quickstart");
    expect(step(["create", "value", "MOTD", "Hello from Baton", "--env", ""]).stdout).toContain("key: MOTD");

    const dev = step(["score", "deploy", "-f", "score.yaml", "--image", "nginx:1.27", "--env", "development", "--wait", "-m", "first"]);
    expect(dev.stderr).toMatch(/deployment \w+ succeeded/);

    step(["create", "env", "staging", "--type", "staging", "--from", "development"]);
    const staging = step(["score", "deploy", "-f", "score.yaml", "--image", "nginx:1.27", "--env", "staging", "--wait"]);
    expect(staging.stderr).toMatch(/deployment \w+ succeeded/);

    // Same Score file, different database per environment: the sets differ only where criteria matched differently (or not at all).
    const envDiff = step(["diff", "sets", "env/development", "env/staging", "-o", "json"]);
    expect(JSON.parse(envDiff.stdout)).toBeTypeOf("object");
    const resources = JSON.parse(step(["get", "active-resources", "--env", "staging", "-o", "json"]).stdout) as { type: string; def_id: string }[];
    expect(resources.find((r) => r.type === "postgres")?.def_id).toBe("postgres-staging");

    const second = step(["score", "deploy", "-f", "score.yaml", "--image", "nginx:1.28", "--env", "development", "--wait", "-m", "second"]);
    expect(second.stderr).toMatch(/succeeded/);
    const diff = step(["diff", "sets", "deploy/+1", "deploy/."], { BATON_ENV: "development" });
    expect(diff.stdout).toContain("nginx:1.28");

    const rollback = step(["deploy", "deploy", "+1", ".", "--wait", "-o", "json"], { BATON_ENV: "development" });
    expect(rollback.stderr).toMatch(/succeeded/);
    const deploys = JSON.parse(step(["get", "deploys", "-o", "json"], { BATON_ENV: "development" }).stdout) as { id: string; set_id: string; status: string }[];
    expect(deploys).toHaveLength(3);
    expect(deploys[0].set_id).toBe(deploys[2].set_id);
    expect(deploys.every((d) => d.status === "succeeded")).toBe(true);

    // Helpful errors from the shell.
    const noToken = baton(["get", "apps"], { BATON_TOKEN: "" });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("No API token");
    const unknown = baton(["get", "env", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"nope"');
  }, 600_000);
});
