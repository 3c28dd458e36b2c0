import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { activeResources } from "@/db/tables";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { runOperation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { createDependencyGraph } from "@/lib/server/operations/create-dependency-graph";
import { createUser } from "@/lib/server/operations/create-user";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, actorFor, seededDb } from "../helpers";

export { ORG };
export const repoRoot = path.resolve(__dirname, "../../..");
const API_DIR = path.join(repoRoot, "app/api/v1");

export interface RouteFile {
  /** OpenAPI-style path below /api/v1, e.g. `/orgs/{orgId}/apps`. */
  path: string;
  file: string;
}

const CATCH_ALL = path.join(API_DIR, "[...path]", "route.ts");

/** Every `route.ts` under app/api/v1 that serves an operation (not the catch-all), as the path it serves. */
export function discoverRouteFiles(): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts" && full !== CATCH_ALL) {
        const rel = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
        out.push({ path: "/" + rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/"), file: full });
      }
    }
  };
  walk(API_DIR);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof HTTP_METHODS)[number];
type RouteModule = Partial<Record<Method, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response>>;

export async function loadRouteModule(file: string): Promise<RouteModule> {
  return (await import(file)) as RouteModule;
}

function matchPath(pattern: string, actual: string): Record<string, string> | undefined {
  const p = pattern.split("/").filter(Boolean);
  const a = actual.split("/").filter(Boolean);
  if (p.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const m = /^\{(.+)\}$/.exec(p[i]);
    if (m) params[m[1]] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return undefined;
  }
  return params;
}

export interface ApiResult {
  status: number;
  body: unknown;
  headers: Headers;
}

const routeFiles = discoverRouteFiles();

/** Serves a Request with the route handler Next.js would pick (static segments win). */
export async function dispatch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const pathname = url.pathname.replace(/^\/api\/v1/, "");
  const candidates = routeFiles
    .map((r) => ({ r, params: matchPath(r.path, pathname) }))
    .filter((c) => c.params)
    .sort((x, y) => Object.keys(x.params!).length - Object.keys(y.params!).length);
  if (candidates.length === 0) {
    // what Next.js does: the catch-all route answers every other path
    const catchAll = await loadRouteModule(CATCH_ALL);
    return catchAll[request.method as Method]!(request, { params: Promise.resolve({}) });
  }
  const { r, params } = candidates[0];
  const mod = await loadRouteModule(r.file);
  const fn = mod[request.method as Method];
  if (!fn) return new Response(null, { status: 405 });
  return fn(request, { params: Promise.resolve(params!) });
}

/** Calls the route handler serving `method path` the way Next.js would. */
export async function callApi(method: Method, urlPath: string, opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const res = await dispatch(new Request(`http://baton.test/api/v1${urlPath}`, { method, headers, body }));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export interface Harness {
  db: Db;
  tokens: { admin: string; manager: string; developer: string; viewer: string; outsider: string };
  userIds: { admin: string; manager: string; developer: string; viewer: string; outsider: string };
}

async function tokenFor(db: Db, email: string): Promise<string> {
  return (await runOperation(createApiToken, { description: `test ${email}` }, { db, actor: (await actorFor(db, email)), requestId: "test" })).token;
}

/**
 * A seeded in-memory database served to the route handlers, with an API token per role:
 * admin (administrator), manager, developer (member, deployer on development and staging,
 * developer on app `shop`), viewer (org viewer), outsider (member with no app role).
 */
export async function createHarness(): Promise<Harness> {
  const db = await seededDb();
  setRuntimeForTests({ db, secrets: createSecretBox(randomBytes(32)) });
  const admin = await actorFor(db, "admin@example.com");
  const run = async <T>(fn: () => T) => await fn();
  await run(async () => await runOperation(createUser, { email: "viewer@example.com", name: "Vera Viewer", password: "viewer-password", orgRole: "viewer" }, { db, actor: admin, requestId: "seed" }));
  await run(async () => await runOperation(createUser, { email: "outsider@example.com", name: "Otto Outsider", password: "outsider-password", orgRole: "member" }, { db, actor: admin, requestId: "seed" }));
  const emails = { admin: "admin@example.com", manager: "manager@baton.local", developer: "developer@baton.local", viewer: "viewer@example.com", outsider: "outsider@example.com" };
  const userIds = Object.fromEntries(await Promise.all(Object.entries(emails).map(async ([k, e]) => [k, (await actorFor(db, e)).userId]))) as Harness["userIds"];
  const tokens: Record<string, string> = {};
  for (const [k, e] of Object.entries(emails)) tokens[k] = await tokenFor(db, e);
  return { db, tokens: tokens as Harness["tokens"], userIds };
}

/** App `shop` (with `development`), created by the admin; the developer holds `developer` on it. */
export async function withShop(h: Harness): Promise<void> {
  const created = await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, body: { id: "shop", name: "Shop" } });
  if (created.status !== 201) throw new Error(`fixture: creating shop answered ${created.status} ${JSON.stringify(created.body)}`);
  const bound = await callApi("POST", `/orgs/${ORG}/apps/shop/users`, { token: h.tokens.admin, body: { id: h.userIds.developer, role: "developer" } });
  if (bound.status !== 201) throw new Error(`fixture: binding developer answered ${bound.status} ${JSON.stringify(bound.body)}`);
}

