import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFetchForTests } from "@/lib/cli/remote/client";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, SCORE_WEB, createHarness, type Harness } from "../server/api/harness";
import { baton, routeFetchToHandlers, tempDir } from "./helpers";
import { queryRow, queryRows } from "../test-db";

let h: Harness;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  dir = tempDir();
  env = { BATON_CONFIG: path.join(dir, "config.yaml"), BATON_URL: "http://baton.test", BATON_TOKEN: h.tokens.admin, BATON_ORG: ORG };
  routeFetchToHandlers();
});

afterAll(() => {
  setFetchForTests(undefined);
  setRuntimeForTests(undefined);
});

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** No worker runs in tests: finish the newest deployment as the worker would. */
async function finishLatestDeployment(status: "succeeded" | "failed", error?: string): Promise<string> {
  const row = (await queryRow<{ id: string }>(h.db, "SELECT id FROM deployments ORDER BY created_at DESC, id DESC LIMIT 1"))!;
  await queryRows(h.db, "UPDATE deployments SET status = ?, status_changed_at = ? WHERE id = ?", status, new Date().toISOString(), row.id);
  if (error) await queryRows(h.db, "INSERT INTO deployment_errors (deployment_id, code, scope, object_id, message) VALUES (?, 'DEP-001', 'workload', 'web', ?)", row.id, error);
  return row.id;
}

const deploymentCount = async () => Number((await queryRow<{ n: number }>(h.db, "SELECT count(*) AS n FROM deployments"))!.n);
const latestScore = async () => (await queryRow<{ score_yaml: string }>(h.db, "SELECT score_yaml FROM workload_versions WHERE workload_id = 'web' ORDER BY version DESC LIMIT 1"))!;

/** Finishes the deployment a --wait command is polling, once it exists. */
async function finishSoon(status: "succeeded" | "failed", error?: string): Promise<void> {
  const before = await deploymentCount();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void deploymentCount().then((n) => {
      checking = false;
      if (n > before) {
        clearInterval(timer);
        setTimeout(() => void finishLatestDeployment(status, error), 300);
      }
    });
  }, 50);
}

describe("helpful errors", () => {
  it("says how to provide a missing token", async () => {
    const r = await baton(["get", "apps"], { ...env, BATON_TOKEN: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No API token: run `baton login --url URL --token TOKEN`, set BATON_TOKEN/);
  });

  it("says the server cannot be reached and how to point at it", async () => {
    setFetchForTests(undefined);
    try {
      const port = await closedPort();
      const r = await baton(["get", "apps"], { ...env, BATON_URL: `http://127.0.0.1:${port}` });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Cannot reach Baton at http://127.0.0.1:${port} (ECONNREFUSED). Is the server running?`);
    } finally {
      routeFetchToHandlers();
    }
  });

  it("names unknown ids and refused tokens", async () => {
    const missing = await baton(["get", "app", "nope"], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'error: Application "nope" was not found\n' });
    const bad = await baton(["get", "apps"], { ...env, BATON_TOKEN: "baton_wrong" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Authentication failed: The API token is not valid\. Check the token .*token from env/);
    const kind = await baton(["get", "gizmos"], env);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/unknown kind "gizmos"/);
  });
});

describe("login and config", () => {
  it("verifies the token, saves url/token/org (0600) and later commands use the file", async () => {
    const r = await baton(["login", "--url", "http://baton.test", "--token", h.tokens.manager], { BATON_CONFIG: env.BATON_CONFIG });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`as manager@baton.local (organisation ${ORG})`);
    expect(fs.statSync(env.BATON_CONFIG).mode & 0o777).toBe(0o600);
    const view = await baton(["config", "view"], { BATON_CONFIG: env.BATON_CONFIG });
    expect(view.stdout).toMatch(/token +baton_.{4}… {3}\(config file\)/);
    expect(view.stdout).not.toContain(h.tokens.manager);
    const who = await baton(["get", "env-types", "-o", "json"], { BATON_CONFIG: env.BATON_CONFIG });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).map((t: { id: string }) => t.id).sort()).toEqual(["development", "production", "staging"]);
  });
});

