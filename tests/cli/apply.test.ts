import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setFetchForTests } from "@/lib/cli/remote/client";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { startWorker, type Worker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { runOperation } from "@/lib/server/operations/operation";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { seedDemo } from "@/lib/server/seed-demo";
import { seedPlatform } from "@/lib/server/seed-platform";
import { ORG, actorFor, seededDb } from "../server/helpers";
import { callApi } from "../server/api/harness";
import { baton, routeFetchToHandlers, tempDir } from "./helpers";

let db: Db;
let worker: Worker | undefined;
let token: string;
let env: Record<string, string>;
let work: string;

/** Every file under dir (relative path → content). */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = fs.readFileSync(p, "utf8");
  }
  return out;
}

const get = (p: string) => callApi("GET", `/orgs/${ORG}${p}`, { token });

beforeAll(async () => {
  db = await seededDb();
  const box = createSecretBox(crypto.randomBytes(32));
  setRuntimeForTests({ db, secrets: box });
  const admin = await actorFor(db, "admin@example.com");
  work = tempDir("baton-apply-");
  await seedPlatform(db, box, { orgId: ORG, adminUserId: admin.userId, dataDir: work, demo: true });
  worker = startWorker({ db, secrets: box, dataDir: work, orgId: ORG, log: logger, pollMs: 50 });
  await seedDemo({ db, secrets: box, orgId: ORG, adminUserId: admin.userId, worker });
  token = (await runOperation(createApiToken, { description: "apply test" }, { db, actor: admin, requestId: "test" })).token;
  env = { BATON_CONFIG: path.join(work, "config.yaml"), BATON_URL: "http://baton.test", BATON_TOKEN: token, BATON_ORG: ORG };
  routeFetchToHandlers();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  setFetchForTests(undefined);
  setRuntimeForTests(undefined);
});

describe("baton export → baton apply on the demo organisation", () => {
  it("writes every kind as humctl files without secrets, and applying them back changes nothing", async () => {
    const dir = path.join(work, "estate");
    const exported = await baton(["export", "-d", dir], env);
    expect(exported.code, exported.stderr).toBe(0);
    const files = readTree(dir);
    expect(Object.keys(files).sort()).toEqual(expect.arrayContaining(["apps/demo-blog.yaml", "apps/demo-shop.yaml", "definitions.yaml", "env-type-roles.yaml", "env-types.yaml"]));
    const shop = files["apps/demo-shop.yaml"];
    expect(shop).toContain("apiVersion: entity.humanitec.io/v1b1\nkind: Application\nmetadata:\n  id: demo-shop\nentity:\n  name: Demo shop\n");
    expect(shop).toMatch(/kind: Environment\nmetadata:\n {2}id: production\n {2}app_id: demo-shop\nentity:\n {2}name: Production\n {2}type: production/);
    expect(shop).toMatch(/kind: Value\nmetadata:\n {2}id: PAYMENT_API_KEY\n {2}app_id: demo-shop\nentity:\n {2}is_secret: true\n/);
    expect(shop).toMatch(/kind: ApplicationUserRole\nmetadata:\n {2}id: developer@baton.local\n {2}app_id: demo-shop\nentity:\n {2}role: developer/);
    expect(files["apps/demo-blog.yaml"]).toMatch(/id: SITE_TITLE\n {2}app_id: demo-blog\n {2}env_id: production\nentity:\n {2}value: Baton blog\n/);
    expect(files["definitions.yaml"]).toMatch(/kind: Definition\nmetadata:\n {2}id: staging-postgres/);
    expect(files["env-type-roles.yaml"]).toMatch(/kind: EnvironmentTypeUserRole\nmetadata:\n {2}id: developer@baton.local\n {2}env_type_id: development/);
    expect(JSON.stringify(files)).not.toContain("demo-not-a-real-key");

    const dry = await baton(["apply", "-f", dir, "--dry-run", "--exit-code"], env);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).not.toMatch(/would (create|configure|delete)/);
    expect(dry.stdout).toContain("application/demo-shop unchanged");
    expect(dry.stderr).toMatch(/dry run: 0 to create, 0 to configure, 0 to delete, \d+ unchanged; nothing was changed/);

    const applied = await baton(["apply", "-f", dir], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/applied: 0 to create, 0 to configure, 0 to delete/);
    // The secret kept its value: applying the export did not blank it.
    const secret = await get("/apps/demo-shop/values");
    expect((secret.body as { key: string; is_secret: boolean }[]).find((v) => v.key === "PAYMENT_API_KEY")).toMatchObject({ is_secret: true });

    const again = path.join(work, "estate-2");
    expect((await baton(["export", "-d", again], env)).code).toBe(0);
    expect(readTree(again)).toEqual(files);

    const yaml = await baton(["get", "envs", "--app", "demo-blog", "-o", "yaml"], env);
    expect(yaml.stdout).toMatch(/kind: Environment\nmetadata:\n {2}id: staging\n {2}app_id: demo-blog/);
  });
});

