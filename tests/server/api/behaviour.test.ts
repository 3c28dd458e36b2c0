import { openTestDb, queryRow } from "../../test-db";
import { first } from "@/db/raw";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { apiTokens, users } from "@/db/tables";
import { RateLimiter, TooManySignInAttempts, assertSignInAllowed, recordFailedSignIn } from "@/lib/server/api/rate-limit";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, callApi, createHarness, withShop } from "./harness";

afterAll(() => setRuntimeForTests(undefined));

describe("bearer tokens", () => {
  it("acts with the owner's roles and records when the token was last used", async () => {
    const h = await createHarness();
    const me = await callApi("GET", "/current-user", { token: h.tokens.developer });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: "developer@baton.local", roles: { [`/orgs/${ORG}`]: "member", [`/orgs/${ORG}/env-types/staging`]: "deployer" } });
    const row = (await first(h.db.select().from(apiTokens).where(eq(apiTokens.userId, h.userIds.developer))))!;
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("refuses unknown, malformed, revoked and expired tokens and disabled owners with 401", async () => {
    const h = await createHarness();
    expect((await callApi("GET", "/current-user", { token: "baton_not-a-real-token" })).status).toBe(401);
    expect((await callApi("GET", "/current-user", { headers: { authorization: "Basic abc" } })).status).toBe(401);
    const missing = await callApi("GET", "/current-user");
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect((missing.body as { message: string }).message).toMatch(/Missing API token/);

    const tokenRow = (await first(h.db.select().from(apiTokens).where(eq(apiTokens.userId, h.userIds.viewer))))!;
    await h.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(apiTokens.id, tokenRow.id));
    const expired = await callApi("GET", "/current-user", { token: h.tokens.viewer });
    expect(expired.status).toBe(401);
    expect((expired.body as { message: string }).message).toMatch(/expired/);

    const revoke = await callApi("DELETE", `/users/me/tokens/${(await first(h.db.select().from(apiTokens).where(eq(apiTokens.userId, h.userIds.manager))))!.id}`, { token: h.tokens.manager });
    expect(revoke.status).toBe(204);
    const revoked = await callApi("GET", "/current-user", { token: h.tokens.manager });
    expect(revoked.status).toBe(401);
    expect((revoked.body as { message: string }).message).toMatch(/revoked/);

    await h.db.update(users).set({ disabled: true }).where(eq(users.id, h.userIds.outsider));
    expect((await callApi("GET", "/current-user", { token: h.tokens.outsider })).status).toBe(401);
  });

  it("creates a token shown once, which then works; its listing never contains the value", async () => {
    const h = await createHarness();
    const created = await callApi("POST", "/users/me/tokens", { token: h.tokens.viewer, body: { description: "pipeline", expires_at: new Date(Date.now() + 3 * 86_400_000).toISOString() } });
    expect(created.status).toBe(201);
    const { token, id } = created.body as { token: string; id: string };
    expect(token).toMatch(/^baton_/);
    expect((await callApi("GET", "/current-user", { token })).status).toBe(200);
    const list = await callApi("GET", "/users/me/tokens", { token });
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, description: "pipeline", type: "static" })]));
  });

  it("answers 404 for another organisation's path", async () => {
    const h = await createHarness();
    const res = await callApi("GET", "/orgs/other-org/apps", { token: h.tokens.admin });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "API-404", message: 'Organization "other-org" was not found' });
  });
});

describe("errors", () => {
  it("uses Humanitec's statuses and the {error, message, details} body", async () => {
    const h = await createHarness();
    await withShop(h);
    const badJson = await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: "API-400", message: expect.stringContaining("not valid JSON") });

    const schema = await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, body: { name: 42 } });
    expect(schema.status).toBe(422);
    expect(schema.body).toMatchObject({ error: "API-422", details: { fields: expect.arrayContaining([expect.objectContaining({ field: "id" }), expect.objectContaining({ field: "name" })]) } });

    const badId = await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, body: { id: "Not_Valid" } });
    expect(badId.status).toBe(400);
    expect((badId.body as { message: string }).message).toMatch(/^id: Application id is not valid/);

    const clash = await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, body: { id: "shop" } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: "API-409", message: 'An application with id "shop" already exists' });

    const missing = await callApi("GET", `/orgs/${ORG}/apps/nope`, { token: h.tokens.admin });
    expect(missing).toMatchObject({ status: 404, body: { error: "API-404", message: 'Application "nope" was not found' } });

    const badQuery = await callApi("GET", `/orgs/${ORG}/apps?per_page=1000`, { token: h.tokens.admin });
    expect(badQuery.status).toBe(400);
    expect((badQuery.body as { message: string }).message).toMatch(/^query\.per_page/);
  });

  it("never writes anything for a refused request (audit log unchanged)", async () => {
    const h = await createHarness();
    const before = (await queryRow(h.db, "SELECT count(*) AS n FROM audit_log")) as { n: number };
    expect((await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.developer, body: { id: "nope" } })).status).toBe(403);
    expect((await queryRow(h.db, "SELECT count(*) AS n FROM audit_log"))).toEqual(before);
  });

  it("audits API mutations with the token owner as actor", async () => {
    const h = await createHarness();
    await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.manager, body: { id: "blog" } });
    const row = (await queryRow(h.db, "SELECT actor_email, action, target FROM audit_log ORDER BY id DESC LIMIT 1"));
    expect(row).toEqual({ actor_email: "manager@baton.local", action: "app.create", target: "app/blog" });
  });
});

