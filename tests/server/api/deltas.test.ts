import { afterAll, describe, expect, it } from "vitest";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, callApi, createHarness, withShop, type Harness } from "./harness";

afterAll(() => setRuntimeForTests(undefined));

const deltasPath = `/orgs/${ORG}/apps/shop/deltas`;
const web = (image: string) => ({ profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image } } } });

async function createDelta(h: Harness, body: unknown): Promise<string> {
  const r = await callApi("POST", deltasPath, { token: h.tokens.developer, body });
  expect(r.status).toBe(200);
  return (r.body as { id: string }).id;
}

describe("draft deltas (PATCH / PUT / metadata)", () => {
  it("PATCH combines deltas in order, folds updates into adds and records the editor as a contributor", async () => {
    const h = await createHarness();
    await withShop(h);
    const id = await createDelta(h, { metadata: { env_id: "development", name: "release" }, modules: { add: { web: web("web:1") } } });
    const patched = await callApi("PATCH", `${deltasPath}/${id}`, {
      token: h.tokens.admin,
      body: [
        { modules: { update: { web: [{ op: "add", path: "/spec/containers/main/variables", value: { MODE: "fast" } }] } } },
        { modules: { update: { web: [{ op: "replace", path: "/spec/containers/main/image", value: "web:2" }] }, remove: ["old"] }, shared: [{ op: "add", path: "/dns", value: { type: "dns" } }] },
        { shared: [{ op: "remove", path: "/dns", value: { scope: "delta" } }] },
      ],
    });
    expect(patched.status).toBe(200);
    const body = patched.body as { modules: Record<string, unknown>; shared: unknown[]; metadata: Record<string, unknown> };
    expect(body.modules).toEqual({ add: { web: { ...web("web:2"), spec: { containers: { main: { id: "main", image: "web:2", variables: { MODE: "fast" } } } } } }, remove: ["old"], update: {} });
    expect(body.shared).toEqual([]);
    expect(body.metadata).toMatchObject({ name: "release", env_id: "development", created_by: "developer@baton.local", contributers: ["admin@example.com"] });
    expect(typeof body.metadata.last_modified_at).toBe("string");
    // what GET returns is what was stored
    expect((await callApi("GET", `${deltasPath}/${id}`, { token: h.tokens.viewer })).body).toEqual(body);
  });

  it("PUT replaces the content but keeps the id and creator", async () => {
    const h = await createHarness();
    await withShop(h);
    const id = await createDelta(h, { metadata: { env_id: "development" }, modules: { add: { web: web("web:1") } } });
    const put = await callApi("PUT", `${deltasPath}/${id}`, { token: h.tokens.developer, body: { modules: { remove: ["web"] } } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, modules: { remove: ["web"] }, shared: [], metadata: { env_id: "development", created_by: "developer@baton.local" } });
    expect((put.body as { metadata: Record<string, unknown> }).metadata.contributers).toBeUndefined();
  });

  it("archives, retargets and renames through metadata; archived deltas leave the default list", async () => {
    const h = await createHarness();
    await withShop(h);
    const id = await createDelta(h, { metadata: { env_id: "development" } });
    expect((await callApi("PUT", `${deltasPath}/${id}/metadata/name`, { token: h.tokens.developer, body: "hotfix" })).body).toMatchObject({ metadata: { name: "hotfix" } });
    const retarget = await callApi("PUT", `${deltasPath}/${id}/metadata/env_id`, { token: h.tokens.developer, body: "nowhere" });
    expect(retarget.status).toBe(404);
    expect((retarget.body as { message: string }).message).toContain('Environment "shop/nowhere"');
    expect((await callApi("PUT", `${deltasPath}/${id}/metadata/archived`, { token: h.tokens.developer, body: true })).status).toBe(200);
    const live = (await callApi("GET", deltasPath, { token: h.tokens.viewer })).body as { id: string }[];
    const archived = (await callApi("GET", `${deltasPath}?archived=true`, { token: h.tokens.viewer })).body as { id: string }[];
    expect(live.map((d) => d.id)).not.toContain(id);
    expect(archived.map((d) => d.id)).toEqual([id]);
  });

  it("rejects bad bodies with the field that is wrong and changes nothing", async () => {
    const h = await createHarness();
    await withShop(h);
    const id = await createDelta(h, { modules: { add: { web: web("web:1") } } });
    const before = (await callApi("GET", `${deltasPath}/${id}`, { token: h.tokens.viewer })).body;
    const notArray = await callApi("PATCH", `${deltasPath}/${id}`, { token: h.tokens.developer, body: { modules: {} } });
    expect(notArray.status).toBe(422);
    const badOp = await callApi("PATCH", `${deltasPath}/${id}`, { token: h.tokens.developer, body: [{ shared: [{ op: "move", path: "/x" }] }] });
    expect(badOp.status).toBe(422);
    expect((badOp.body as { message: string }).message).toMatch(/0\.shared\.0\.op/);
    const badModule = await callApi("PATCH", `${deltasPath}/${id}`, { token: h.tokens.developer, body: [{ modules: { add: { api: { profile: "x" } } } }] });
    expect(badModule.status).toBe(422);
    expect((badModule.body as { message: string }).message).toContain("modules.add.api");
    expect((await callApi("GET", `${deltasPath}/${id}`, { token: h.tokens.viewer })).body).toEqual(before);
    expect((await callApi("PATCH", `${deltasPath}/missing`, { token: h.tokens.developer, body: [{}] })).status).toBe(404);
  });
});