const DOC = (kind: string, metadata: string, entity: string) => `apiVersion: entity.humanitec.io/v1b1\nkind: ${kind}\nmetadata:\n${metadata}\nentity:\n${entity}\n`;

describe("baton apply for every kind", () => {
  it("plans (--dry-run prints the diff, changes nothing), applies, and then has nothing to do", async () => {
    const dir = tempDir("baton-apply-kinds-");
    fs.writeFileSync(path.join(dir, "aws.json"), JSON.stringify({ aws_access_key_id: "AKIAABCDEFGHIJKLMNOP", aws_secret_access_key: "file-secret-xyz" }));
    fs.writeFileSync(
      path.join(dir, "org.yaml"),
      [
        DOC("EnvironmentType", "  id: qa", "  description: Quality assurance"),
        DOC("Account", "  id: aws-main", "  name: AWS main\n  type: aws\n  credentials_file: aws.json"),
        DOC("Definition", "  id: qa-redis", "  name: QA redis\n  type: redis\n  driver_type: humanitec/echo\n  driver_inputs:\n    values:\n      host: redis.qa\n  criteria:\n    - env_type: qa\n    - env_type: qa\n      app_id: payments"),
        DOC("EnvironmentTypeUserRole", "  id: developer@baton.local\n  env_type_id: qa", "  role: deployer"),
      ].join("---\n"),
    );
    fs.writeFileSync(
      path.join(dir, "payments.yaml"),
      [
        DOC("Application", "  id: payments", "  name: Payments"),
        DOC("Environment", "  id: qa\n  app_id: payments", "  name: QA\n  type: qa"),
        DOC("Value", "  id: REGION\n  app_id: payments", "  value: eu-west-1\n  description: where it runs"),
        DOC("Value", "  id: REGION\n  app_id: payments\n  env_id: qa", "  value: eu-central-1"),
        DOC("Value", "  id: API_KEY\n  app_id: payments", "  is_secret: true\n  value_env: PAYMENTS_API_KEY"),
        DOC("ApplicationUserRole", "  id: manager@baton.local\n  app_id: payments", "  role: viewer"),
      ].join("---\n"),
    );
    const withSecret = { ...env, PAYMENTS_API_KEY: "env-secret-abc" };

    const dry = await baton(["apply", "-f", dir, "--dry-run", "--exit-code"], withSecret);
    expect(dry.code, dry.stderr).toBe(3);
    for (const line of ["environmentType/qa would create", "account/aws-main would create", "definition/qa-redis would create", "application/payments would create", "environment/payments/qa would create", "value/payments/REGION would create", "value/payments/qa/REGION would create", "value/payments/API_KEY would create", "applicationUserRole/payments/manager@baton.local would create", "environmentTypeUserRole/qa/developer@baton.local would create"]) {
      expect(dry.stdout).toContain(line);
    }
    expect(dry.stdout).toContain("entity.credentials: (write-only, sent)");
    expect(`${dry.stdout}${dry.stderr}`).not.toMatch(/file-secret-xyz|env-secret-abc/);
    expect((await get("/apps/payments")).status).toBe(404);

    const applied = await baton(["apply", "-f", dir], withSecret);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("application/payments created");
    expect(`${applied.stdout}${applied.stderr}`).not.toMatch(/file-secret-xyz|env-secret-abc/);
    expect((await get("/apps/payments")).body).toMatchObject({ name: "Payments", envs: [{ id: "qa", name: "QA", type: "qa" }] });
    expect((await get("/env-types/qa")).body).toMatchObject({ description: "Quality assurance" });
    expect((await get("/resources/accounts/aws-main")).body).toMatchObject({ name: "AWS main", type: "aws" });
    expect(((await get("/resources/defs/qa-redis")).body as { criteria: unknown[] }).criteria).toEqual([expect.objectContaining({ env_type: "qa" }), expect.objectContaining({ env_type: "qa", app_id: "payments" })]);
    expect((await get("/apps/payments/envs/qa/values")).body).toEqual(expect.arrayContaining([expect.objectContaining({ key: "REGION", value: "eu-central-1", source: "env" }), expect.objectContaining({ key: "API_KEY", is_secret: true })]));
    expect(((await get("/apps/payments/users")).body as { email: string; role: string }[]).map((u) => [u.email, u.role])).toContainEqual(["manager@baton.local", "viewer"]);
    expect(((await get("/env-types/qa/users")).body as { email: string }[]).map((u) => u.email)).toEqual(["developer@baton.local"]);

    // A second run has nothing to compare but the write-only parts, which it sends again.
    const second = await baton(["apply", "-f", dir, "--dry-run"], withSecret);
    expect(second.stdout).toContain("application/payments unchanged");
    expect(second.stdout).toContain("definition/qa-redis unchanged");
    expect(second.stdout).toContain("account/aws-main would configure\n    entity.credentials: (write-only, sent)");

    // A change shows as a field diff.
    fs.writeFileSync(path.join(dir, "payments.yaml"), fs.readFileSync(path.join(dir, "payments.yaml"), "utf8").replace("name: Payments", "name: Payments EU").replace("role: viewer", "role: developer"));
    const diff = await baton(["apply", "-f", path.join(dir, "payments.yaml"), "--dry-run"], withSecret);
    expect(diff.stdout).toContain('application/payments would configure\n    entity.name: "Payments" → "Payments EU"');
    expect(diff.stdout).toContain('applicationUserRole/payments/manager@baton.local would configure\n    entity.role: "viewer" → "developer"');
  });

  it("prunes only what the named selector covers", async () => {
    const dir = tempDir("baton-apply-prune-");
    fs.writeFileSync(path.join(dir, "v.yaml"), DOC("Value", "  id: REGION\n  app_id: payments", "  value: eu-west-1\n  description: where it runs"));
    const dry = await baton(["apply", "-f", dir, "--dry-run", "--prune", "Value=payments/*"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("value/payments/qa/REGION would delete");
    expect(dry.stdout).toContain("value/payments/API_KEY would delete");
    expect(dry.stdout).not.toContain("value/demo-shop");
    const pruned = await baton(["apply", "-f", dir, "--prune", "Value=payments/qa/*"], env);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toBe("value/payments/REGION unchanged\nvalue/payments/qa/REGION deleted\n");
    expect(((await get("/apps/payments/values")).body as { key: string }[]).map((v) => v.key).sort()).toEqual(["API_KEY", "REGION"]);
    expect((await baton(["apply", "-f", dir, "--prune", "Gizmo"], env)).code).toBe(2);
  });

  it("refuses bad files whole, naming file, document and field; nothing is sent", async () => {
    const dir = tempDir("baton-apply-bad-");
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, [DOC("Application", "  id: never-created", "  name: Never"), DOC("Environment", "  id: dev\n  app_id: never-created", "  name: Dev"), DOC("Value", "  id: K\n  app_id: never-created", "  value: [1, 2]")].join("---\n"));
    const r = await baton(["apply", "-f", dir], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: document 2: entity\\.type: entity\\.type is required`));
    expect(r.stderr).toMatch(/document 3: entity\.value: entity\.value must be a string/);
    expect(r.stderr).toContain("2 error(s) in the files; nothing was applied");
    expect((await get("/apps/never-created")).status).toBe(404);

    // Against the server: a type cannot change in place; named the same way, nothing applied.
    fs.writeFileSync(file, [DOC("Application", "  id: never-created", "  name: Never"), DOC("Environment", "  id: production\n  app_id: demo-shop", "  name: Production\n  type: staging")].join("---\n"));
    const typed = await baton(["apply", "-f", file], env);
    expect(typed.code).toBe(1);
    expect(typed.stderr).toMatch(/bad\.yaml:\d+:\d+: document 2: entity\.type: Environment demo-shop\/production is of type "production" on the server; type cannot change in place/);
    expect((await get("/apps/never-created")).status).toBe(404);

    fs.writeFileSync(file, DOC("ApplicationUserRole", "  id: nobody@example.com\n  app_id: demo-shop", "  role: viewer"));
    expect((await baton(["apply", "-f", file], env)).stderr).toMatch(/document 1: metadata\.id: no user "nobody@example\.com"/);
    fs.writeFileSync(file, DOC("Value", "  id: NEW_SECRET\n  app_id: demo-shop", "  is_secret: true"));
    expect((await baton(["apply", "-f", file], env)).stderr).toMatch(/document 1: entity\.value: secret demo-shop\/NEW_SECRET does not exist yet/);
    fs.writeFileSync(file, DOC("Account", "  id: k", "  type: aws\n  credentials_env: NOT_SET_ANYWHERE"));
    expect((await baton(["apply", "-f", file], env)).stderr).toMatch(/document 1: entity\.credentials_env: environment variable NOT_SET_ANYWHERE is not set/);
  });

  it("reports what was applied before a failure the server refused", async () => {
    const dir = tempDir("baton-apply-partial-");
    fs.writeFileSync(
      path.join(dir, "p.yaml"),
      [DOC("EnvironmentType", "  id: perf", "  description: Load tests"), DOC("Account", "  id: bad-aws", "  type: aws\n  credentials_env: BAD_AWS"), DOC("Application", "  id: after-failure", "  name: After")].join("---\n"),
    );
    const r = await baton(["apply", "-f", dir], { ...env, BAD_AWS: '{"aws_access_key_id":"lowercase-is-wrong","aws_secret_access_key":"s3cr3t-value"}' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("environmentType/perf created\n");
    expect(r.stderr).toMatch(/error: account\/bad-aws \(.*p\.yaml, document 2\): .*aws_access_key_id/);
    expect(r.stderr).toContain("applied before the failure: 1 change(s) (listed above); not applied: 2\n  create Account bad-aws\n  create Application after-failure\n");
    expect(r.stderr).not.toContain("s3cr3t-value");
    expect((await get("/apps/after-failure")).status).toBe(404);
  });
});

describe("humctl's environment variables", () => {
  it("HUMANITEC_API_PREFIX, HUMANITEC_TOKEN and HUMANITEC_ORG drive a command when no BATON_* is set", async () => {
    const humctl = { BATON_CONFIG: env.BATON_CONFIG, HUMANITEC_API_PREFIX: "http://baton.test/api/v1", HUMANITEC_TOKEN: token, HUMANITEC_ORG: ORG, HUMANITEC_APP: "demo-blog" };
    const r = await baton(["get", "envs", "-o", "json"], humctl);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((e) => e.id).sort()).toEqual(["development", "production", "staging"]);
    const wins = await baton(["get", "envs"], { ...humctl, BATON_TOKEN: "baton_wrong" });
    expect(wins.code).toBe(1);
    expect(wins.stderr).toMatch(/token from env BATON_TOKEN/);
  });
});