describe("pagination", () => {
  it("pages with per_page and a page token from the Link header until the last page", async () => {
    const h = await createHarness();
    for (const id of ["app-a", "app-b", "app-c", "app-d", "app-e"]) {
      expect((await callApi("POST", `/orgs/${ORG}/apps`, { token: h.tokens.admin, body: { id, skip_environment_creation: true } })).status).toBe(201);
    }
    const seen: string[] = [];
    let next: string | undefined = `/orgs/${ORG}/apps?per_page=2`;
    let pages = 0;
    while (next) {
      const res = await callApi("GET", next, { token: h.tokens.admin });
      expect(res.status).toBe(200);
      seen.push(...(res.body as { id: string }[]).map((a) => a.id));
      const link = res.headers.get("link");
      pages++;
      if (link) {
        expect(res.headers.get("x-next-page")).toBeTruthy();
        next = /^<\/api\/v1([^>]+)>; rel="next"$/.exec(link)![1];
      } else next = undefined;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(["app-a", "app-b", "app-c", "app-d", "app-e"]);
    const bad = await callApi("GET", `/orgs/${ORG}/apps?page=garbage`, { token: h.tokens.admin });
    expect(bad.status).toBe(400);
  });
});

describe("rate limiting", () => {
  it("token bucket: a burst, then one request per refill interval", async () => {
    const db = await openTestDb();
    let now = 1_000_000;
    const limiter = new RateLimiter({ scope: "test", burst: 3, perSecond: 1, now: () => now });
    for (let i = 0; i < 3; i++) expect((await limiter.take(db, "k")).allowed).toBe(true);
    expect(await limiter.take(db, "k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.peek(db, "k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.take(db, "other")).allowed).toBe(true);
    now += 1000;
    expect(await limiter.take(db, "k")).toEqual({ allowed: true, remaining: 0 });
    expect((await limiter.take(db, "k")).allowed).toBe(false);
    // A replica whose clock is behind refills nothing and takes nothing it should not.
    now -= 5000;
    expect((await limiter.take(db, "k")).allowed).toBe(false);
    now += 5000 + 60_000;
    expect(await limiter.take(db, "k")).toEqual({ allowed: true, remaining: 2 });
  });

  it("replicas share one bucket: concurrent takes never spend more than the burst", async () => {
    const db = await openTestDb();
    const now = () => 5_000_000; // a frozen clock: nothing refills during the test
    const replicas = [new RateLimiter({ scope: "shared", burst: 20, perSecond: 1, now }), new RateLimiter({ scope: "shared", burst: 20, perSecond: 1, now })];
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => replicas[i % 2].take(db, "token")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
  });

  it("answers 429 with Retry-After once a token's burst is spent", async () => {
    const h = await createHarness();
    let refused: Awaited<ReturnType<typeof callApi>> | undefined;
    // In concurrent batches: the bucket is taken from before any database work, so how fast
    // the database answers (a loaded machine, PostgreSQL) cannot let the refill keep up.
    for (let batch = 0; batch < 8 && !refused; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, async () => await callApi("GET", "/current-user", { token: h.tokens.viewer })));
      refused = answers.find((res) => res.status === 429);
      expect(answers.filter((res) => res.status !== 429).map((res) => res.status)).toEqual(answers.filter((res) => res.status !== 429).map(() => 200));
    }
    expect(refused, "never rate limited").toBeDefined();
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused!.body).toMatchObject({ error: "API-429" });
    // Another token is unaffected.
    expect((await callApi("GET", "/current-user", { token: h.tokens.admin })).status).toBe(200);
  });
});

describe("sign-in limiting", () => {
  it("blocks an email after 10 failed attempts, and only that email", async () => {
    const db = await openTestDb();
    const email = `victim-${Date.now()}@example.com`;
    for (let i = 0; i < 10; i++) {
      await expect(assertSignInAllowed(db, email)).resolves.toBeUndefined();
      await recordFailedSignIn(db, email);
    }
    await expect(assertSignInAllowed(db, email)).rejects.toThrow(TooManySignInAttempts);
    await expect(assertSignInAllowed(db, `other-${email}`)).resolves.toBeUndefined();
  });
});

describe("values", () => {
  it("merges app values with env overrides (tagged by source) and never returns a secret", async () => {
    const { withValues } = await import("./harness");
    const h = await createHarness();
    await withShop(h);
    await withValues(h);
    const secret = await callApi("POST", `/orgs/${ORG}/apps/shop/values`, { token: h.tokens.developer, body: { key: "DB_PASSWORD", value: "hunter2", is_secret: true } });
    expect(secret.status).toBe(201);
    expect(secret.body).toMatchObject({ key: "DB_PASSWORD", value: "", is_secret: true, source: "app" });
    const env = await callApi("GET", `/orgs/${ORG}/apps/shop/envs/development/values`, { token: h.tokens.viewer });
    expect(env.body).toEqual([
      expect.objectContaining({ key: "DB_PASSWORD", value: "", is_secret: true, source: "app" }),
      expect.objectContaining({ key: "MOTD", value: "dev hello", source: "env" }),
    ]);
    const versions = await callApi("GET", `/orgs/${ORG}/apps/shop/value-set-versions`, { token: h.tokens.viewer });
    expect(JSON.stringify(versions.body)).not.toContain("hunter2");
    // Restore the first app version: the secret disappears again.
    const first = (versions.body as { id: string }[]).at(-1)!.id;
    expect((await callApi("POST", `/orgs/${ORG}/apps/shop/value-set-versions/${first}/restore`, { token: h.tokens.developer })).status).toBe(200);
    const app = await callApi("GET", `/orgs/${ORG}/apps/shop/values`, { token: h.tokens.viewer });
    expect((app.body as { key: string }[]).map((v) => v.key)).toEqual(["MOTD"]);
    expect((await callApi("POST", `/orgs/${ORG}/apps/shop/values`, { token: h.tokens.developer, body: { key: "MOTD", value: "x" } })).status).toBe(409);
  });
});
