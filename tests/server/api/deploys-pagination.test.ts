import { queryRow, queryRows } from "../../test-db";
import { afterAll, describe, expect, it } from "vitest";
import { encodeKeysetToken, encodePageToken } from "@/lib/server/api/pagination";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, callApi, createHarness, withShop, type Harness } from "./harness";

afterAll(() => setRuntimeForTests(undefined));

const LIST = `/orgs/${ORG}/apps/shop/envs/development/deploys`;

/**
 * `count` deployments of shop/development straight into the database; every third pair shares
 * its creation time, so the order (newest first) also depends on the id tie-break.
 */
async function seedDeployments(h: Harness, count: number): Promise<string[]> {
  await queryRows(h.db, "INSERT INTO deployment_sets (id, org_id, content, created_at) VALUES ('pg-set', ?, '{\"modules\":{},\"shared\":{}}', '2026-01-01T00:00:00.000Z')", ORG);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < count; i++) {
    const at = new Date(t0 + Math.floor(i / 2) * 1000 * (i % 3 === 0 ? 1 : 2)).toISOString();
    await queryRows(
      h.db,
      "INSERT INTO deployments (id, org_id, app_id, env_id, set_id, comment, status, status_changed_at, created_at, created_by) VALUES (?, ?, 'shop', 'development', 'pg-set', '', 'succeeded', ?, ?, 'admin@example.com')",
      `d-${String(i).padStart(3, "0")}`, ORG, at, at,
    );
  }
  return (await queryRows<{ id: string }>(h.db, "SELECT id FROM deployments WHERE env_id = 'development' ORDER BY created_at DESC, id DESC")).map((r) => r.id);
}

async function follow(h: Harness, first: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const res = await callApi("GET", next, { token: h.tokens.admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...(res.body as { id: string }[]).map((d) => d.id));
    pages++;
    const link = res.headers.get("link");
    next = link ? /^<\/api\/v1([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
  }
  return { ids, pages };
}

describe("deployment list pagination (keyset)", () => {
  it("pages through every deployment exactly once, newest first, ties broken by id", async () => {
    const h = await createHarness();
    await withShop(h);
    const expected = await seedDeployments(h, 47);
    const { ids, pages } = await follow(h, `${LIST}?per_page=10`);
    expect(pages).toBe(5);
    expect(ids).toEqual(expected);
  });

  it("a keyset token continues after the deployment it names, whatever its position", async () => {
    const h = await createHarness();
    await withShop(h);
    const expected = await seedDeployments(h, 30);
    const row = (await queryRow(h.db, "SELECT created_at, id FROM deployments WHERE id = ?", expected[19])) as { created_at: string; id: string };
    const res = await callApi("GET", `${LIST}?per_page=5&page=${encodeKeysetToken([row.created_at, row.id])}`, { token: h.tokens.admin });
    expect((res.body as { id: string }[]).map((d) => d.id)).toEqual(expected.slice(20, 25));
    // A deployment created meanwhile does not shift the next page (an offset would repeat a row).
    const token = res.headers.get("x-next-page")!;
    (await queryRows(h.db, "INSERT INTO deployments (id, org_id, app_id, env_id, set_id, comment, status, status_changed_at, created_at, created_by) VALUES ('d-new', ?, 'shop', 'development', 'pg-set', '', 'pending', ?, ?, 'admin@example.com')", ORG, "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"));
    const after = await callApi("GET", `${LIST}?per_page=5&page=${token}`, { token: h.tokens.admin });
    expect((after.body as { id: string }[]).map((d) => d.id)).toEqual(expected.slice(25, 30));
    expect(after.headers.get("link")).toBeNull();
  });

  it("still honours offset tokens handed out before keyset paging", async () => {
    const h = await createHarness();
    await withShop(h);
    const expected = await seedDeployments(h, 12);
    const res = await callApi("GET", `${LIST}?per_page=4&page=${encodePageToken(4)}`, { token: h.tokens.admin });
    expect((res.body as { id: string }[]).map((d) => d.id)).toEqual(expected.slice(4, 8));
    expect(res.headers.get("x-next-page")).toBe(encodePageToken(8));
  });

  it("refuses malformed tokens and tokens of another list with 400 naming the parameter", async () => {
    const h = await createHarness();
    await withShop(h);
    await seedDeployments(h, 3);
    const garbage = [Buffer.from("k:not json").toString("base64url"), Buffer.from('k:[1,2]').toString("base64url"), Buffer.from("k:[]").toString("base64url"), encodeKeysetToken(["only-one"]), "!!"];
    for (const token of garbage) {
      const res = await callApi("GET", `${LIST}?page=${token}`, { token: h.tokens.admin });
      expect(res.status, token).toBe(400);
      expect(res.body).toMatchObject({ error: "API-400", details: { fields: [{ field: "page" }] } });
    }
    const foreign = await callApi("GET", `/orgs/${ORG}/apps?page=${encodeKeysetToken(["2026-01-01T00:00:00.000Z", "d-000"])}`, { token: h.tokens.admin });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ error: "API-400", details: { fields: [{ field: "page" }] } });
  });
});
