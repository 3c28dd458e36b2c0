import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import type { Actor } from "@/lib/server/auth/roles";
import { loadActor } from "@/lib/server/data/users";
import { setRuntimeForTests } from "@/lib/server/runtime";
import type { Db, DbOrTx } from "@/db/client";
import { ORG, callApi, type Method } from "../server/api/harness";
import { API, DEFAULT_IDS, type Ctx } from "./access-table";
import { corruptText, mutationsArb, mutate, namesTheField, nastyValue, rowCounter } from "./fuzz-helpers";
import { buildMatrixState, dbFromImage, type MatrixState, type Role } from "./matrix-fixture";
import { onPostgres } from "../test-db";

/**
 * Bad input, 10,000 generated cases per kind: Score files (through the score-deploy API),
 * humctl definition YAML (through the import action), API bodies (every route with a body)
 * and query strings (every GET route). Never a 500, an "internal" action result or an
 * unhandled rejection; every rejection says which field; a rejection writes nothing.
 */
// The generated inputs are the same on both databases; the PostgreSQL pass looks for what that
// database refuses (NUL characters, out-of-range numbers, casts) with a tenth of them.
const RUNS = Number(process.env.BATON_FUZZ_RUNS ?? (onPostgres ? 1_000 : 10_000));
/** 10,000 in-process requests take a few minutes on a loaded CI machine. */
const LONG = 600_000;

