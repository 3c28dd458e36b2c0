import { jsonColumn, queryRow, queryRows } from "../../test-db";
import { afterAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { runOperation } from "@/lib/server/operations/operation";
import { revokeApiToken } from "@/lib/server/operations/revoke-api-token";
import { SafeError } from "@/lib/server/errors";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { actorFor } from "../helpers";
import { ORG, callApi, createHarness, withShop, type Harness } from "./harness";

afterAll(() => setRuntimeForTests(undefined));

/** A service user `ci` (org member, developer on shop), created by the administrator over the API. */
async function withServiceUser(h: Harness): Promise<string> {
  const created = await callApi("POST", `/orgs/${ORG}/users`, { token: h.tokens.admin, body: { name: "ci", role: "member" } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = (created.body as { id: string }).id;
  const bound = await callApi("POST", `/orgs/${ORG}/apps/shop/users`, { token: h.tokens.admin, body: { id, role: "developer" } });
  expect(bound.status, JSON.stringify(bound.body)).toBe(201);
  return id;
}

async function refusal(fn: () => unknown): Promise<SafeError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof SafeError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

const auditRows = async (h: Harness) => (await queryRows(h.db, "SELECT actor_email, action, target, details FROM audit_log WHERE action LIKE 'token.%' ORDER BY id")) as { actor_email: string; action: string; target: string; details: unknown }[];

describe("administrators manage the API tokens of service users (API)", () => {
  it("creates a token for a service user that acts with the service user's roles, lists it, revokes it", async () => {
    const h = await createHarness();
    await withShop(h);
    const ci = await withServiceUser(h);

    const created = await callApi("POST", `/users/${ci}/tokens`, { token: h.tokens.admin, body: { description: "GitHub Actions" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, token } = created.body as { id: string; token: string };

    const me = await callApi("GET", "/current-user", { token });
    expect(me.body).toMatchObject({ id: ci, type: "service", roles: { [`/orgs/${ORG}`]: "member", [`/orgs/${ORG}/apps/shop`]: "developer" } });
    // The service user's roles, not the administrator's who created the token.
    expect((await callApi("POST", `/orgs/${ORG}/apps`, { token, body: { id: "blog" } })).status).toBe(403);

    const listed = await callApi("GET", `/users/${ci}/tokens`, { token: h.tokens.admin });
    expect(listed.status).toBe(200);
    expect((listed.body as { id: string; description: string }[]).map((t) => [t.id, t.description])).toEqual([[id, "GitHub Actions"]]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    // …and none of it shows among the administrator's own tokens.
    const own = await callApi("GET", "/users/me/tokens", { token: h.tokens.admin });
    expect((own.body as { id: string }[]).map((t) => t.id)).not.toContain(id);
    expect((await callApi("GET", `/users/${ci}/tokens/${id}`, { token: h.tokens.admin })).body).toMatchObject({ id, revoked_at: null });

    expect((await callApi("DELETE", `/users/${ci}/tokens/${id}`, { token: h.tokens.admin })).status).toBe(204);
    expect((await callApi("GET", "/current-user", { token })).status).toBe(401);
    expect((await callApi("DELETE", `/users/${ci}/tokens/${id}`, { token: h.tokens.admin })).status).toBe(404);

    const audit = (await auditRows(h)).filter((a) => a.target === `token/${id}`);
    expect(audit.map((a) => [a.actor_email, a.action, a.target])).toEqual([
      ["admin@example.com", "token.create", `token/${id}`],
      ["admin@example.com", "token.revoke", `token/${id}`],
    ]);
    expect(jsonColumn(audit[0].details)).toMatchObject({ owner: ci, description: "GitHub Actions" });
  });

  it("refuses anyone but an administrator, and everyone (administrators too) for another person's tokens", async () => {
    const h = await createHarness();
    await withShop(h);
    const ci = await withServiceUser(h);
    const adminMade = (await callApi("POST", `/users/${ci}/tokens`, { token: h.tokens.admin, body: { description: "ci" } })).body as { id: string };

    for (const role of ["manager", "developer", "viewer"] as const) {
      const token = h.tokens[role];
      expect((await callApi("POST", `/users/${ci}/tokens`, { token, body: { description: "x" } })).status, role).toBe(403);
      expect((await callApi("GET", `/users/${ci}/tokens`, { token })).status, role).toBe(403);
      expect((await callApi("GET", `/users/${ci}/tokens/${adminMade.id}`, { token })).status, role).toBe(403);
      expect((await callApi("DELETE", `/users/${ci}/tokens/${adminMade.id}`, { token })).status, role).toBe(403);
    }

    const person = h.userIds.developer;
    const forPerson = await callApi("POST", `/users/${person}/tokens`, { token: h.tokens.admin, body: { description: "impersonate" } });
    expect(forPerson.status).toBe(403);
    expect((forPerson.body as { message: string }).message).toMatch(/tokens of a person are created and revoked by that person only/);
    expect((await callApi("GET", `/users/${person}/tokens`, { token: h.tokens.admin })).status).toBe(403);
    expect((await queryRow(h.db, "SELECT count(*) AS n FROM api_tokens WHERE user_id = ?", person))).toEqual({ n: 1 });

    const unknown = await callApi("POST", "/users/no-such-user/tokens", { token: h.tokens.admin, body: { description: "x" } });
    expect(unknown.status).toBe(404);
    // A non-administrator learns nothing about which ids exist.
    expect((await callApi("POST", "/users/no-such-user/tokens", { token: h.tokens.manager, body: { description: "x" } })).status).toBe(403);

    // A service user's token id revoked through another owner's path is not found.
    const ci2 = (await callApi("POST", `/orgs/${ORG}/users`, { token: h.tokens.admin, body: { name: "deployer bot", role: "member" } })).body as { id: string };
    expect((await callApi("DELETE", `/users/${ci2.id}/tokens/${adminMade.id}`, { token: h.tokens.admin })).status).toBe(404);
    expect((await callApi("GET", `/users/${ci}/tokens/${adminMade.id}`, { token: h.tokens.admin })).body).toMatchObject({ revoked_at: null });
  });

  it("everyone still manages their own tokens by `me` or by their own id", async () => {
    const h = await createHarness();
    const byId = await callApi("POST", `/users/${h.userIds.viewer}/tokens`, { token: h.tokens.viewer, body: { description: "own" } });
    expect(byId.status).toBe(201);
    const list = await callApi("GET", "/users/me/tokens", { token: h.tokens.viewer });
    expect((list.body as { description: string }[]).map((t) => t.description)).toContain("own");
  });
});

describe("token operations: owner and permission", () => {
  it("an administrator creates and revokes for a service user; the audit names the owner", async () => {
    const h = await createHarness();
    await withShop(h);
    const ci = await withServiceUser(h);
    const admin = await actorFor(h.db, "admin@example.com");
    const r = await runOperation(createApiToken, { description: "deploy", expiresInDays: 30, userId: ci }, { db: h.db, actor: admin });
    expect(r.ownerId).toBe(ci);
    expect((await queryRow(h.db, "SELECT user_id AS owner, expires_at AS expires FROM api_tokens WHERE id = ?", r.id))).toEqual({ owner: ci, expires: expect.stringMatching(/^\d{4}-/) });
    await runOperation(revokeApiToken, { id: r.id, userId: ci }, { db: h.db, actor: admin });
    expect(jsonColumn((await auditRows(h)).at(-1)!.details)).toEqual({ owner: ci });
  });

  it("refuses a non-administrator (forbidden, nothing written), a person as owner and an unknown owner", async () => {
    const h = await createHarness();
    await withShop(h);
    const ci = await withServiceUser(h);
    const before = ((await queryRow(h.db, "SELECT count(*) AS n FROM api_tokens")) as { n: number }).n;
    const manager = await actorFor(h.db, "manager@baton.local");
    expect((await refusal(async () => await runOperation(createApiToken, { description: "x", userId: ci }, { db: h.db, actor: manager }))).code).toBe("forbidden");
    const admin = await actorFor(h.db, "admin@example.com");
    expect((await refusal(async () => await runOperation(createApiToken, { description: "x", userId: h.userIds.developer }, { db: h.db, actor: admin }))).code).toBe("forbidden");
    expect((await refusal(async () => await runOperation(createApiToken, { description: "x", userId: "nobody" }, { db: h.db, actor: admin }))).code).toBe("not-found");
    expect(((await queryRow(h.db, "SELECT count(*) AS n FROM api_tokens")) as { n: number }).n).toBe(before);
    // A manager's own id is "own": allowed as before.
    expect((await runOperation(createApiToken, { description: "mine", userId: manager.userId }, { db: h.db, actor: manager })).ownerId).toBe(manager.userId);
  });
});
