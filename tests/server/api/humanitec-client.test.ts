/**
 * Baton driven through Humanitec's own TypeScript client (`@humanitec/autogen`), pointed at
 * /api/v1 as a user would point it: the quickstart steps that used to fail, every response
 * checked with the client's generated `instanceOf…` guard, and an operation Baton does not
 * have answering a JSON 404 the client can read.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  Configuration,
  PublicApi,
  ResponseError,
  instanceOfAuditLogEntry,
  instanceOfDriverDefinitionResponse,
  instanceOfEnvironmentTypeResponse,
  instanceOfResourceAccountResponse,
  instanceOfSetResponse,
  instanceOfValueResponse,
} from "@humanitec/autogen";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, callApi, createHarness, dispatch, withShop } from "./harness";

afterAll(() => setRuntimeForTests(undefined));

function client(token: string): PublicApi {
  return new PublicApi(
    new Configuration({
      basePath: "http://baton.test/api/v1",
      headers: { Authorization: `Bearer ${token}` },
      fetchApi: (url, init) => dispatch(new Request(String(url), init)),
    }),
  );
}

const serviceAccountKey = () => ({
  type: "service_account",
  project_id: "demo-project",
  private_key_id: "0123abcd",
  private_key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  client_email: "baton@demo-project.iam.gserviceaccount.com",
  client_id: "1234567890",
  auth_uri: "https://accounts.google.com/o/oauth2/auth",
  token_uri: "https://oauth2.googleapis.com/token",
});

describe("Humanitec's client against Baton", () => {
  it("creates resource accounts of every type with Humanitec's credential formats", async () => {
    const h = createHarness();
    const api = client(h.tokens.admin);
    const accounts = [
      { id: "gcp-sa", type: "gcp", credentials: serviceAccountKey() },
      { id: "gcp-wif", type: "gcp-identity", credentials: { gcp_service_account: "deployer@demo.iam.gserviceaccount.com", gcp_audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/humanitec" } },
      { id: "aws-keys", type: "aws", credentials: { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE", aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } },
      { id: "aws-assume", type: "aws-role", credentials: { aws_role: "arn:aws:iam::123456789012:role/humanitec", external_id: "ext-123" } },
      { id: "azure-sp", type: "azure", credentials: { appId: "00000000-0000-0000-0000-000000000001", displayName: "humanitec", password: "s3cret", tenant: "00000000-0000-0000-0000-000000000002" } },
      { id: "azure-wif", type: "azure-identity", credentials: { azure_identity_tenant_id: "00000000-0000-0000-0000-000000000002", azure_identity_client_id: "00000000-0000-0000-0000-000000000003" } },
    ];
    for (const a of accounts) {
      const created = await api.createResourceAccount({ orgId: ORG, CreateResourceAccountRequestRequest: { ...a, name: a.id } });
      expect(instanceOfResourceAccountResponse(created), a.type).toBe(true);
      expect(created).toMatchObject({ id: a.id, type: a.type });
      expect(JSON.stringify(created)).not.toContain("s3cret");
    }
    // a key missing what makes it one is refused, naming the field
    const bad = await api.createResourceAccount({ orgId: ORG, CreateResourceAccountRequestRequest: { id: "gcp-bad", name: "bad", type: "gcp", credentials: { type: "service_account", client_email: "x@y" } } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ResponseError);
    expect(((await (bad as ResponseError).response.json()) as { message: string }).message).toContain("credentials.private_key");
  });

  it("sets a shared value with a null description", async () => {
    const h = createHarness();
    await withShop(h);
    const value = await client(h.tokens.admin).orgsOrgIdAppsAppIdValuesPost({ orgId: ORG, appId: "shop", ValueCreatePayloadRequest: { key: "GREETING", value: "hello", description: null, is_secret: false } });
    expect(instanceOfValueResponse(value)).toBe(true);
    expect(value).toMatchObject({ key: "GREETING", value: "hello", description: "" });
  });

  it("lists the sets of an application's deployments", async () => {
    const h = createHarness();
    await withShop(h);
    const deployed = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/score-deploys`, {
      token: h.tokens.admin,
      body: { workloads: [{ score_yaml: "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n", file: "score.yaml" }] },
    });
    expect(deployed.status).toBeLessThan(300);
    const sets = await client(h.tokens.developer).getSets({ orgId: ORG, appId: "shop" });
    expect(sets.length).toBe(1);
    for (const set of sets) expect(instanceOfSetResponse(set)).toBe(true);
    expect(Object.keys(sets[0].modules)).toEqual(["web"]);
  });

  it("lists the built-in drivers with their input schemas", async () => {
    const h = createHarness();
    const drivers = await client(h.tokens.viewer).listResourceDrivers({ orgId: ORG });
    for (const d of drivers) expect(instanceOfDriverDefinitionResponse(d), d.id).toBe(true);
    expect(drivers.map((d) => `${d.org_id}/${d.id}`)).toEqual(expect.arrayContaining(["humanitec/echo", "humanitec/template", "humanitec/k8s-cluster", "humanitec/k8s-cluster-git"]));
    const cluster = await client(h.tokens.viewer).getResourceDriver({ orgId: ORG, driverId: "k8s-cluster" });
    expect(cluster).toMatchObject({ type: "k8s-cluster", account_types: ["kubernetes"] });
  });

  it("answers an environment type's deletion with the deleted type", async () => {
    const h = createHarness();
    const api = client(h.tokens.admin);
    await api.createEnvironmentType({ orgId: ORG, EnvironmentTypeRequest: { id: "sandbox", description: "throwaway" } });
    const deleted = await api.deleteEnvironmentType({ orgId: ORG, envTypeId: "sandbox" });
    expect(instanceOfEnvironmentTypeResponse(deleted)).toBe(true);
    expect(deleted).toEqual({ id: "sandbox", description: "throwaway" });
  });

  it("lists the audit log per request, newest first, with paging and a time window", async () => {
    const h = createHarness();
    const api = client(h.tokens.admin);
    const started = new Date(Date.now() - 1000);
    for (const id of ["alpha", "beta", "gamma"]) await api.createEnvironmentType({ orgId: ORG, EnvironmentTypeRequest: { id, description: id } });
    const recent = await api.listAuditLogEntries({ orgId: ORG, from: started });
    for (const e of recent) expect(instanceOfAuditLogEntry(e)).toBe(true);
    expect(recent.slice(0, 3).map((e) => [e.request_method, e.request_path, e.response_status])).toEqual([
      ["POST", `/api/v1/orgs/${ORG}/env-types`, 201],
      ["POST", `/api/v1/orgs/${ORG}/env-types`, 201],
      ["POST", `/api/v1/orgs/${ORG}/env-types`, 201],
    ]);
    expect(recent[0].at.getTime()).toBeGreaterThanOrEqual(recent[2].at.getTime());
    // one entry per page, following the token the server hands out
    const first = await api.listAuditLogEntriesRaw({ orgId: ORG, from: started, per_page: 1 });
    const token = first.raw.headers.get("x-next-page")!;
    expect(token).toBeTruthy();
    const second = await api.listAuditLogEntries({ orgId: ORG, from: started, per_page: 1, page: token });
    expect(second[0]).toEqual(recent[1]);
    expect(await api.listAuditLogEntries({ orgId: ORG, from: new Date(Date.now() + 60_000) })).toEqual([]);
    // the audit log is for administrators and managers
    expect(await client(h.tokens.developer).listAuditLogEntries({ orgId: ORG }).catch((e: ResponseError) => e.response.status)).toBe(403);
  });

  it("answers operations Baton does not have with a JSON 404 in Humanitec's error shape", async () => {
    const h = createHarness();
    await withShop(h);
    const missing = await client(h.tokens.admin).orgsOrgIdAppsAppIdWebhooksGet({ orgId: ORG, appId: "shop" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResponseError);
    const res = (missing as ResponseError).response;
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ error: "API-404", message: expect.stringContaining("/api/v1/orgs/test-org/apps/shop/webhooks") });
  });
});
