import { sqliteClientOf } from "@/db/client";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/db/client";
import { ALL_ROUTES } from "@/lib/server/api/registry";
import { loadOrCreateKey } from "@/lib/server/crypto/key-file";
import { createSecretBox, type SecretBox } from "@/lib/server/crypto/secret-box";
import { findUserByEmail, loadActor } from "@/lib/server/data/users";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { createUser } from "@/lib/server/operations/create-user";
import { runOperation } from "@/lib/server/operations/operation";
import { ADMIN, ADMIN_TOKEN, hasBuild, repoRoot, signIn, startServer, type RunningServer } from "./server-harness";

/**
 * Item 1 of the security issue: plant distinct secrets of every kind through the API (shared
 * secrets at app and environment level, a definition secret, cloud-account credentials) plus
 * the database passwords the in-cluster pack generates during real deployments; then read
 * every page as every role, every API GET route with every role's token, the server's whole
 * log, the database files and the data directory (GitOps repository history included). No
 * plaintext may appear anywhere; the encrypted columns hold ciphertext only.
 */
if (!hasBuild) console.log("leak scan skipped: no .next build (run `scripts/e2e-local.sh` or `flock /tmp/baton-e2e.lock npx next build`)");

const ORG = "default";
const PLANTED = {
  sharedSecret: "LEAKSCAN-shared-a81f3c9d",
  envSecret: "LEAKSCAN-envoverride-5e2b7d14",
  definitionSecret: "LEAKSCAN-defsecret-c47a90e2",
  accountToken: "LEAKSCAN-acctoken-3fd618b5",
  webhookSecret: "LEAKSCAN-webhook-9c1e42ab",
};

const PIPELINE_YAML = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Leak scan gate
on:
  pipeline_call: {}
jobs:
  approve:
    steps:
      - uses: actions/humanitec/approve@v1
        with: { message: "Go?", env_id: development }
`;

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      API_KEY: \${resources.env.API_KEY}
      DB_PASSWORD: \${resources.db.password}
      CACHE_PASSWORD: \${resources.cache.password}
    files:
      - target: /etc/app/db.conf
        content: "postgres://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}/app"
service:
  ports:
    www:
      port: 80
      targetPort: 8080
resources:
  env:
    type: environment
  db:
    type: postgres
  cache:
    type: redis
`;

type Role = "admin" | "manager" | "developer" | "viewer" | "outsider";
const PASSWORDS: Record<Role, { email: string; password: string }> = {
  admin: ADMIN,
  manager: { email: "manager@baton.local", password: "demo-manager" },
  developer: { email: "developer@baton.local", password: "demo-developer" },
  viewer: { email: "leak-viewer@example.com", password: "leak-viewer-password" },
  outsider: { email: "leak-outsider@example.com", password: "leak-outsider-password" },
};