// The API's per-token limit would answer 429 long before 10,000 requests.
// Refusals are logged one line each, and the yaml package warns (process.emitWarning) about
// odd documents: 40,000 cases of that would only slow the run down.
vi.hoisted(() => {
  process.env.BATON_API_RATE_LIMIT = "1000000";
  process.env.LOG_LEVEL = "error";
  process.emitWarning = () => {};
});
const session = vi.hoisted(() => ({ actor: undefined as Actor | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("@/lib/server/auth/session", () => ({ currentActor: async () => session.actor, requireActor: async () => session.actor }));
vi.mock("@/lib/server/deploy/worker-instance", () => ({ ensureWorker: () => ({ kick() {}, stop: async () => {}, idle: async () => {} }), kickWorker: () => {}, runsWorker: () => true }));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let state: MatrixState;
let db: Db;
let counter: (on: DbOrTx) => Promise<Record<string, number>>;
let baseline: Record<string, number>;
/** The handle the case at hand runs on: the transaction of `isolated`, else the copy. */
let active: DbOrTx;
const counts = async () => await counter(active);

interface FixtureCopy {
  state: MatrixState;
  db: Db;
  counter: (on: DbOrTx) => Promise<Record<string, number>>;
  baseline: Record<string, number>;
}
/** Private copies of the fixture (without and with a pending deployment), served to the route handlers and actions. */
const copies: Partial<Record<"plain" | "deployed", FixtureCopy>> = {};

async function copyOf(s: MatrixState): Promise<FixtureCopy> {
  const d = await dbFromImage(s);
  const c = await rowCounter(d);
  return { state: s, db: d, counter: c, baseline: await c(d) };
}

async function use(kind: "plain" | "deployed") {
  const copy = copies[kind]!;
  ({ state, db, counter, baseline } = copy);
  active = db;
  setRuntimeForTests({ db, secrets: state.secrets });
  session.actor = await loadActor(db, ORG, state.userIds.admin);
}

interface Failure {
  input: unknown;
  problem: string;
}

function record(failures: Failure[], input: unknown, problem: string) {
  const short = (v: unknown) => (JSON.stringify(v) ?? "undefined").slice(0, 400);
  if (failures.length < 10) failures.push({ input: short(input), problem: problem.slice(0, 400) });
}

const ROLLBACK = Symbol("roll the case back");

/**
 * Runs one case inside a transaction that is rolled back afterwards (a thrown sentinel), so
 * every case starts from the fixture. The route handlers and actions get the transaction as
 * their database, so the operations' own transactions nest in it as savepoints.
 */
async function isolated(fn: () => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      active = tx;
      setRuntimeForTests({ db: tx as unknown as Db, secrets: state.secrets });
      await fn();
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  } finally {
    active = db;
    setRuntimeForTests({ db, secrets: state.secrets });
  }
}

/** Checks one API answer against the rules above. */
async function checkApi(failures: Failure[], input: unknown, res: { status: number; body: unknown }, accepted: number[], writes: boolean): Promise<void> {
  const body = res.body as { error?: string; message?: string; details?: { fields?: { field: string }[] } } | null;
  // 501 is a deliberate refusal (an operation Baton does not offer), not a failure
  if (res.status >= 500 && res.status !== 501) return record(failures, input, `${res.status} ${JSON.stringify(body)}`);
  if (accepted.includes(res.status)) {
    if (!writes && JSON.stringify(await counts()) !== JSON.stringify(baseline)) record(failures, input, "a read changed row counts");
    return;
  }
  if (![400, 404, 409, 422, 501].includes(res.status)) return record(failures, input, `unexpected status ${res.status} ${JSON.stringify(body)}`);
  if (!body?.message || !/^API-/.test(body.error ?? "")) return record(failures, input, `no error body: ${JSON.stringify(body)}`);
  if ((res.status === 400 || res.status === 422) && !namesTheField(body.message, body.details?.fields)) record(failures, input, `rejection names no field: ${JSON.stringify(body)}`);
  if (JSON.stringify(await counts()) !== JSON.stringify(baseline)) record(failures, input, `rejected (${res.status}) but wrote rows: ${JSON.stringify(body).slice(0, 200)}`);
}

const SCORE_BASE = {
  apiVersion: "score.dev/v1b1",
  metadata: { name: "web", annotations: { team: "shop" } },
  containers: {
    main: {
      image: ".",
      command: ["/bin/sh"],
      args: ["-c", "run"],
      variables: { MOTD: "${resources.env.MOTD}", DB_HOST: "${resources.db.host}" },
      files: [{ target: "/etc/app.conf", content: "host=${resources.db.host}" }],
      resources: { limits: { cpu: "500m", memory: "128Mi" } },
      livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
    },
  },
  service: { ports: { www: { port: 80, targetPort: 8080, protocol: "TCP" } } },
  resources: { env: { type: "environment" }, db: { type: "postgres", id: "db", class: "default", params: { size: 1 } } },
};
const SCORE_PATHS = [
  ["apiVersion"], ["metadata"], ["metadata", "name"], ["metadata", "annotations"], ["containers"], ["containers", "main"], ["containers", "main", "image"],
  ["containers", "main", "command"], ["containers", "main", "args"], ["containers", "main", "variables"], ["containers", "main", "variables", "MOTD"],
  ["containers", "main", "files"], ["containers", "main", "volumes"], ["containers", "main", "resources", "limits", "cpu"], ["containers", "main", "livenessProbe", "httpGet", "port"],
  ["containers", "side"], ["service"], ["service", "ports"], ["service", "ports", "www", "port"], ["service", "ports", "www", "protocol"], ["resources"],
  ["resources", "db"], ["resources", "db", "type"], ["resources", "db", "class"], ["resources", "db", "id"], ["resources", "db", "params"], ["resources", "db", "metadata"],
];

const HUMCTL_BASE = {
  apiVersion: "entity.humanitec.io/v1b1",
  kind: "Definition",
  metadata: { id: "fuzz-redis" },
  entity: {
    name: "Fuzz redis",
    type: "redis",
    driver_type: "humanitec/echo",
    driver_inputs: { values: { host: "redis.internal", port: 6379 }, secrets: { password: "p" } },
    provision: { "dns#dns": { is_dependent: false } },
    criteria: [{ env_type: "staging", class: "default" }],
  },
};
const HUMCTL_PATHS = [
  ["apiVersion"], ["kind"], ["metadata"], ["metadata", "id"], ["entity"], ["entity", "name"], ["entity", "type"], ["entity", "driver_type"], ["entity", "driver_account"],
  ["entity", "driver_inputs"], ["entity", "driver_inputs", "values"], ["entity", "driver_inputs", "secrets"], ["entity", "driver_inputs", "secret_refs"], ["entity", "provision"],
  ["entity", "criteria"], ["entity", "criteria", "0"], ["entity", "criteria", "0", "env_type"], ["entity", "criteria", "0", "res_id"], ["entity", "criteria", "0", "class"],
];

/** Documents: mutated valid ones (as YAML) or corrupted text. */
function documents(base: unknown, paths: string[][]): fc.Arbitrary<string> {
  const text = stringify(base);
  return fc.oneof({ weight: 3, arbitrary: mutationsArb(paths).map((m) => stringify(mutate(base, m))) }, { weight: 1, arbitrary: corruptText(text) });
}

/** Who calls a route: the administrator, or the one role it allows (a user's own tokens). */
function roleFor(key: string): Role {
  const allow = API[key].allow;
  return allow.includes("admin") ? "admin" : allow[0];
}

function pathOf(key: string, c: Ctx): string {
  const row = API[key];
  const pattern = key.split(" ")[1];
  return row.path ? row.path(c) : pattern.replace(/\{(\w+)\}/g, (_, n: string) => DEFAULT_IDS[n]);
}

describe("bad input never breaks the server", () => {
  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    copies.plain = await copyOf(await buildMatrixState(false));
    copies.deployed = await copyOf(await buildMatrixState(true));
    await use("plain");
  }, 120_000);
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
    setRuntimeForTests(undefined);
  });

  it(`Score files (${RUNS} cases through POST …/score-deploys)`, async () => {
    await use("plain");
    const failures: Failure[] = [];
    const path = `/orgs/${ORG}/apps/shop/envs/development/score-deploys`;
    await fc.assert(
      fc.asyncProperty(documents(SCORE_BASE, SCORE_PATHS), fc.option(nastyValue.filter((v) => typeof v === "string"), { nil: undefined }), async (scoreYaml, image) => {
        const body = { workloads: [{ score_yaml: scoreYaml, file: "score.yaml" }], ...(image !== undefined ? { image } : {}) };
        await isolated(async () => await checkApi(failures, scoreYaml, await callApi("POST", path, { token: state.tokens.admin, body }), [201], true));
      }),
      { numRuns: RUNS, seed: 10_001 },
    );
    expect(failures).toEqual([]);
    expect(unhandled).toEqual([]);
  }, LONG);

  it(`humctl definition YAML (${RUNS} cases through the import action)`, async () => {
    await use("plain");
    const { importDefinitionsAction } = await import("@/app/(platform)/resources/actions");
    const failures: Failure[] = [];
    await fc.assert(
      fc.asyncProperty(documents(HUMCTL_BASE, HUMCTL_PATHS), async (yaml) => {
        await isolated(async () => {
          const result = await importDefinitionsAction({ yaml, file: "defs.yaml" });
          if (result.ok) return;
          if (result.code === "internal") return record(failures, yaml, `internal error: ${result.error}`);
          if (!namesTheField(result.error, result.fields)) record(failures, yaml, `rejection names no field: ${result.error}`);
          if (JSON.stringify(await counts()) !== JSON.stringify(baseline)) record(failures, yaml, `rejected but wrote rows: ${result.error}`);
        });
      }),
      { numRuns: RUNS, seed: 10_002 },
    );
    expect(failures).toEqual([]);
    expect(unhandled).toEqual([]);
  }, LONG);

  it(`API bodies (${RUNS} cases over every route that takes one)`, async () => {
    const withBody = Object.entries(API).filter(([, row]) => row.body);
    expect(withBody.length).toBeGreaterThan(20);
    const failures: Failure[] = [];
    const c = (): Ctx => ({ s: { ...state, harness: { ...state.harness, db } }, role: "admin" });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withBody.map(([k]) => k)),
        fc.oneof({ weight: 4, arbitrary: fc.array(fc.tuple(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 2 }), fc.oneof(nastyValue, fc.constant(undefined))), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }),
        fc.option(fc.constantFrom("", "{", "[1,", "null", "\"text\"", "{\"a\":1}{", "\u0000"), { nil: undefined, freq: 8 }),
        async (key, mutations, raw) => {
          const [method] = key.split(" ") as [Method, string];
          const row = API[key];
          await use(row.deployed ? "deployed" : "plain");
          const valid = row.body!(c());
          // Mutations land on the valid body's own keys most of the time, so validation is reached field by field.
          const known = valid && typeof valid === "object" ? Object.keys(valid).map((k) => [k]) : [];
          const targeted = (mutations ?? []).map(([p, v], i): [string[], unknown] => [p.length === 0 && known.length ? known[i % known.length] : p, v]);
          const body = mutations === null ? fc.sample(nastyValue, 1)[0] : mutate(valid, targeted);
          const token = state.tokens[roleFor(key)];
          await isolated(async () => {
            const res = await callApi(method, pathOf(key, c()), raw !== undefined ? { token, rawBody: raw, headers: { "content-type": "application/json" } } : { token, body });
            await checkApi(failures, { key, body: raw ?? body }, res, [200, 201, 202, 204], true);
          });
        },
      ),
      { numRuns: RUNS, seed: 10_003 },
    );
    expect(failures).toEqual([]);
    expect(unhandled).toEqual([]);
  }, LONG);

  it(`query strings (${RUNS} cases over every GET route)`, async () => {
    const gets = Object.keys(API).filter((k) => k.startsWith("GET "));
    const failures: Failure[] = [];
    const c = (): Ctx => ({ s: { ...state, harness: { ...state.harness, db } }, role: "admin" });
    const keyArb = fc.oneof(fc.constantFrom("per_page", "page", "type", "env_type", "app_id", "env_id", "res_id", "class", "status", "search", "deleted", "from", "to"), fc.string({ maxLength: 10 }));
    const valueArb = fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom("-1", "0", "1", "101", "1e9", "NaN", "", "%zz", "%00", "[]", "true", "a".repeat(3000)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), fc.array(fc.tuple(keyArb, valueArb), { maxLength: 4 }), fc.boolean(), async (key, pairs, rawEncoding) => {
        await use(API[key].deployed ? "deployed" : "plain");
        const qs = rawEncoding ? pairs.map(([k, v]) => `${k}=${v}`).join("&") : new URLSearchParams(pairs).toString();
        let target: string;
        try {
          target = `${pathOf(key, c())}?${qs}`;
          new URL(`http://x${target}`);
        } catch {
          return; // not a URL a client could send
        }
        await isolated(async () => await checkApi(failures, { key, qs }, await callApi("GET", target, { token: state.tokens[roleFor(key)] }), [200], false));
      }),
      { numRuns: RUNS, seed: 10_004 },
    );
    expect(failures).toEqual([]);
    expect(unhandled).toEqual([]);
  }, LONG);
});