export const FIXTURE_DEF = "echo-redis";
export const FIXTURE_ACCOUNT = "local-cluster";

/** A definition (echo driver, development criteria) and a kubernetes account, by the admin. */
/** A resource class of `redis` that `withResources` declares. */
export const FIXTURE_CLASS = "persistent";

export async function withResources(h: Harness): Promise<void> {
  const def = await callApi("POST", `/orgs/${ORG}/resources/defs`, {
    token: h.tokens.admin,
    body: { id: FIXTURE_DEF, name: "Echo redis", type: "redis", driver_type: "humanitec/echo", driver_inputs: { values: { host: "redis.local", port: 6379 } }, criteria: [{ env_type: "development" }] },
  });
  if (def.status !== 201) throw new Error(`fixture: creating the definition answered ${def.status} ${JSON.stringify(def.body)}`);
  const acc = await callApi("POST", `/orgs/${ORG}/resources/accounts`, {
    token: h.tokens.admin,
    // Port 1 refuses at once, so a check finishes quickly with ok: false.
    body: { id: FIXTURE_ACCOUNT, name: "Local cluster", type: "kubernetes", credentials: { server: "https://127.0.0.1:1", token: "not-a-real-token" } },
  });
  if (acc.status !== 201) throw new Error(`fixture: creating the account answered ${acc.status} ${JSON.stringify(acc.body)}`);
  const cls = await callApi("POST", `/orgs/${ORG}/resources/types/redis/classes`, { token: h.tokens.admin, body: { id: FIXTURE_CLASS, description: "Redis with persistence" } });
  if (cls.status !== 200) throw new Error(`fixture: creating the resource class answered ${cls.status} ${JSON.stringify(cls.body)}`);
}

/** MOTD at the app level and overridden in development (needs `withShop`). */
export async function withValues(h: Harness): Promise<void> {
  // Each MOTD starts as "draft" and is then changed, so the first version holds a value the
  // live one no longer has (what purging needs).
  for (const path of [`/orgs/${ORG}/apps/shop/values`, `/orgs/${ORG}/apps/shop/envs/development/values`]) {
    const r = await callApi("POST", path, { token: h.tokens.admin, body: { key: "MOTD", value: "draft", description: "message of the day" } });
    if (r.status !== 201) throw new Error(`fixture: ${path} answered ${r.status} ${JSON.stringify(r.body)}`);
    const changed = await callApi("PUT", `${path}/MOTD`, { token: h.tokens.admin, body: { value: path.includes("/envs/") ? "dev hello" : "hello", description: "message of the day" } });
    if (changed.status !== 200) throw new Error(`fixture: ${path}/MOTD answered ${changed.status} ${JSON.stringify(changed.body)}`);
  }
}

export const SCORE_WEB = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: nginx:1.27
service:
  ports:
    www:
      port: 80
      targetPort: 80