describe.skipIf(!hasBuild && !process.env.CI)("secret leak scan against a running server", () => {
  let server: RunningServer;
  let db: Db;
  let box: SecretBox;
  const tokens = {} as Record<Role, string>;
  const seen: { where: string; text: string }[] = [];
  let deployId = "";
  const pipelineIds = { pipelineId: "", runId: "", approvalId: "", artefactId: "", artefactVersionId: "", ruleId: "" };

  const api = async (method: string, p: string, body?: unknown, token = ADMIN_TOKEN) => {
    const yaml = typeof body === "string";
    const res = await fetch(`${server.url}/api/v1${p}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": yaml ? "application/x-yaml" : "application/json" } : {}) }, body: body ? (yaml ? body : JSON.stringify(body)) : undefined });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const must = async (method: string, p: string, body?: unknown) => {
    const r = await api(method, p, body);
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };

  async function waitForDeployments(appId: string) {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const r = await api("GET", `/orgs/${ORG}/apps/${appId}/envs/development/deploys`);
      const list = (r.json as unknown as { id: string; status: string }[]) ?? [];
      if (list.length > 0 && list.every((d) => d.status === "succeeded" || d.status === "failed")) return list;
      if (Date.now() > deadline) throw new Error(`${appId}: deployments did not finish: ${r.text}`);
      await new Promise((res) => setTimeout(res, 500));
    }
  }

  async function untilNoDeploymentRuns() {
    const deadline = Date.now() + 300_000;
    while ((sqliteClientOf(db)!.prepare("SELECT count(*) AS n FROM deployments WHERE status IN ('pending', 'in progress')").get() as { n: number }).n > 0) {
      if (Date.now() > deadline) throw new Error("the demo deployments did not finish");
      await new Promise((res) => setTimeout(res, 500));
    }
  }

  /**
   * This test writes to the server's database from a second process: a deferred transaction
   * whose snapshot the server moved on from gets SQLITE_BUSY at once, so try again.
   */
  async function retryBusy<T>(fn: () => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!/SQLITE_BUSY|database is locked/.test(`${(err as { code?: string }).code} ${(err as Error).message}`) || attempt > 50) throw err;
        await new Promise((res) => setTimeout(res, 200));
      }
    }
  }

  beforeAll(async () => {
    server = await startServer();
    db = openDb(path.join(server.dataDir, "baton.db"));
    box = createSecretBox(loadOrCreateKey(server.dataDir));
    // The demo seed deploys in the background; write to the database once it is done.
    for (const app of ["demo-shop", "demo-blog"]) await waitForDeployments(app);
    await untilNoDeploymentRuns();
    // Users the demo does not have: an org viewer and a member without any app role.
    const admin = (await loadActor(db, ORG, (await findUserByEmail(db, ORG, ADMIN.email))!.id))!;
    for (const [role, orgRole] of [["viewer", "viewer"], ["outsider", "member"]] as const) {
      await retryBusy(async () => await runOperation(createUser, { email: PASSWORDS[role].email, name: role, password: PASSWORDS[role].password, orgRole }, { db, actor: admin, requestId: "leak-scan" }));
    }
    for (const role of Object.keys(PASSWORDS) as Role[]) {
      const actor = (await loadActor(db, ORG, (await findUserByEmail(db, ORG, PASSWORDS[role].email))!.id))!;
      tokens[role] = (await retryBusy(async () => await runOperation(createApiToken, { description: "leak scan" }, { db, actor, requestId: "leak-scan" }))).token;
    }

    await must("POST", `/orgs/${ORG}/apps`, { id: "leaky", name: "Leaky" });
    const developerId = (await findUserByEmail(db, ORG, PASSWORDS.developer.email))!.id;
    await must("POST", `/orgs/${ORG}/apps/leaky/users`, { id: developerId, role: "developer" });
    await must("POST", `/orgs/${ORG}/apps/leaky/values`, { key: "API_KEY", value: PLANTED.sharedSecret, is_secret: true });
    await must("POST", `/orgs/${ORG}/apps/leaky/envs/development/values`, { key: "API_KEY", value: PLANTED.envSecret, is_secret: true });
    await must("POST", `/orgs/${ORG}/resources/defs`, {
      id: "leaky-cache",
      name: "Cache with a password",
      type: "redis",
      driver_type: "humanitec/echo",
      driver_inputs: { values: { host: "cache.internal", port: 6379 }, secrets: { password: PLANTED.definitionSecret } },
      criteria: [{ app_id: "leaky" }],
    });
    await must("POST", `/orgs/${ORG}/resources/accounts`, { id: "leaky-cluster", name: "Leaky cluster", type: "kubernetes", credentials: { server: "https://127.0.0.1:1", token: PLANTED.accountToken } });
    // The check fails (nothing listens on port 1); its error must not carry the token either.
    await api("POST", `/orgs/${ORG}/resources/accounts/leaky-cluster/actions/check`);
    deployId = String((await must("POST", `/orgs/${ORG}/apps/leaky/envs/development/score-deploys`, { workloads: [{ score_yaml: SCORE, file: "score.yaml" }], image: "registry.example.com/web:1" }))!.id);
    await waitForDeployments("leaky");
    // A pipeline run waiting for its approval, and a registered image: their pages and routes are scanned too.
    pipelineIds.pipelineId = String((await must("POST", `/orgs/${ORG}/apps/leaky/pipelines`, PIPELINE_YAML))!.id);
    pipelineIds.runId = String((await must("POST", `/orgs/${ORG}/apps/leaky/pipelines/${pipelineIds.pipelineId}/runs`, { inputs: {} }))!.id);
    pipelineIds.approvalId = await waitForApproval(pipelineIds.runId);
    // An automation rule the registration fires: its API routes and the portal's rules page are scanned too.
    pipelineIds.ruleId = String((await must("POST", `/orgs/${ORG}/apps/leaky/envs/development/rules`, { type: "update", match_ref: "^refs/heads/main$" }))!.id);
    // A signed webhook: its secret must never come back. Its id is the `{jobId}` the scan fills in (the pipeline job's).
    await must("POST", `/orgs/${ORG}/apps/leaky/webhooks`, { id: "approve", url: "https://203.0.113.10/hook", secret: PLANTED.webhookSecret, triggers: [{ scope: "deployment", type: "finished" }] });
    const version = (await must("POST", `/orgs/${ORG}/artefact-versions`, { type: "container", name: "registry.example.com/web", version: "1", ref: "refs/heads/main" }))!;
    pipelineIds.artefactVersionId = String(version.id);
    pipelineIds.artefactId = String(version.artefact_id);
  }, 400_000);

  async function waitForApproval(runId: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await api("GET", `/orgs/${ORG}/apps/leaky/approvals`);
      const waiting = ((r.json as unknown as { id: string; run_id: string }[] | null) ?? []).find((a) => a.run_id === runId);
      if (waiting) return waiting.id;
      if (Date.now() > deadline) throw new Error(`pipeline run ${runId} did not ask for its approval: ${r.text}`);
      await new Promise((res) => setTimeout(res, 300));
    }
  }

  afterAll(async () => {
    if (db) sqliteClientOf(db)!.close();
    await server?.stop();
  });

  /** Every secret plaintext the server holds: planted ones and what the drivers generated. */
  function plaintexts(): string[] {
    const out = new Set<string>(Object.values(PLANTED));
    const leaves = (v: unknown, key = ""): void => {
      if (typeof v === "string") {
        if (v.length >= 8 && !/^https?:\/\//.test(v) && key !== "server") out.add(v);
      } else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) leaves(x, k);
    };
    for (const r of sqliteClientOf(db)!.prepare("SELECT secret_outputs_enc AS e FROM active_resources WHERE secret_outputs_enc IS NOT NULL").all() as { e: string }[]) leaves(JSON.parse(box.decrypt(r.e)));
    for (const r of sqliteClientOf(db)!.prepare("SELECT encrypted_value AS e FROM shared_values WHERE encrypted_value IS NOT NULL").all() as { e: string }[]) leaves(box.decrypt(r.e));
    for (const r of sqliteClientOf(db)!.prepare("SELECT driver_inputs_secrets_enc AS e FROM resource_definitions WHERE driver_inputs_secrets_enc IS NOT NULL").all() as { e: string }[]) leaves(JSON.parse(box.decrypt(r.e)));
    for (const r of sqliteClientOf(db)!.prepare("SELECT credentials_enc AS e FROM cloud_accounts").all() as { e: string }[]) leaves(JSON.parse(box.decrypt(r.e)));
    return [...out];
  }

  function leaksIn(text: string, secrets: string[]): string[] {
    return secrets.filter((s) => text.includes(s) || text.includes(Buffer.from(s).toString("base64")));
  }

  it("the fixture really holds generated database passwords and every planted secret", async () => {
    const deploy = await api("GET", `/orgs/${ORG}/apps/leaky/envs/development/deploys/${deployId}`);
    expect(deploy.json?.status, deploy.text).toBe("succeeded");
    const secrets = plaintexts();
    for (const v of Object.values(PLANTED)) expect(secrets).toContain(v);
    const generated = sqliteClientOf(db)!.prepare("SELECT app_id AS app FROM active_resources WHERE type = 'postgres' AND secret_outputs_enc IS NOT NULL").all() as { app: string }[];
    expect(generated.map((g) => g.app)).toEqual(expect.arrayContaining(["leaky", "demo-shop"]));
    expect(secrets.length).toBeGreaterThanOrEqual(Object.keys(PLANTED).length + 2);
  });

  it("no page shows a secret, to any role", async () => {
    const defs = (sqliteClientOf(db)!.prepare("SELECT id FROM resource_definitions WHERE org_id = ? AND is_deleted = 0").all(ORG) as { id: string }[]).map((d) => d.id);
    const lastDeployOf = (app: string) => (sqliteClientOf(db)!.prepare("SELECT id FROM deployments WHERE app_id = ? ORDER BY rowid DESC LIMIT 1").get(app) as { id: string }).id;
    // A service user with a token: its token page (administrators) is scanned too.
    const ci = (await must("POST", `/orgs/${ORG}/users`, { name: "leak scan ci", role: "member" })) as { id: string };
    await must("POST", `/users/${ci.id}/tokens`, { description: "leak scan" });
    const params: Record<string, string[]> = { appId: ["leaky", "demo-shop"], envId: ["development"], deployId: ["(per app)"], workloadId: ["web"], defId: defs, userId: [ci.id], pipelineId: [pipelineIds.pipelineId], runId: [pipelineIds.runId], artefactId: [pipelineIds.artefactId] };
    const pageFiles = execFileSync("find", ["app", "-name", "page.tsx"], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n");
    const urls = new Set<string>(["/resources/definitions/export", "/api/metrics", "/api/health", `/api/ui/deploys/leaky/${deployId}`, "/resources/explain?app_id=leaky&env_type=development&type=redis&res_id=shared.cache"]);
    for (const file of pageFiles) {
      const segments = path.dirname(path.relative("app", file)).split(path.sep).filter((s) => s !== "." && !/^\(.*\)$/.test(s));
      let expanded = [""];
      for (const seg of segments) {
        const m = /^\[(\w+)\]$/.exec(seg);
        if (m && !params[m[1]]) throw new Error(`${file}: no values for [${m[1]}] in the leak scan`);
        // A deployment id belongs to its application: take that application's latest.
        // A pipeline too: only the leaky app has one.
        const values = (prefix: string) => {
          const app = prefix.split("/")[2];
          if (m?.[1] === "deployId") return [lastDeployOf(app)];
          if (m?.[1] === "pipelineId") return app === "leaky" ? params.pipelineId : [];
          return m ? params[m[1]] : [seg];
        };
        expanded = expanded.flatMap((prefix) => values(prefix).map((v) => `${prefix}/${v}`));
      }
      for (const u of expanded) urls.add(u || "/");
    }
    const secrets = plaintexts();
    const okForAdmin: string[] = [];
    for (const role of Object.keys(PASSWORDS) as Role[]) {
      const { jar, status } = await signIn(server.url, PASSWORDS[role].email, PASSWORDS[role].password);
      expect(status, `${role} signs in`).toBe(200);
      for (const u of urls) {
        const res = await fetch(`${server.url}${u}`, { headers: { cookie: jar.header() }, redirect: "manual" });
        const text = await res.text();
        seen.push({ where: `${role} GET ${u} (${res.status})`, text });
        expect(res.status, `${role} GET ${u}`).toBeLessThan(500);
        if (role === "admin" && res.status === 200) okForAdmin.push(u);
      }
    }
    // The scan is only meaningful if the pages rendered: the administrator sees every one.
    // (The sign-in page sends a signed-in user on, so it is the one exception.)
    expect([...urls].filter((u) => !okForAdmin.includes(u) && u !== "/sign-in")).toEqual([]);
    const leaks = seen.flatMap((s) => leaksIn(s.text, secrets).map((l) => `${s.where}: ${l}`));
    expect(leaks).toEqual([]);
  });

  it("no API GET route returns a secret, to any role's token", async () => {
    const secrets = plaintexts();
    const firstId = (sql: string, ...a: unknown[]) => (sqliteClientOf(db)!.prepare(sql).get(...a) as { id: string } | undefined)?.id ?? "none";
    const ids: Record<string, string> = {
      orgId: ORG,
      appId: "leaky",
      envId: "development",
      envTypeId: "development",
      defId: "leaky-cache",
      accId: "leaky-cluster",
      deployId,
      setId: firstId("SELECT set_id AS id FROM deployments WHERE id = ?", deployId),
      sourceSetId: "0",
      deltaId: firstId("SELECT id FROM deltas WHERE app_id = 'leaky' LIMIT 1"),
      versionId: firstId("SELECT id FROM value_set_versions WHERE app_id = 'leaky' AND env_id = 'development' ORDER BY rowid DESC LIMIT 1"),
      key: "API_KEY",
      userId: "me",
      tokenId: firstId("SELECT id FROM api_tokens LIMIT 1"),
      criteriaId: firstId("SELECT id FROM matching_criteria WHERE def_id = 'leaky-cache' LIMIT 1"),
      driverId: "template",
      typeId: "postgres",
      classId: "default",
      graphId: firstId("SELECT id FROM dependency_graphs LIMIT 1"),
      pipelineId: pipelineIds.pipelineId,
      runId: pipelineIds.runId,
      // The pipeline job's id, and the webhook's (Humanitec calls a webhook's id jobId too).
      jobId: "approve",
      stepIndex: "0",
      approvalId: pipelineIds.approvalId,
      artefactId: pipelineIds.artefactId,
      artefactVersionId: pipelineIds.artefactVersionId,
      ruleId: pipelineIds.ruleId,
    };
    const extra = [`/orgs/${ORG}/resources/defs/leaky-cache/versions`, `/orgs/${ORG}/apps/leaky/value-set-versions`, "/openapi.json"];
    const paths = new Set(extra);
    for (const r of ALL_ROUTES.filter((x) => x.method === "GET")) {
      paths.add(r.path.replace(/\{(\w+)\}/g, (_, n: string) => {
        if (!(n in ids)) throw new Error(`${r.path}: no id for {${n}} in the leak scan`);
        return ids[n];
      }));
    }
    const okForAdmin = new Set<string>();
    for (const role of Object.keys(tokens) as Role[]) {
      for (const p of paths) {
        const r = await api("GET", p, undefined, tokens[role]);
        seen.push({ where: `${role} API GET ${p} (${r.status})`, text: r.text });
        expect(r.status, `${role} GET ${p}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
        if (role === "admin" && r.status === 200) okForAdmin.add(p);
      }
    }
    expect(okForAdmin.size).toBeGreaterThan(30);
    expect(seen.flatMap((s) => leaksIn(s.text, secrets).map((l) => `${s.where}: ${l}`))).toEqual([]);
  });

  it("no log line carries a secret", () => {
    const log = server.output();
    expect(log.split("\n").filter((l) => l.startsWith("{")).length).toBeGreaterThan(5);
    const secrets = plaintexts();
    const lines = log.split("\n").filter((l) => leaksIn(l, secrets).length > 0);
    expect(lines.map((l) => l.slice(0, 300))).toEqual([]);
  });

  it("the database files and the data directory hold no plaintext (GitOps history included)", () => {
    sqliteClientOf(db)!.pragma("wal_checkpoint(PASSIVE)");
    const secrets = plaintexts();
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name !== "secret.key") for (const l of leaksIn(fs.readFileSync(full).toString("latin1"), secrets)) found.push(`${path.relative(server.dataDir, full)}: ${l}`);
      }
    };
    walk(server.dataDir);
    const history = execFileSync("git", ["--git-dir", path.join(server.dataDir, "gitops.git"), "log", "-p", "--all"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(history).toContain("leaky");
    for (const l of leaksIn(history, secrets)) found.push(`gitops.git history: ${l}`);
    expect(found).toEqual([]);
  });
});
