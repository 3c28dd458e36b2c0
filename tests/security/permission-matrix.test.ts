import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { closeDatabase } from "@/db/open";
import type { Actor } from "@/lib/server/auth/roles";
import { ALL_ROUTES } from "@/lib/server/api/registry";
import { loadActor } from "@/lib/server/data/users";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { HTTP_METHODS, ORG, callApi, discoverRouteFiles, loadRouteModule, repoRoot, type Method } from "../server/api/harness";
import { ACTIONS, API, DEFAULT_IDS, PUBLIC_API, type Ctx, type Row } from "./access-table";
import { ROLES, buildMatrixState, dbFromImage, type MatrixState, type Role } from "./matrix-fixture";

/**
 * Every API route and every server action × every role, in one table. API routes are called
 * with each role's API token, server actions with each role's session; anonymous callers are
 * refused everywhere (401 / "unauthenticated") except on public routes. Each cell runs on its
 * own copy of the fixture database, so what one allowed call writes never decides another.
 * A route or action without a row fails "covers every route and action".
 */

// Server actions read the session through next-auth; here the session is whichever role the cell plays.
const session = vi.hoisted(() => ({ actor: undefined as Actor | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("@/lib/server/auth/session", () => ({
  currentActor: async () => session.actor,
  requireActor: async () => {
    if (!session.actor) throw new Error("redirect: /sign-in");
    return session.actor;
  },
}));
// Queued deployments stay queued: no worker runs in this test.
vi.mock("@/lib/server/deploy/worker-instance", () => ({ ensureWorker: () => ({ kick() {}, stop: async () => {}, idle: async () => {} }), kickWorker: () => {}, runsWorker: () => true }));

afterAll(async () => {
  setRuntimeForTests(undefined);
  if (cellDb) await closeDatabase(cellDb);
});

const APP_DIR = path.join(repoRoot, "app");

/** Every `export async function` of every `actions.ts` under app/, as `<file>#<name>`. */
function discoverActions(): { key: string; file: string; name: string }[] {
  const out: { key: string; file: string; name: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === "actions.ts") {
        const text = fs.readFileSync(full, "utf8");
        for (const m of text.matchAll(/^export\s+(?:async\s+)?function\s+(\w+)|^export\s+const\s+(\w+)/gm)) {
          const name = m[1] ?? m[2];
          out.push({ key: `${path.relative(APP_DIR, full).split(path.sep).join("/")}#${name}`, file: full, name });
        }
      }
    }
  };
  walk(APP_DIR);
  return out;
}

async function discoverApiRoutes(): Promise<string[]> {
  const keys: string[] = [];
  for (const rf of discoverRouteFiles()) {
    const mod = await loadRouteModule(rf.file);
    for (const m of HTTP_METHODS) if (typeof mod[m] === "function") keys.push(`${m} ${rf.path}`);
  }
  return keys;
}

function concretePath(pattern: string): string {
  return pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in DEFAULT_IDS)) throw new Error(`${pattern}: give the row a path (no default for {${name}})`);
    return DEFAULT_IDS[name];
  });
}

/** A row key is a route (`METHOD /path`) or an action (`file#name`), optionally followed by ` (case)`. */
const withoutCase = (key: string) => key.replace(/ \([^)]*\)$/, "");

type Outcome = "allow" | "deny" | { unexpected: string };

let plain: MatrixState;
let deployed: MatrixState;

/** The copy the cell at hand runs on; closed when the next cell opens its own. */
let cellDb: Db | undefined;

async function cellState(row: Row): Promise<MatrixState> {
  const s = row.deployed ? deployed : plain;
  if (cellDb) await closeDatabase(cellDb);
  cellDb = await dbFromImage(s);
  setRuntimeForTests({ db: cellDb, secrets: s.secrets });
  return s;
}

async function apiCell(key: string, row: Row, role: Role | "anonymous"): Promise<Outcome> {
  const [method, pattern] = key.split(" ") as [Method, string];
  const route = ALL_ROUTES.find((x) => x.method === method && x.path === pattern);
  if (!route) return { unexpected: "not in the route registry" };
  const s = await cellState(row);
  const c: Ctx = { s, role: role === "anonymous" ? "member" : role };
  const res = await callApi(method, row.path ? row.path(c) : concretePath(pattern), { token: role === "anonymous" ? undefined : s.tokens[role], body: row.body?.(c), ...(row.rawBody ? { rawBody: row.rawBody, headers: { "content-type": "application/x-yaml" } } : {}) });
  if (res.status === (row.allowedStatus ?? route.success.status)) return "allow";
  if (res.status === 403 || (role === "anonymous" && res.status === 401)) return "deny";
  return { unexpected: `${res.status} ${JSON.stringify(res.body).slice(0, 300)}` };
}

async function actionCell(key: string, row: Row, role: Role | "anonymous"): Promise<Outcome> {
  const [file, name] = withoutCase(key).split("#");
  const mod = (await import(path.join(APP_DIR, file))) as Record<string, (input: unknown) => Promise<{ ok: boolean; code?: string; error?: string }>>;
  const s = await cellState(row);
  const c: Ctx = { s, role: role === "anonymous" ? "member" : role };
  const input = row.input?.(c);
  const { getRuntime } = await import("@/lib/server/runtime");
  session.actor = role === "anonymous" ? undefined : (await loadActor((await getRuntime()).db, ORG, s.userIds[role]));
  const result = await mod[name](input);
  if (result.ok || (row.allowedCode !== undefined && result.code === row.allowedCode)) return "allow";
  if (result.code === "forbidden" || (role === "anonymous" && result.code === "unauthenticated")) return "deny";
  return { unexpected: `${result.code}: ${result.error}` };
}

describe("permission matrix: every API route and server action × every role", () => {
  beforeAll(async () => {
    plain = await buildMatrixState(false);
    deployed = await buildMatrixState(true);
  }, 120_000);

  it("covers every API route and every server action, and nothing else", async () => {
    const routes = await discoverApiRoutes();
    const coveredRoutes = new Set([...Object.keys(API).map(withoutCase), ...PUBLIC_API]);
    expect(routes.filter((k) => !coveredRoutes.has(k)), "API routes without a row").toEqual([]);
    expect([...coveredRoutes].filter((k) => !routes.includes(k)), "API rows without a route").toEqual([]);
    const actions = discoverActions().map((a) => a.key);
    expect(actions.filter((k) => !(k in ACTIONS)), "server actions without a row").toEqual([]);
    expect(Object.keys(ACTIONS).map(withoutCase).filter((k) => !actions.includes(k)), "action rows without an action").toEqual([]);
  });

  for (const [kind, table, cell] of [
    ["API", API, apiCell],
    ["action", ACTIONS, actionCell],
  ] as const) {
    for (const [key, row] of Object.entries(table)) {
      it(`${kind} ${key}`, async () => {
        const actual: Record<string, Outcome> = {};
        for (const role of [...ROLES, "anonymous" as const]) actual[role] = await cell(key, row, role);
        const expected = Object.fromEntries([...ROLES, "anonymous"].map((role) => [role, row.allow.includes(role as Role) ? "allow" : "deny"]));
        expect(actual).toEqual(expected);
      });
    }
  }
});