`;

/** A Score workload `web` in shop (needs `withShop`). */
export async function withWorkload(h: Harness): Promise<void> {
  const admin = await actorFor(h.db, "admin@example.com");
  await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: SCORE_WEB }, { db: h.db, actor: admin, requestId: "fixture" });
}

/** A (pending: no worker runs in tests) deployment of `web` to shop/development; returns its id. */
export async function withDeployment(h: Harness): Promise<string> {
  await withWorkload(h);
  const r = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/deploys`, { token: h.tokens.admin, body: { comment: "fixture" } });
  if (r.status !== 201) throw new Error(`fixture: deploying answered ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** An active resource in shop/development as a finished deployment leaves it (needs `withShop`). */
export async function withActiveResource(h: Harness): Promise<void> {
  await h.db.insert(activeResources)
    .values({
      orgId: ORG,
      appId: "shop",
      envId: "development",
      type: "redis",
      resId: "shared.cache",
      guResId: "fixture-cache-gu",
      envType: "development",
      defId: FIXTURE_DEF,
      driverType: "humanitec/echo",
      valueOutputs: { host: "redis.local", port: 6379 },
      status: "active",
      updatedAt: new Date().toISOString(),
    });
}

/** A dependency graph of the shared cache in shop/development (needs `withShop` and `withResources`); returns its id. */
export async function withDependencyGraph(h: Harness): Promise<string> {
  const admin = await actorFor(h.db, "admin@example.com");
  return (await runOperation(createDependencyGraph, { appId: "shop", envId: "development", requests: [{ id: "shared.cache", type: "redis" }] }, { db: h.db, actor: admin, requestId: "fixture" })).id;
}

/** A pipeline of shop (by the admin) whose one job waits for an approval in development. */
export const FIXTURE_PIPELINE_YAML = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Fixture gate
on:
  pipeline_call: {}
  deployment_request: {}
jobs:
  approve:
    steps:
      - uses: actions/humanitec/approve@v1
        with: { message: "Go?", env_id: development }
`;
export const FIXTURE_PIPELINE = "fixture-gate";

/**
 * The fixture pipeline (needs `withShop`) and, with `run`, a run by the developer advanced
 * until it waits for its approval; returns the ids.
 */
export async function withPipeline(h: Harness, opts: { run?: boolean } = {}): Promise<{ pipelineId: string; runId: string; approvalId: string }> {
  const admin = await actorFor(h.db, "admin@example.com");
  const { createPipeline, startPipelineRun } = await import("@/lib/server/pipelines/operations");
  const { advanceRun } = await import("@/lib/server/pipelines/executor");
  const { claimRunnableRun } = await import("@/lib/server/pipelines/leases");
  const { listApprovals } = await import("@/lib/server/pipelines/data");
  const { id: pipelineId } = await runOperation(createPipeline, { appId: "shop", yaml: FIXTURE_PIPELINE_YAML }, { db: h.db, actor: admin, requestId: "fixture" });
  if (!opts.run) return { pipelineId, runId: "", approvalId: "" };
  const developer = await actorFor(h.db, "developer@baton.local");
  const { id: runId } = await runOperation(startPipelineRun, { appId: "shop", pipelineId, inputs: {} }, { db: h.db, actor: developer, requestId: "fixture" });
  if ((await claimRunnableRun(h.db, { orgId: ORG, holder: "fixture", leaseMs: 60_000 })) !== runId) throw new Error("fixture: could not claim the run");
  await advanceRun({ db: h.db, holder: "fixture", leaseMs: 60_000 }, runId);
  const [approval] = await listApprovals(h.db, ORG, "shop", { runIds: [runId] });
  if (!approval) throw new Error("fixture: the run did not ask for an approval");
  return { pipelineId, runId, approvalId: approval.id };
}

/** A public receiver (TEST-NET-3 literal: no DNS lookup) that the webhook fixtures name. */
export const FIXTURE_WEBHOOK_BODY = { url: "https://203.0.113.10/hook", triggers: [{ scope: "deployment", type: "finished" }] };
export const FIXTURE_WEBHOOK = "fixture-hook";

/** Webhook `fixture-hook` on shop, created by the admin; returns its id. */
export async function withWebhook(h: Harness): Promise<string> {
  const created = await callApi("POST", `/orgs/${ORG}/apps/shop/webhooks`, { token: h.tokens.admin, body: { id: FIXTURE_WEBHOOK, ...FIXTURE_WEBHOOK_BODY, secret: "fixture-webhook-secret-0123" } });
  if (created.status !== 201) throw new Error(`fixture: creating a webhook answered ${created.status} ${JSON.stringify(created.body)}`);
  return FIXTURE_WEBHOOK;
}