describe("the pipeline commands", () => {
  it("creates an app and lists it as table, json and yaml", async () => {
    expect((await baton(["create", "app", "shop", "--name", "Shop"], env)).code).toBe(0);
    const table = await baton(["get", "apps"], env);
    expect(table.stdout).toMatch(/^ID +NAME +ENVS\nshop +Shop +development\n$/);
    const json = await baton(["get", "apps", "-o", "json"], env);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: "shop", org_id: ORG })]);
    const yaml = await baton(["get", "app", "shop", "-o", "yaml"], env);
    expect(yaml.stdout).toContain("id: shop\n");
    const dup = await baton(["create", "app", "shop"], env);
    expect(dup).toMatchObject({ code: 1, stderr: 'error: An application with id "shop" already exists\n' });
  });

  it("applies humctl definitions (created, then configured), refuses a bad file whole, deletes with -f", async () => {
    const defs = path.join(dir, "defs");
    fs.mkdirSync(defs);
    fs.writeFileSync(
      path.join(defs, "redis.yaml"),
      `apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: echo-redis
entity:
  name: Echo redis
  type: redis
  driver_type: humanitec/echo
  driver_inputs:
    values:
      host: redis.local
      port: 6379
  criteria:
    - env_type: development
`,
    );
    const first = await baton(["apply", "-f", defs], env);
    expect(first, first.stderr).toMatchObject({ code: 0, stdout: "definition/echo-redis created\n" });
    const again = await baton(["apply", "-f", path.join(defs, "redis.yaml")], env);
    expect(again.stdout).toBe("definition/echo-redis unchanged\n");
    const got = await baton(["get", "defs"], env);
    expect(got.stdout).toMatch(/echo-redis +redis +humanitec\/echo +env_type=development/);

    const broken = path.join(dir, "broken.yaml");
    fs.writeFileSync(broken, "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: other\nentity:\n  name: x\n  driver_type: humanitec/echo\n");
    const bad = await baton(["apply", "-f", broken], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`${broken.replace(/[.]/g, "\\.")}:\\d+:\\d+: document 1: .*type`));
    expect(bad.stderr).toContain("nothing was applied");
    expect((await baton(["get", "def", "other"], env)).code).toBe(1);

    const tmpDef = path.join(dir, "tmp-def.yaml");
    fs.writeFileSync(tmpDef, fs.readFileSync(path.join(defs, "redis.yaml"), "utf8").replace("echo-redis", "echo-tmp").replace("development", "qa"));
    expect((await baton(["apply", "-f", tmpDef], env)).code).toBe(0);
    const del = await baton(["delete", "-f", tmpDef], env);
    expect(del).toMatchObject({ code: 0, stdout: "definition/echo-tmp deleted\n" });
  });

  it("sets app values and env overrides", async () => {
    expect((await baton(["create", "value", "MOTD", "Hello", "--env", "", "-d", "greeting"], { ...env, BATON_APP: "shop", BATON_ENV: "development" })).code).toBe(0);
    expect((await baton(["create", "value", "MOTD", "Hello dev", "--app", "shop", "--env", "development"], env)).code).toBe(0);
    expect((await baton(["create", "value", "API_KEY", "s3cr3t", "--app", "shop", "--is-secret"], env)).code).toBe(0);
    const app = await baton(["get", "values", "--app", "shop", "-o", "json"], env);
    expect(JSON.parse(app.stdout)).toEqual([
      expect.objectContaining({ key: "API_KEY", value: "", is_secret: true }),
      expect.objectContaining({ key: "MOTD", value: "Hello", source: "app", description: "greeting" }),
    ]);
    const merged = await baton(["get", "values"], { ...env, BATON_APP: "shop", BATON_ENV: "development" });
    expect(merged.stdout).toMatch(/API_KEY +\(secret\) +app/);
    expect(merged.stdout).toMatch(/MOTD +Hello dev +env/);
    expect(merged.stdout).not.toContain("s3cr3t");
  });

  it("score deploy --image --wait succeeds, a failing one exits 1 with its errors, --dry-run writes nothing", async () => {
    const score = path.join(dir, "score.yaml");
    fs.writeFileSync(score, SCORE_WEB.replace("nginx:1.27", "."));
    const appEnv = { ...env, BATON_APP: "shop", BATON_ENV: "development" };

    const dry = await baton(["score", "deploy", "-f", score, "--image", "nginx:1.28", "--dry-run"], appEnv);
    expect(dry).toMatchObject({ code: 0, stdout: "dry run: would deploy web to shop/development with image nginx:1.28\n" });
    expect(await deploymentCount()).toBe(0);

    await finishSoon("succeeded");
    const ok = await baton(["score", "deploy", "-f", score, "--image", "nginx:1.28", "--wait", "-m", "first"], appEnv);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/deployment \w+ pending\n(.*\n)*deployment \w+ succeeded\n/);
    const stored = await latestScore();
    expect(stored.score_yaml).toContain("image: .");

    await finishSoon("failed", "container main: image pull failed");
    const failed = await baton(["score", "deploy", "--image", "nginx:1.29", "--property", "containers.main.variables.MODE=fast", "--wait"], appEnv, dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/deployment \w+ failed\n {2}DEP-001 workload web: container main: image pull failed/);
    const v2 = await latestScore();
    expect(v2.score_yaml).toContain("MODE: fast");

    const invalid = path.join(dir, "invalid.yaml");
    fs.writeFileSync(invalid, "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: 42\n");
    const bad = await baton(["score", "deploy", "-f", invalid], appEnv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid\.yaml: containers\.main\.image: .*\(line 6, col \d+\)/);
  });

  it("diff sets deploy/+1 deploy/. shows the change between the last two deployments", async () => {
    const appEnv = { ...env, BATON_APP: "shop", BATON_ENV: "development" };
    const diff = await baton(["diff", "sets", "deploy/+1", "deploy/."], appEnv);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("MODE");
    expect(diff.stdout).toContain("nginx:1.29");
    const none = await baton(["diff", "sets", "env/development", "deploy/."], appEnv);
    expect(none.code, none.stderr).toBe(0);
  });

  it("deploy deploy +1 . redeploys the previous deployment; create env --from and deploy env clone", async () => {
    const appEnv = { ...env, BATON_APP: "shop", BATON_ENV: "development" };
    const deploys = JSON.parse((await baton(["get", "deploys", "-o", "json"], appEnv)).stdout) as { id: string; set_id: string }[];
    const [current, previous] = deploys;
    const roll = await baton(["deploy", "deploy", "+1", ".", "-o", "json"], appEnv);
    expect(roll.code, roll.stderr).toBe(0);
    const created = JSON.parse(roll.stdout);
    expect(created).toMatchObject({ set_id: previous.set_id, from_id: previous.id, comment: `Redeploy of ${previous.id}` });
    expect(created.set_id).not.toBe(current.set_id);
    await finishLatestDeployment("succeeded");

    const staging = await baton(["create", "env", "staging", "--type", "staging", "--from", "development", "-o", "json"], appEnv);
    expect(staging.code, staging.stderr).toBe(0);
    const clone = await baton(["deploy", "env", "development", "staging", "-o", "json"], appEnv);
    expect(clone.code, clone.stderr).toBe(0);
    expect(JSON.parse(clone.stdout)).toMatchObject({ env_id: "staging", set_id: previous.set_id });
    await finishLatestDeployment("succeeded");
    const cmp = await baton(["diff", "sets", "env/development", "env/staging", "-o", "json"], appEnv);
    expect(JSON.parse(cmp.stdout)).toEqual(expect.objectContaining({ modules: expect.anything() }));
  });

  it("create delta, update delta add/remove, get deltas, deploy delta (humctl's draft-delta flow)", async () => {
    const appEnv = { ...env, BATON_APP: "shop", BATON_ENV: "development" };
    const created = await baton(["create", "delta", "--name", "bump", "-o", "json"], appEnv);
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };

    const replace = JSON.stringify({ op: "replace", path: "/spec/containers/main/image", value: "nginx:1.30" });
    const edited = await baton(["update", "delta", id, "add", "/modules/update/web/-", replace, "-o", "json"], appEnv);
    expect(edited.code, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ id, metadata: { name: "bump", env_id: "development" }, modules: { update: { web: [JSON.parse(replace)] } } });
    expect((await baton(["update", "delta", id, "add", "/shared/-", '{"op":"add","path":"/dns","value":{"type":"dns"}}'], appEnv)).code).toBe(0);
    const removed = await baton(["update", "delta", id, "remove", "/shared/0", "-o", "json"], appEnv);
    expect(JSON.parse(removed.stdout).shared).toEqual([]);

    const badPath = await baton(["update", "delta", id, "remove", "/modules/update/nope/3"], appEnv);
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toContain(`cannot remove /modules/update/nope/3 in delta ${id}`);
    expect((await baton(["update", "delta", id, "move", "/modules/add/x"], appEnv)).code).toBe(2);

    const listed = await baton(["get", "deltas"], appEnv);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+bump\\s+development`));

    const deployed = await baton(["deploy", "delta", id, "-o", "json"], appEnv);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout)).toMatchObject({ env_id: "development", delta_id: id, comment: `Delta ${id}` });
    await finishLatestDeployment("succeeded");
    const set = JSON.parse((await baton(["diff", "sets", "deploy/+1", "deploy/.", "-o", "json"], appEnv)).stdout);
    expect(JSON.stringify(set)).toContain("nginx:1.30");
  });
});
