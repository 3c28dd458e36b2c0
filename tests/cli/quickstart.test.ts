import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, hasNextBuild, startServer, tempDir, type RunningServer } from "./helpers";

/**
 * The quickstart as a CI pipeline runs it, from a shell against a real server (`next start`
 * on a free port, throwaway data directory): token, apply definitions, create app and value,
 * score deploy --image --wait to development and staging, diff, roll back. Needs a current
 * `next build` (`flock /tmp/baton-e2e.lock npx next build`); the server holds that lock
 * shared while it runs, so nobody rebuilds .next under it.
 */
const repoRoot = path.resolve(__dirname, "../..");
const hasBuild = hasNextBuild;
if (!hasBuild) console.log("quickstart test skipped: no .next build (run `flock /tmp/baton-e2e.lock npx next build` first)");

const ADMIN_TOKEN = "quickstart-admin-token-0123456789";

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

// In CI the build always precedes vitest (scripts/test.mjs), so a missing build there is a failure, not a skip.
describe.skipIf(!hasBuild && !process.env.CI)("quickstart from a shell", () => {
  let server: RunningServer;
  let url: string;
  let work: string;
  let env: Record<string, string>;

  /** `baton ARGS` as a pipeline would run it: a separate process, configuration from the environment. */
  function baton(args: string[], extra: Record<string, string> = {}): Step {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin/baton.mjs"), ...args], { cwd: work, env: { ...env, ...extra } as unknown as NodeJS.ProcessEnv, encoding: "utf8", timeout: 180_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(async () => {
    work = tempDir("baton-quickstart-");
    server = await startServer(work, ADMIN_TOKEN);
    url = server.url;
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

  afterAll(() => server?.stop());

  it("runs every step with the expected exit code and output", async () => {
    // 1. A token for the pipeline, created with the administrator's token (BATON_ADMIN_TOKEN).
    env.BATON_TOKEN = await createApiToken(url, ADMIN_TOKEN, "ci pipeline");

    const step = (args: string[], extra: Record<string, string> = {}, expectCode = 0) => {
      const r = baton(args, extra);
      expect(r.code, `baton ${args.join(" ")}\n${r.stdout}\n${r.stderr}\n--- server ---\n${server.log().slice(-3000)}`).toBe(expectCode);
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
