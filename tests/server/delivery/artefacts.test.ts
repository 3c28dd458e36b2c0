/**
 * Artefact versions through Humanitec's own client: CI registers images and workloads, the
 * portal lists them per artefact with where each version runs now. Runs on SQLite and, with
 * BATON_DATABASE_URL, on PostgreSQL.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Configuration, PublicApi, ResponseError, instanceOfArtefactResponse, instanceOfContainerArtefactVersion, instanceOfWorkloadArtefactVersion, type ApiResponse } from "@humanitec/autogen";
import { listArtefactSummaries, loadArtefactCatalogue } from "@/lib/server/artefacts/catalogue";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { actorFor } from "../helpers";
import { ORG, callApi, createHarness, dispatch, withDeployment, withShop } from "../api/harness";

afterAll(() => setRuntimeForTests(undefined));

function client(token: string): PublicApi {
  return new PublicApi(new Configuration({ basePath: "http://baton.test/api/v1", headers: { Authorization: `Bearer ${token}` }, fetchApi: async (url, init) => await dispatch(new Request(String(url), init)) }));
}

/** The raw JSON of a response: the client's guards are applied to what was on the wire. */
async function rawOf(call: Promise<ApiResponse<unknown>>): Promise<Record<string, unknown>[]> {
  const raw: unknown = await (await call).raw.clone().json();
  return (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
}

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("artefact versions", () => {
  it("registers container and workload versions and lists them with the client's models", async () => {
    const h = await createHarness();
    const api = client(h.tokens.developer);
    const created = await rawOf(api.createArtefactVersionRaw({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "registry.example.com/shop/web", version: "1.0.0", ref: "refs/heads/main", commit: "c0ffee", digest: DIGEST } }));
    expect(instanceOfContainerArtefactVersion(created[0])).toBe(true);
    expect(created[0]).toMatchObject({ type: "container", name: "registry.example.com/shop/web", version: "1.0.0", ref: "refs/heads/main", commit: "c0ffee", digest: DIGEST, archived: false });
    await api.createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "registry.example.com/shop/web", version: "1.1.0", ref: "refs/tags/v1.1.0" } });
    const workload = await rawOf(api.createArtefactVersionRaw({ orgId: ORG, CreateArtefactVersion: { type: "workload", name: "web", version: "3", spec: { apiVersion: "score.dev/v1b1", metadata: { name: "web" } } } }));
    expect(instanceOfWorkloadArtefactVersion(workload[0])).toBe(true);

    const artefacts = await rawOf(api.listArtefactsRaw({ orgId: ORG }));
    expect(artefacts.map((a) => [a.type, a.name])).toEqual([["container", "registry.example.com/shop/web"], ["workload", "web"]]);
    for (const a of artefacts) expect(instanceOfArtefactResponse(a)).toBe(true);
    expect((await rawOf(api.listArtefactsRaw({ orgId: ORG, type: "workload" }))).map((a) => a.name)).toEqual(["web"]);

    const versions = await rawOf(api.listArtefactVersionsRaw({ orgId: ORG, artefactId: String(created[0].artefact_id) }));
    expect(versions.map((v) => v.version)).toEqual(["1.1.0", "1.0.0"]);
    for (const v of versions) expect(instanceOfContainerArtefactVersion(v)).toBe(true);
    expect((await rawOf(api.listArtefactVersionsInOrgRaw({ orgId: ORG, reference: "refs/heads/main" }))).map((v) => v.version)).toEqual(["1.0.0"]);
    expect((await rawOf(api.getArtefactVersionRaw({ orgId: ORG, artefactVersionId: String(created[0].id) })))[0].id).toBe(created[0].id);
  });

  it("says where each version is deployed now, only in applications the caller sees", async () => {
    const h = await createHarness();
    await withShop(h);
    await withDeployment(h); // web runs nginx:1.27 in shop/development
    const admin = client(h.tokens.admin);
    const running = await admin.createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "nginx", version: "1.27" } });
    await admin.createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "nginx", version: "1.28" } });
    const seen = await rawOf(admin.listArtefactVersionsRaw({ orgId: ORG, artefactId: running!.artefact_id }));
    expect(seen.map((v) => [v.version, (v.deployed_in as { app_id: string; env_id: string; workloads: string[] }[]).map((p) => `${p.app_id}/${p.env_id}:${p.workloads.join(",")}`)])).toEqual([
      ["1.28", []],
      ["1.27", ["shop/development:web"]],
    ]);
    const outsider = await rawOf(client(h.tokens.outsider).listArtefactVersionsRaw({ orgId: ORG, artefactId: running!.artefact_id }));
    expect(outsider.map((v) => v.deployed_in)).toEqual([[], []]);
  });

  it("the portal's catalogue: summaries per artefact, versions with who registered them and where they run", async () => {
    const h = await createHarness();
    await withShop(h);
    await withDeployment(h); // web runs nginx:1.27 in shop/development
    const developer = client(h.tokens.developer);
    const running = await developer.createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "nginx", version: "1.27", ref: "refs/heads/main" } });
    await developer.createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "nginx", version: "1.28", ref: "refs/tags/v1.28" } });
    const admin = await actorFor(h.db, "admin@example.com");
    const outsider = await actorFor(h.db, "outsider@example.com");

    expect((await listArtefactSummaries(h.db, admin)).map((a) => ({ name: a.name, versions: a.versionCount, latest: a.latest?.version, ref: a.latest?.ref, envs: a.deployedIn }))).toEqual([{ name: "nginx", versions: 2, latest: "1.28", ref: "refs/tags/v1.28", envs: 1 }]);
    expect((await listArtefactSummaries(h.db, outsider))[0].deployedIn).toBe(0);

    const catalogue = (await loadArtefactCatalogue(h.db, admin, running!.artefact_id))!;
    expect(catalogue.versions.map((v) => [v.version, v.registeredBy, v.deployedIn.map((p) => `${p.appId}/${p.envId}:${p.workloads.join(",")}`)])).toEqual([
      ["1.28", "developer@baton.local", []],
      ["1.27", "developer@baton.local", ["shop/development:web"]],
    ]);
    expect((await loadArtefactCatalogue(h.db, outsider, running!.artefact_id))!.versions.map((v) => v.deployedIn)).toEqual([[], []]);
    expect((await loadArtefactCatalogue(h.db, admin, running!.artefact_id, { archived: true }))!.versions).toEqual([]);
    expect(await loadArtefactCatalogue(h.db, admin, "no-such-artefact")).toBeUndefined();
  });

  it("refuses bad input naming the field, viewers, and archives for administrators only", async () => {
    const h = await createHarness();
    const bad = await callApi("POST", `/orgs/${ORG}/artefact-versions`, { token: h.tokens.developer, body: { type: "container", name: "x", digest: "md5:1" } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("digest");
    const noType = await callApi("POST", `/orgs/${ORG}/artefact-versions`, { token: h.tokens.developer, body: { name: "x" } });
    expect(noType.status).toBe(422);
    expect(JSON.stringify(noType.body)).toContain("type");
    const viewer = await callApi("POST", `/orgs/${ORG}/artefact-versions`, { token: h.tokens.viewer, body: { type: "container", name: "x" } });
    expect(viewer.status).toBe(403);

    const v = await client(h.tokens.developer).createArtefactVersion({ orgId: ORG, CreateArtefactVersion: { type: "container", name: "x", version: "1" } });
    const byDeveloper = client(h.tokens.developer).patchArtefactVersion({ orgId: ORG, artefactId: v!.artefact_id, versionId: v!.id, UpdateArtefactVersionPayloadRequest: { archived: true } });
    await expect(byDeveloper).rejects.toBeInstanceOf(ResponseError);
    await client(h.tokens.admin).patchArtefactVersion({ orgId: ORG, artefactId: v!.artefact_id, versionId: v!.id, UpdateArtefactVersionPayloadRequest: { archived: true } });
    expect(await client(h.tokens.admin).listArtefactVersions({ orgId: ORG, artefactId: v!.artefact_id })).toEqual([]);
    expect(await client(h.tokens.admin).listArtefactVersions({ orgId: ORG, artefactId: v!.artefact_id, archived: true })).toHaveLength(1);
    await client(h.tokens.admin).deleteArtefact({ orgId: ORG, artefactId: v!.artefact_id });
    expect((await callApi("GET", `/orgs/${ORG}/artefacts/${v!.artefact_id}/versions`, { token: h.tokens.admin })).status).toBe(404);
  });
});
