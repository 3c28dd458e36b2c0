import { jsonColumn, queryRow } from "../../test-db";
/**
 * Baton driven through Humanitec's own TypeScript client (`@humanitec/autogen`), pointed at
 * /api/v1 as a user would point it: the quickstart steps that used to fail, every response
 * checked with the client's generated `instanceOf…` guard, and an operation Baton does not
 * have answering a JSON 404 the client can read.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  Configuration,
  PublicApi,
  ResponseError,
  instanceOfAccountTypeResponse,
  instanceOfMatchingCriteriaResponse,
  instanceOfResourceDefinitionVersion,
  instanceOfUserRoleResponse,
  instanceOfActiveResourceResponse,
  instanceOfApplicationResponse,
  instanceOfDeltaResponse,
  instanceOfDeploymentResponse,
  instanceOfEnvironmentResponse,
  instanceOfResourceDefinitionResponse,
  instanceOfResourceTypeResponse,
  instanceOfAuditLogEntry,
  instanceOfOrganizationResponse,
  instanceOfUserProfileExtendedResponse,
  instanceOfDriverDefinitionResponse,
  instanceOfEnvironmentTypeResponse,
  instanceOfResourceAccountResponse,
  instanceOfSetResponse,
  instanceOfValueResponse,
  instanceOfValueSetVersionResponse,
  instanceOfResourceClassResponse,
  instanceOfDependencyGraphResponse,
  instanceOfWebhookResponse,
  instanceOfWebhookUpdateResponse,
  instanceOfNodeBodyResponse,
  instanceOfEventResponse,
  instanceOfTokenInfoResponse,
  instanceOfUserProfileResponse,
  instanceOfTokenResponse,
} from "@humanitec/autogen";
import { startWorker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { getRuntime, setRuntimeForTests } from "@/lib/server/runtime";
import { ORG, callApi, createHarness, dispatch, withShop } from "./harness";

/** Calls that succeeded, for the compatibility report (`npm run compat:api`). */
const succeeded: { method: string; path: string }[] = [];

afterAll(() => {
  setRuntimeForTests(undefined);
  if (process.env.API_COMPAT_RECORD) writeFileSync(process.env.API_COMPAT_RECORD, JSON.stringify(succeeded));
});

function client(token: string): PublicApi {
  return new PublicApi(
    new Configuration({
      basePath: "http://baton.test/api/v1",
      headers: { Authorization: `Bearer ${token}` },
      fetchApi: async (url, init) => {
        const response = await dispatch(new Request(String(url), init));
        if (response.ok) succeeded.push({ method: init?.method ?? "GET", path: new URL(String(url)).pathname.replace(/^\/api\/v1/, "") });
        return response;
      },
    }),
  );
}

/**
 * A response as it came over the wire and as the client read it. The generated `instanceOf…`
 * guards are applied to the raw JSON (the client's FromJSON fills absent keys with undefined,
 * which would satisfy them), and every `…_at` field must be null or a parseable date.
 */
async function wire<T>(call: Promise<ApiResponse<T>>): Promise<{ value: T; raw: unknown }> {
  const response = await call;
  const raw: unknown = await response.raw.clone().json();
  return { value: await response.value(), raw };
}

/**
 * The client's guard applied to what the client read, keeping only the properties whose JSON
 * key was really on the wire (the client's FromJSON sets absent keys to undefined, and renames
 * reserved words such as `class` to `_class`); every `…_at` on the wire must be null or a date.
 */
function expectModel(guard: (v: object) => boolean, { value, raw }: { value: unknown; raw: unknown }): void {
  const values = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
  const raws = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
  expect(values.length).toBe(raws.length);
  values.forEach((item, i) => {
    const wireItem = raws[i];
    const present = Object.fromEntries(Object.keys(item).filter((k) => k in wireItem || k.replace(/^_/, "") in wireItem).map((k) => [k, item[k]]));
    expect(guard(present), JSON.stringify(wireItem).slice(0, 300)).toBe(true);
    for (const [k, v] of Object.entries(wireItem)) {
      if (k.endsWith("_at") && v !== null) expect(Number.isNaN(Date.parse(String(v))), `${k}: ${String(v)}`).toBe(false);
    }
  });
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
  it("creates, reads, changes and deletes a webhook in Humanitec's models", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.admin);
    const ids = { orgId: ORG, appId: "shop" };
    const created = await wire(api.orgsOrgIdAppsAppIdWebhooksPostRaw({ ...ids, WebhookRequest: { id: "notify", url: "hooks.example.com/baton", triggers: [{ scope: "deployment", type: "finished" }], headers: { "X-Token": "abc" }, payload: { text: "${app_id}/${env_id}: ${status}" } } }));
    expectModel(instanceOfWebhookResponse, created);
    // Humanitec's URLs are written without a protocol: https is assumed.
    expect(created.value).toMatchObject({ id: "notify", url: "https://hooks.example.com/baton", disabled: false, created_by: h.userIds.admin });
    expectModel(instanceOfWebhookResponse, await wire(api.orgsOrgIdAppsAppIdWebhooksGetRaw(ids)));
    expectModel(instanceOfWebhookResponse, await wire(client(h.tokens.developer).orgsOrgIdAppsAppIdWebhooksJobIdGetRaw({ ...ids, jobId: "notify" })));
    const patched = await wire(api.orgsOrgIdAppsAppIdWebhooksJobIdPatchRaw({ ...ids, jobId: "notify", WebhookRequest: { disabled: true, triggers: [{ scope: "environment", type: "created" }] } }));
    expectModel(instanceOfWebhookUpdateResponse, patched);
    expect(patched.value).toMatchObject({ disabled: true, triggers: [{ scope: "environment", type: "created" }], url: "https://hooks.example.com/baton" });
    const bad = await api.orgsOrgIdAppsAppIdWebhooksPost({ ...ids, WebhookRequest: { url: "https://10.1.2.3/" } }).catch((e: ResponseError) => e.response);
    expect((bad as Response).status).toBe(400);
    expect(((await (bad as Response).json()) as { message: string }).message).toMatch(/^url: 10\.1\.2\.3 is a private/);
    await api.orgsOrgIdAppsAppIdWebhooksJobIdDelete({ ...ids, jobId: "notify" });
    expect(await api.orgsOrgIdAppsAppIdWebhooksGet(ids)).toEqual([]);
  });

  it("creates resource accounts of every type with Humanitec's credential formats", async () => {
    const h = await createHarness();
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
      const response = await wire(api.createResourceAccountRaw({ orgId: ORG, CreateResourceAccountRequestRequest: { ...a, name: a.id } }));
      expectModel(instanceOfResourceAccountResponse, response);
      const created = response.value;
      expect(created).toMatchObject({ id: a.id, type: a.type });
      expect(JSON.stringify(created)).not.toContain("s3cret");
    }
    // a key missing what makes it one is refused, naming the field
    const bad = await api.createResourceAccount({ orgId: ORG, CreateResourceAccountRequestRequest: { id: "gcp-bad", name: "bad", type: "gcp", credentials: { type: "service_account", client_email: "x@y" } } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ResponseError);
    expect(((await (bad as ResponseError).response.json()) as { message: string }).message).toContain("credentials.private_key");
  });

  it("sets a shared value with a null description", async () => {
    const h = await createHarness();
    await withShop(h);
    const response = await wire(client(h.tokens.admin).orgsOrgIdAppsAppIdValuesPostRaw({ orgId: ORG, appId: "shop", ValueCreatePayloadRequest: { key: "GREETING", value: "hello", description: null, is_secret: false } }));
    expectModel(instanceOfValueResponse, response);
    expect(response.value).toMatchObject({ key: "GREETING", value: "hello", description: "" });
  });

  it("lists the sets of an application's deployments", async () => {
    const h = await createHarness();
    await withShop(h);
    const deployed = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/score-deploys`, {
      token: h.tokens.admin,
      body: { workloads: [{ score_yaml: "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n", file: "score.yaml" }] },
    });
    expect(deployed.status).toBeLessThan(300);
    const response = await wire(client(h.tokens.developer).getSetsRaw({ orgId: ORG, appId: "shop" }));
    const sets = response.value;
    expect(sets.length).toBe(1);
    expectModel(instanceOfSetResponse, response);
    expect(Object.keys(sets[0].modules)).toEqual(["web"]);
  });

  it("applies a delta to a set and reads the resulting set back", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.developer);
    const module = { profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image: "nginx:1.27" } } } };
    const first = await wire(api.orgsOrgIdAppsAppIdSetsSetIdPostRaw({ orgId: ORG, appId: "shop", setId: "0", DeltaRequest: { modules: { add: { web: module } } } }));
    const setId = first.value;
    expect(setId).toMatch(/^[0-9a-f]{64}$/);
    // The client types this answer as "a set or a delta" and parses it as both at once, which
    // throws for any set with a module (against Humanitec too): read it raw, check it as a set.
    const setResponse = await api.orgsOrgIdAppsAppIdSetsSetIdGetRaw({ orgId: ORG, appId: "shop", setId });
    const set = (await setResponse.raw.json()) as { modules: Record<string, unknown> };
    expect(instanceOfSetResponse(set)).toBe(true);
    expect(set.modules.web).toMatchObject({ spec: { containers: { main: { image: "nginx:1.27" } } } });
    // the same delta on the same set is the same set; an update yields another one
    expect(await api.orgsOrgIdAppsAppIdSetsSetIdPost({ orgId: ORG, appId: "shop", setId: "0", DeltaRequest: { modules: { add: { web: module } } } })).toBe(setId);
    const updated = await api.orgsOrgIdAppsAppIdSetsSetIdPost({ orgId: ORG, appId: "shop", setId, DeltaRequest: { modules: { update: { web: [{ op: "replace", path: "/spec/containers/main/image", value: "nginx:1.28" }] } } } });
    expect(updated).not.toBe(setId);
    const diff = await api.orgsOrgIdAppsAppIdSetsSetIdDiffSourceSetIdGet({ orgId: ORG, appId: "shop", setId: updated, sourceSetId: setId });
    expect(diff.modules.update!.web).toEqual([{ op: "replace", path: "/spec/containers/main/image", value: "nginx:1.28" }]);
    // a delta that does not apply names where
    const bad = (await api.orgsOrgIdAppsAppIdSetsSetIdPost({ orgId: ORG, appId: "shop", setId, DeltaRequest: { modules: { update: { api: [] } } } }).then(() => undefined, (e: ResponseError) => e.response))!;
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toContain('modules.update.api: module "api" is not in the set');
    expect(await client(h.tokens.viewer).orgsOrgIdAppsAppIdSetsSetIdPost({ orgId: ORG, appId: "shop", setId: "0", DeltaRequest: {} }).catch((e: ResponseError) => e.response.status)).toBe(403);
  });

  it("declares, reads, changes and deletes resource classes; a class criteria select stays", async () => {
    const h = await createHarness();
    const api = client(h.tokens.admin);
    const created = await wire(api.createResourceClassRaw({ orgId: ORG, typeId: "postgres", ResourceClassRequest: { id: "large", description: "16 vCPU" } }));
    expectModel(instanceOfResourceClassResponse, created);
    expect(created.value).toMatchObject({ id: "large", resource_type: "postgres", description: "16 vCPU", created_by: "admin@example.com" });
    expectModel(instanceOfResourceClassResponse, await wire(api.getResourceClassRaw({ orgId: ORG, typeId: "postgres", classId: "large" })));
    const changed = await wire(api.updateResourceClassRaw({ orgId: ORG, typeId: "postgres", classId: "large", UpdateResourceClassRequest: { description: "32 vCPU" } }));
    expectModel(instanceOfResourceClassResponse, changed);
    const listed = await wire(client(h.tokens.viewer).listResourceClassesRaw({ orgId: ORG }));
    expectModel(instanceOfResourceClassResponse, listed);
    expect(listed.value.map((c) => [c.resource_type, c.id, c.description])).toEqual([["postgres", "large", "32 vCPU"]]);
    const status = (p: Promise<unknown>) => p.then(() => 0, (e: ResponseError) => e.response.status);
    expect(await status(api.createResourceClass({ orgId: ORG, typeId: "postgres", ResourceClassRequest: { id: "large", description: "" } }))).toBe(409);
    expect(await status(api.createResourceClass({ orgId: ORG, typeId: "no-such-type", ResourceClassRequest: { id: "large", description: "" } }))).toBe(404);
    expect(await status(client(h.tokens.viewer).createResourceClass({ orgId: ORG, typeId: "postgres", ResourceClassRequest: { id: "small", description: "" } }))).toBe(403);
    await api.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "big-db", name: "Big", type: "postgres", driver_type: "humanitec/echo", driver_inputs: { values: { host: "big" } }, criteria: [{ _class: "large" }] } });
    const inUse = await api.deleteResourceClass({ orgId: ORG, typeId: "postgres", classId: "large" }).then(() => undefined, (e: ResponseError) => e.response);
    expect(inUse!.status).toBe(409);
    expect(((await inUse!.json()) as { message: string }).message).toContain('"big-db"');
    await api.deleteResourceDefinition({ orgId: ORG, defId: "big-db" });
    await api.deleteResourceClass({ orgId: ORG, typeId: "postgres", classId: "large" });
    expect(await status(api.getResourceClass({ orgId: ORG, typeId: "postgres", classId: "large" }))).toBe(404);
  });

  it("works out the dependency graph of resources in an environment without provisioning, and never shows secret inputs", async () => {
    const h = await createHarness();
    await withShop(h);
    const admin = client(h.tokens.admin);
    await admin.createResourceDefinition({
      orgId: ORG,
      CreateResourceDefinitionRequestRequest: { id: "dev-db", name: "DB", type: "postgres", driver_type: "humanitec/echo", driver_inputs: { values: { host: "db", user: "${resources.config.outputs.name}" }, secrets: { password: "hunter2-graph" } }, criteria: [{ env_type: "development" }] },
    });
    await admin.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "dev-user", name: "User", type: "config", driver_type: "humanitec/echo", driver_inputs: { values: { name: "app" } }, criteria: [{}] } });
    const api = client(h.tokens.viewer);
    const requests = [{ id: "modules.web.externals.db", type: "postgres", resource: { extensions: ["pgcrypto"] } }];
    const created = await wire(api.createDependencyGraphRaw({ orgId: ORG, appId: "shop", envId: "development", ResourceProvisionRequestRequest: requests }));
    expectModel(instanceOfDependencyGraphResponse, created);
    expectModel(instanceOfNodeBodyResponse, { value: created.value.nodes, raw: (created.raw as { nodes: unknown[] }).nodes });
    expect(created.value.nodes.map((n) => [n.type, n.def_id, n.id])).toEqual([
      ["config", "dev-user", "modules.web.externals.db"],
      ["postgres", "dev-db", "modules.web.externals.db"],
    ]);
    expect(created.value.nodes[1]).toMatchObject({ depends_on: [created.value.nodes[0].guresid], resource: { extensions: ["pgcrypto"] }, driver: { host: "db" } });
    expect(JSON.stringify(created.raw)).not.toContain("hunter2-graph");
    const read = await wire(api.getDependencyGraphRaw({ orgId: ORG, appId: "shop", envId: "development", graphId: created.value.id }));
    expectModel(instanceOfDependencyGraphResponse, read);
    expect(read.value.hash).toBe(created.value.hash);
    const nodes = await wire(api.queryResourceGraphRaw({ orgId: ORG, appId: "shop", envId: "development", ResourceProvisionRequestRequest: requests }));
    expectModel(instanceOfNodeBodyResponse, nodes);
    expect(nodes.value.map((n) => n.guresid)).toEqual(created.value.nodes.map((n) => n.guresid));
    // nothing matches a redis here: the error names the resource
    const none = (await api.createDependencyGraph({ orgId: ORG, appId: "shop", envId: "development", ResourceProvisionRequestRequest: [{ id: "shared.cache", type: "redis" }] }).then(() => undefined, (e: ResponseError) => e.response))!;
    expect(none.status).toBe(422);
    expect(((await none.json()) as { message: string }).message).toContain('redis.default#shared.cache: no resource definition matches type "redis"');
    expect(await client(h.tokens.outsider).queryResourceGraph({ orgId: ORG, appId: "shop", envId: "development", ResourceProvisionRequestRequest: requests }).catch((e: ResponseError) => e.response.status)).toBe(403);
  });

  it("lists the built-in drivers with their input schemas", async () => {
    const h = await createHarness();
    const response = await wire(client(h.tokens.viewer).listResourceDriversRaw({ orgId: ORG }));
    const drivers = response.value;
    expectModel(instanceOfDriverDefinitionResponse, response);
    expect(drivers.map((d) => `${d.org_id}/${d.id}`)).toEqual(expect.arrayContaining(["humanitec/echo", "humanitec/template", "humanitec/k8s-cluster", "humanitec/k8s-cluster-git"]));
    const cluster = await client(h.tokens.viewer).getResourceDriver({ orgId: ORG, driverId: "k8s-cluster" });
    expect(cluster).toMatchObject({ type: "k8s-cluster", account_types: ["kubernetes"] });
    // registering a custom driver is refused plainly, saying what to use instead
    const refused = (await client(h.tokens.admin).createResourceDriver({ orgId: ORG, CreateDriverRequestRequest: { id: "my-driver", type: "postgres", target: "https://driver.example.com", inputs_schema: {}, account_types: [] } }).then(() => undefined, (e: ResponseError) => e.response))!;
    expect(refused.status).toBe(501);
    expect(await refused.json()).toMatchObject({ error: "API-501", message: expect.stringContaining("humanitec/template") });
  });

  it("answers an environment type's deletion with the deleted type", async () => {
    const h = await createHarness();
    const api = client(h.tokens.admin);
    await api.createEnvironmentType({ orgId: ORG, EnvironmentTypeRequest: { id: "sandbox", description: "throwaway" } });
    const response = await wire(api.deleteEnvironmentTypeRaw({ orgId: ORG, envTypeId: "sandbox" }));
    const deleted = response.value;
    expectModel(instanceOfEnvironmentTypeResponse, response);
    expect(deleted).toEqual({ id: "sandbox", description: "throwaway" });
  });

  it("lists the audit log per request, newest first, with paging and a time window", async () => {
    const h = await createHarness();
    const api = client(h.tokens.admin);
    const started = new Date(Date.now() - 1000);
    for (const id of ["alpha", "beta", "gamma"]) await api.createEnvironmentType({ orgId: ORG, EnvironmentTypeRequest: { id, description: id } });
    const response = await wire(api.listAuditLogEntriesRaw({ orgId: ORG, from: started }));
    const recent = response.value;
    expectModel(instanceOfAuditLogEntry, response);
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
    const refused = (await client(h.tokens.developer).listAuditLogEntries({ orgId: ORG }).then(() => undefined, (e: ResponseError) => e.response))!;
    expect(refused.status).toBe(403);
    // the refusal says what is needed and what the caller holds
    expect(((await refused.json()) as { message: string }).message).toBe("Reading the audit log needs the manager or administrator organisation role (you are a member).");
  });

  it("reads the organisation and the current user, renames the user and changes an environment type", async () => {
    const h = await createHarness();
    const api = client(h.tokens.developer);
    const orgs = await wire(api.listOrganizationsRaw());
    expect(orgs.value.map((o) => o.id)).toEqual([ORG]);
    expectModel(instanceOfOrganizationResponse, orgs);
    expectModel(instanceOfOrganizationResponse, await wire(api.getOrganizationRaw({ orgId: ORG })));
    const meResponse = await wire(api.getCurrentUserRaw());
    expectModel(instanceOfUserProfileExtendedResponse, meResponse);
    const me = meResponse.value;
    const renamedResponse = await wire(api.updateCurrentUserRaw({ UserProfileExtendedRequest: { name: "Dev Eloper" } }));
    expectModel(instanceOfUserProfileExtendedResponse, renamedResponse);
    const renamed = renamedResponse.value;
    expect(renamed).toMatchObject({ id: me.id, name: "Dev Eloper", email: me.email });
    expect((await api.getCurrentUser()).name).toBe("Dev Eloper");
    const refused = await api.updateCurrentUser({ UserProfileExtendedRequest: { email: "other@example.com" } }).catch((e: ResponseError) => e.response.status);
    expect(refused).toBe(422);
    const admin = client(h.tokens.admin);
    const changed = await wire(admin.updateEnvironmentTypeRaw({ orgId: ORG, envTypeId: "staging", UpdateEnvironmentTypePayloadRequest: { description: "pre-production" } }));
    expectModel(instanceOfEnvironmentTypeResponse, changed);
    expect((await admin.getEnvironmentType({ orgId: ORG, envTypeId: "staging" })).description).toBe("pre-production");
  });

  it("lists the events Baton signals, with what their payloads carry", async () => {
    const h = await createHarness();
    const response = await wire(client(h.tokens.viewer).orgsOrgIdEventsGetRaw({ orgId: ORG }));
    expectModel(instanceOfEventResponse, response);
    expect(response.value.map((e) => `${e.scope}/${e.type}`)).toEqual(expect.arrayContaining(["deployment/started", "deployment/finished", "environment/created", "environment/deleted"]));
    expect(response.value.find((e) => e.type === "finished")!.properties).toEqual(expect.arrayContaining(["app_id", "env_id", "deploy_id", "status"]));
  });

  it("lists account types with the credentials each takes", async () => {
    const h = await createHarness();
    const response = await wire(client(h.tokens.viewer).listResourceAccountTypesRaw({ orgId: ORG }));
    const types = response.value;
    expectModel(instanceOfAccountTypeResponse, response);
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(["gcp", "gcp-identity", "aws", "aws-role", "azure", "azure-identity", "kubernetes"]));
    expect(types.find((t) => t.type === "aws-role")!.inputs_schema).toMatchObject({ required: ["aws_role", "external_id"] });
  });

  it("deletes every value of an application or an environment at once, as one version", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.developer);
    for (const key of ["A", "B"]) {
      await api.orgsOrgIdAppsAppIdValuesPost({ orgId: ORG, appId: "shop", ValueCreatePayloadRequest: { key, value: key, description: null } });
      await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesPost({ orgId: ORG, appId: "shop", envId: "development", ValueCreatePayloadRequest: { key, value: key.toLowerCase(), description: null } });
    }
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesDelete({ orgId: ORG, appId: "shop", envId: "development" });
    // the environment now only inherits the application's values
    const inherited = await wire(api.orgsOrgIdAppsAppIdEnvsEnvIdValuesGetRaw({ orgId: ORG, appId: "shop", envId: "development" }));
    expectModel(instanceOfValueResponse, inherited);
    expect(inherited.value.map((v) => [v.key, v.value, v.source])).toEqual([["A", "A", "app"], ["B", "B", "app"]]);
    expect((await api.orgsOrgIdAppsAppIdValuesGet({ orgId: ORG, appId: "shop" })).map((v) => v.key).sort()).toEqual(["A", "B"]);
    await api.orgsOrgIdAppsAppIdValuesDelete({ orgId: ORG, appId: "shop" });
    expect(await api.orgsOrgIdAppsAppIdValuesGet({ orgId: ORG, appId: "shop" })).toEqual([]);
    const [latest] = await api.orgsOrgIdAppsAppIdValueSetVersionsGet({ orgId: ORG, appId: "shop" });
    expect(latest.result_of).toBe("app_values_delete");
    expect(latest.values).toEqual({});
  });

  it("restores one key from a value set version and purges a leaked secret from the history", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.developer);
    const scope = { orgId: ORG, appId: "shop", envId: "development" };
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesPost({ ...scope, ValueCreatePayloadRequest: { key: "TOKEN", value: "leaked-token", is_secret: true, description: null } });
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesPost({ ...scope, ValueCreatePayloadRequest: { key: "GREETING", value: "hi", description: null } });
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesKeyPut({ ...scope, key: "GREETING", ValueEditPayloadRequest: { value: "hello", description: "" } });
    const [, withHi] = await api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsGet(scope);
    const restored = await wire(api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsValueSetVersionIdRestoreKeyPostRaw({ ...scope, valueSetVersionId: withHi.id, key: "GREETING", ValueSetActionPayloadRequest: { comment: "back to hi" } }));
    expectModel(instanceOfValueSetVersionResponse, restored);
    expect(restored.value).toMatchObject({ comment: "back to hi", result_of: "env_value_set_version_restore", source_value_set_version_id: withHi.id });
    expect((await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesGet(scope)).find((v) => v.key === "GREETING")!.value).toBe("hi");

    // a secret that leaked: the live value must move on before the old one can be purged
    const admin = client(h.tokens.admin);
    const leakedIn = withHi.id; // every version so far holds the leaked token
    const purge = () => admin.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsValueSetVersionIdPurgeKeyPost({ ...scope, valueSetVersionId: leakedIn, key: "TOKEN", ValueSetActionPayloadRequest: {} });
    const stillLive = (await purge().then(() => undefined, (e: ResponseError) => e.response))!;
    expect(stillLive.status).toBe(409);
    expect(((await stillLive.json()) as { message: string }).message).toContain("still holds this value");
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesKeyPut({ ...scope, key: "TOKEN", ValueEditPayloadRequest: { value: "rotated-token", is_secret: true, description: "" } });
    // developers may not purge; owners and administrators may
    expect(await api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsValueSetVersionIdPurgeKeyPost({ ...scope, valueSetVersionId: leakedIn, key: "TOKEN", ValueSetActionPayloadRequest: {} }).catch((e: ResponseError) => e.response.status)).toBe(403);
    await purge();
    const history = await wire(api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsGetRaw(scope));
    expectModel(instanceOfValueSetVersionResponse, history);
    expect(history.value[0].result_of).toBe("env_value_set_version_purge");
    // on the wire (the client's model has no `purged`): the versions that held the leaked token
    // have it erased and marked; those with the rotated one keep it
    const raw = history.raw as { id: string; values: Record<string, { purged?: boolean; value: string }> }[];
    expect(raw.find((v) => v.id === leakedIn)!.values.TOKEN).toMatchObject({ purged: true, value: "" });
    expect(raw[0].values.TOKEN.purged).toBeUndefined();
    expect(raw.filter((v) => v.values.TOKEN?.purged).length).toBe(4);
    const stored = (await queryRow(h.db, "SELECT \"values\" AS values_json FROM value_set_versions WHERE id = ?", leakedIn))!;
    expect(jsonColumn<Record<string, unknown>>(stored.values_json).TOKEN).toMatchObject({ value: "", encryptedValue: null, isSecret: true, purged: true });
    // a purged value can be restored neither alone nor with its version
    const again = await api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsValueSetVersionIdRestoreKeyPost({ ...scope, valueSetVersionId: leakedIn, key: "TOKEN", ValueSetActionPayloadRequest: {} }).catch((e: ResponseError) => e.response.status);
    expect(again).toBe(409);
    const whole = await api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsValueSetVersionIdRestorePost({ ...scope, valueSetVersionId: leakedIn, ValueSetActionPayloadRequest: {} });
    expect(whole.comment).toContain("purged, not restored: TOKEN");
    expect((await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesGet(scope)).map((v) => v.key)).toEqual(["GREETING"]);
  });

  it("reads and confirms a user's role on an environment type", async () => {
    const h = await createHarness();
    const api = client(h.tokens.manager);
    await api.createUserRoleInEnvType({ orgId: ORG, envType: "staging", UserRoleRequest: { id: h.userIds.viewer, role: "deployer" } });
    const got = await wire(api.getUserRoleInEnvTypeRaw({ orgId: ORG, envType: "staging", userId: h.userIds.viewer }));
    expectModel(instanceOfUserRoleResponse, got);
    expect(got.value).toMatchObject({ id: h.userIds.viewer, role: "deployer" });
    expectModel(instanceOfUserRoleResponse, await wire(api.updateUserRoleInEnvTypeRaw({ orgId: ORG, envType: "staging", userId: h.userIds.viewer, RoleRequest: { role: "deployer" } })));
    expect(await api.getUserRoleInEnvType({ orgId: ORG, envType: "production", userId: h.userIds.viewer }).catch((e: ResponseError) => e.response.status)).toBe(404);
  });

  it("walks the quickstart: application, environment, definition, delta, deployment, active resources", async () => {
    const h = await createHarness();
    const api = client(h.tokens.admin);
    const app = await wire(api.createApplicationRaw({ orgId: ORG, ApplicationCreationRequest: { id: "quick", name: "Quickstart" } }));
    expectModel(instanceOfApplicationResponse, app);
    expectModel(instanceOfApplicationResponse, await wire(api.getApplicationRaw({ orgId: ORG, appId: "quick" })));
    expectModel(instanceOfApplicationResponse, await wire(api.listApplicationsRaw({ orgId: ORG })));
    const env = await wire(api.createEnvironmentRaw({ orgId: ORG, appId: "quick", EnvironmentDefinitionRequest: { id: "review", name: "Review", type: "development" } }));
    expectModel(instanceOfEnvironmentResponse, env);
    expectModel(instanceOfEnvironmentResponse, await wire(api.listEnvironmentsRaw({ orgId: ORG, appId: "quick" })));
    expectModel(instanceOfEnvironmentResponse, await wire(api.getEnvironmentRaw({ orgId: ORG, appId: "quick", envId: "review" })));
    expectModel(instanceOfResourceTypeResponse, await wire(api.listResourceTypesRaw({ orgId: ORG })));
    const def = await wire(
      api.createResourceDefinitionRaw({
        orgId: ORG,
        CreateResourceDefinitionRequestRequest: { id: "quick-db", name: "Quick DB", type: "postgres", driver_type: "humanitec/echo", driver_inputs: { values: { host: "db.quick", port: 5432, name: "app" }, secrets: { username: "u", password: "p" } }, criteria: [{ app_id: "quick" }] },
      }),
    );
    expectModel(instanceOfResourceDefinitionResponse, def);
    expectModel(instanceOfResourceDefinitionResponse, await wire(api.getResourceDefinitionRaw({ orgId: ORG, defId: "quick-db" })));
    expectModel(instanceOfResourceDefinitionResponse, await wire(api.listResourceDefinitionsRaw({ orgId: ORG })));
    const delta = await wire(
      api.orgsOrgIdAppsAppIdDeltasPostRaw({
        orgId: ORG,
        appId: "quick",
        DeltaRequest: { metadata: { env_id: "review", name: "first" }, modules: { add: { web: { profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image: "nginx:1.27", variables: { DB: "${resources.db.host}" } } } }, externals: { db: { type: "postgres" } } } } } },
      }),
    );
    expectModel(instanceOfDeltaResponse, delta);
    expectModel(instanceOfDeltaResponse, await wire(api.getDeltaRaw({ orgId: ORG, appId: "quick", deltaId: delta.value.id })));
    const deployment = await wire(api.createDeploymentRaw({ orgId: ORG, appId: "quick", envId: "review", DeploymentRequest: { delta_id: delta.value.id, comment: "through the client" } }));
    expectModel(instanceOfDeploymentResponse, deployment);
    expectModel(instanceOfDeploymentResponse, await wire(api.getDeploymentRaw({ orgId: ORG, appId: "quick", envId: "review", deployId: deployment.value.id })));
    expectModel(instanceOfDeploymentResponse, await wire(api.listDeploymentsRaw({ orgId: ORG, appId: "quick", envId: "review" })));
    expect(await api.listDeploymentErrors({ orgId: ORG, appId: "quick", envId: "review", deployId: deployment.value.id })).toEqual([]);
    expectModel(instanceOfActiveResourceResponse, await wire(api.listActiveResourcesRaw({ orgId: ORG, appId: "quick", envId: "review" })));
  });

  it("deploys to a GitOps repository through the client, lists what was provisioned, forgets a resource and provisions it afresh", async () => {
    const h = await createHarness();
    const api = client(h.tokens.admin);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "baton-client-"));
    const remote = path.join(dataDir, "gitops.git");
    execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
    await api.createApplication({ orgId: ORG, ApplicationCreationRequest: { id: "quick", name: "Quickstart" } });
    await api.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "repo", name: "Repo", type: "k8s-cluster", driver_type: "humanitec/k8s-cluster-git", driver_inputs: { values: { url: remote, branch: "main" } }, criteria: [{ app_id: "quick" }] } });
    await api.createResourceDefinition({
      orgId: ORG,
      CreateResourceDefinitionRequestRequest: { id: "quick-db", name: "DB", type: "postgres", driver_type: "humanitec/template", driver_inputs: { values: { templates: { init: "password: {{ randAlphaNum 16 }}", outputs: "host: db\nport: 5432\nname: app\nusername: app", secrets: "password: {{ .init.password }}" } } }, criteria: [{ app_id: "quick" }] },
    });
    const web = { profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image: "nginx:1.27", variables: { DB: "${externals.db.host}" } } } }, externals: { db: { type: "postgres" } } };
    const delta = await api.orgsOrgIdAppsAppIdDeltasPost({ orgId: ORG, appId: "quick", DeltaRequest: { metadata: { env_id: "development" }, modules: { add: { web } } } });
    const worker = startWorker({ db: h.db, secrets: (await getRuntime()).secrets, dataDir, orgId: ORG, log: logger, pollMs: 20 });
    const deploy = async () => {
      const d = await api.createDeployment({ orgId: ORG, appId: "quick", envId: "development", DeploymentRequest: { delta_id: delta.id, comment: "client" } });
      worker.kick();
      await worker.idle();
      const errors = await api.listDeploymentErrors({ orgId: ORG, appId: "quick", envId: "development", deployId: d.id });
      expect(errors.map((e) => e.message)).toEqual([]);
      return api.getDeployment({ orgId: ORG, appId: "quick", envId: "development", deployId: d.id });
    };
    try {
      expect((await deploy()).status).toBe("succeeded");
      const listed = await wire(client(h.tokens.viewer).listActiveResourcesRaw({ orgId: ORG, appId: "quick", envId: "development" }));
      expectModel(instanceOfActiveResourceResponse, listed);
      const db = listed.value.find((r) => r.type === "postgres")!;
      expect(db).toMatchObject({ def_id: "quick-db", res_id: "modules.web.externals.db", app_id: "quick", env_id: "development", status: "active" });
      const guResId = db.gu_res_id;
      const ofDefinition = await wire(api.listActiveResourceByDefinitionRaw({ orgId: ORG, defId: "quick-db" }));
      expectModel(instanceOfActiveResourceResponse, ofDefinition);
      expect(ofDefinition.value.map((r) => r.gu_res_id)).toEqual([guResId]);
      expect(await api.deleteActiveResource({ orgId: ORG, appId: "quick", envId: "development", type: "postgres", resId: db.res_id }).catch((e: ResponseError) => e.response.status)).toBeUndefined();
      expect((await api.listActiveResources({ orgId: ORG, appId: "quick", envId: "development" })).some((r) => r.type === "postgres")).toBe(false);
      expect(await api.deleteActiveResource({ orgId: ORG, appId: "quick", envId: "development", type: "postgres", resId: db.res_id }).catch((e: ResponseError) => e.response.status)).toBe(404);
      // the next deployment provisions it again: same identity, freshly initialised
      expect((await deploy()).status).toBe("succeeded");
      const again = (await api.listActiveResources({ orgId: ORG, appId: "quick", envId: "development" })).find((r) => r.type === "postgres")!;
      expect(again.gu_res_id).toBe(guResId);
      expect(again.updated_at.getTime()).toBeGreaterThan(db.updated_at.getTime());
      // Jobs live in clusters Baton applies to; a GitOps environment's belong to its controller
      await api.orgsOrgIdAppsAppIdJobsDelete({ orgId: ORG, appId: "quick" });
      const [entry] = await api.listAuditLogEntries({ orgId: ORG, per_page: 1 });
      expect(entry).toMatchObject({ request_method: "DELETE", request_path: `/api/v1/orgs/${ORG}/apps/quick/jobs`, response_status: 204 });
    } finally {
      await worker.stop();
    }
  });

  it("manages roles, criteria and definition versions, and lists what an organisation holds", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.admin);
    expectModel(instanceOfUserRoleResponse, await wire(api.listUserRolesInOrgRaw({ orgId: ORG })));
    expectModel(instanceOfUserRoleResponse, await wire(api.getUserRoleInOrgRaw({ orgId: ORG, userId: h.userIds.viewer })));
    expectModel(instanceOfUserRoleResponse, await wire(api.createUserRoleInAppRaw({ orgId: ORG, appId: "shop", UserRoleRequest: { id: h.userIds.viewer, role: "viewer" } })));
    expectModel(instanceOfUserRoleResponse, await wire(api.updateUserRoleInAppRaw({ orgId: ORG, appId: "shop", userId: h.userIds.viewer, RoleRequest: { role: "developer" } })));
    expectModel(instanceOfUserRoleResponse, await wire(api.getUserRoleInAppRaw({ orgId: ORG, appId: "shop", userId: h.userIds.viewer })));
    expectModel(instanceOfUserRoleResponse, await wire(api.listUserRolesInAppRaw({ orgId: ORG, appId: "shop" })));
    await api.deleteUserRoleInApp({ orgId: ORG, appId: "shop", userId: h.userIds.viewer });
    expectModel(instanceOfUserRoleResponse, await wire(api.createUserRoleInEnvTypeRaw({ orgId: ORG, envType: "development", UserRoleRequest: { id: h.userIds.viewer, role: "deployer" } })));
    expectModel(instanceOfUserRoleResponse, await wire(api.listUserRolesInEnvTypeRaw({ orgId: ORG, envType: "development" })));
    expectModel(instanceOfEnvironmentTypeResponse, await wire(api.listEnvironmentTypesRaw({ orgId: ORG })));

    await api.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "shop-redis", name: "Redis", type: "redis", driver_type: "humanitec/echo", driver_inputs: { values: { host: "redis" } } } });
    expectModel(instanceOfMatchingCriteriaResponse, await wire(api.createResourceDefinitionCriteriaRaw({ orgId: ORG, defId: "shop-redis", MatchingCriteriaRuleRequest: { app_id: "shop", env_type: "development" } })));
    expectModel(instanceOfResourceDefinitionResponse, await wire(api.patchResourceDefinitionRaw({ orgId: ORG, defId: "shop-redis", PatchResourceDefinitionRequestRequest: { name: "Shop redis" } })));
    const versions = await wire(api.listResourceDefinitionVersionsRaw({ orgId: ORG, defId: "shop-redis" }));
    expectModel(instanceOfResourceDefinitionVersion, versions);
    // created, criterion added, renamed: newest first
    expect(versions.value.map((v) => v.name)).toEqual(["Shop redis", "Redis", "Redis"]);
    expectModel(instanceOfResourceDefinitionVersion, await wire(api.getResourceDefinitionVersionRaw({ orgId: ORG, defId: "shop-redis", defVersionId: versions.value[1].id })));

    await api.createResourceAccount({ orgId: ORG, CreateResourceAccountRequestRequest: { id: "shop-aws", name: "AWS", type: "aws", credentials: { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE", aws_secret_access_key: "secret" } } });
    expectModel(instanceOfResourceAccountResponse, await wire(api.listResourceAccountsRaw({ orgId: ORG })));
    expectModel(instanceOfResourceAccountResponse, await wire(api.getResourceAccountRaw({ orgId: ORG, accId: "shop-aws" })));
    expectModel(instanceOfDeltaResponse, await wire(api.orgsOrgIdAppsAppIdDeltasGetRaw({ orgId: ORG, appId: "shop" })));
  });

  it("edits deltas: patch merges, put replaces, metadata is set field by field", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.developer);
    const web = { profile: "humanitec/default-module", spec: { containers: { main: { id: "main", image: "nginx:1.27" } } } };
    const delta = await api.orgsOrgIdAppsAppIdDeltasPost({ orgId: ORG, appId: "shop", DeltaRequest: { metadata: { name: "draft" }, modules: { add: { web } } } });
    const patched = await wire(api.orgsOrgIdAppsAppIdDeltasDeltaIdPatchRaw({ orgId: ORG, appId: "shop", deltaId: delta.id, DeltaRequest: [{ modules: { add: { api: web } } }] }));
    expectModel(instanceOfDeltaResponse, patched);
    expect(Object.keys(patched.value.modules.add!).sort()).toEqual(["api", "web"]);
    await api.putDelta({ orgId: ORG, appId: "shop", deltaId: delta.id, DeltaRequest: { metadata: { name: "replaced" }, modules: { add: { worker: web } } } });
    await api.orgsOrgIdAppsAppIdDeltasDeltaIdMetadataNamePut({ orgId: ORG, appId: "shop", deltaId: delta.id, body: "renamed" });
    await api.orgsOrgIdAppsAppIdDeltasDeltaIdMetadataEnvIdPut({ orgId: ORG, appId: "shop", deltaId: delta.id, body: "development" });
    const read = await api.getDelta({ orgId: ORG, appId: "shop", deltaId: delta.id });
    expect(Object.keys(read.modules.add!)).toEqual(["worker"]);
    expect(read.metadata).toMatchObject({ name: "renamed", env_id: "development" });
    await api.orgsOrgIdAppsAppIdDeltasDeltaIdMetadataArchivedPut({ orgId: ORG, appId: "shop", deltaId: delta.id, body: true });
    expect(await api.orgsOrgIdAppsAppIdDeltasGet({ orgId: ORG, appId: "shop" })).toEqual([]);
    expect((await api.orgsOrgIdAppsAppIdDeltasGet({ orgId: ORG, appId: "shop", archived: true })).map((d) => d.id)).toEqual([delta.id]);
  });

  it("changes and deletes single values at both levels, and reads and restores versions", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.developer);
    const app = { orgId: ORG, appId: "shop" };
    const env = { ...app, envId: "development" };
    await api.orgsOrgIdAppsAppIdValuesPost({ ...app, ValueCreatePayloadRequest: { key: "MOTD", value: "hello", description: null } });
    expectModel(instanceOfValueResponse, await wire(api.orgsOrgIdAppsAppIdValuesKeyPutRaw({ ...app, key: "MOTD", ValueEditPayloadRequest: { value: "hi", description: "greeting" } })));
    expectModel(instanceOfValueResponse, await wire(api.orgsOrgIdAppsAppIdValuesKeyPatchRaw({ ...app, key: "MOTD", ValuePatchPayloadRequest: { description: "the greeting" } })));
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesPost({ ...env, ValueCreatePayloadRequest: { key: "MOTD", value: "dev hi", description: null } });
    const envPatched = await wire(api.orgsOrgIdAppsAppIdEnvsEnvIdValuesKeyPatchRaw({ ...env, key: "MOTD", ValuePatchPayloadRequest: { value: "dev hello" } }));
    expectModel(instanceOfValueResponse, envPatched);
    expect(envPatched.value).toMatchObject({ value: "dev hello", source: "env" });
    await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesKeyDelete({ ...env, key: "MOTD" });
    expect((await api.orgsOrgIdAppsAppIdEnvsEnvIdValuesGet(env)).map((v) => [v.value, v.source])).toEqual([["hi", "app"]]);
    const envVersions = await api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsGet(env);
    expectModel(instanceOfValueSetVersionResponse, await wire(api.orgsOrgIdAppsAppIdEnvsEnvIdValueSetVersionsValueSetVersionIdGetRaw({ ...env, valueSetVersionId: envVersions[0].id })));
    const versions = await api.orgsOrgIdAppsAppIdValueSetVersionsGet(app);
    const first = versions.at(-1)!;
    const one = await wire(api.orgsOrgIdAppsAppIdValueSetVersionsValueSetVersionIdGetRaw({ ...app, valueSetVersionId: first.id }));
    expectModel(instanceOfValueSetVersionResponse, one);
    expect(one.value.values.MOTD.value).toBe("hello");
    expect((await api.orgsOrgIdAppsAppIdValueSetVersionsValueSetVersionIdRestoreKeyPost({ ...app, valueSetVersionId: first.id, key: "MOTD", ValueSetActionPayloadRequest: {} })).result_of).toBe("app_value_set_version_restore");
    expect((await api.orgsOrgIdAppsAppIdValuesGet(app))[0].value).toBe("hello");
    await api.orgsOrgIdAppsAppIdValuesKeyDelete({ ...app, key: "MOTD" });
    expect(await api.orgsOrgIdAppsAppIdValuesGet(app)).toEqual([]);
    await api.orgsOrgIdAppsAppIdValueSetVersionsValueSetVersionIdRestorePost({ ...app, valueSetVersionId: first.id, ValueSetActionPayloadRequest: { comment: "undo" } });
    expect((await api.orgsOrgIdAppsAppIdValuesGet(app)).map((v) => v.value)).toEqual(["hello"]);
    // the app owner purges the first value once it has moved on
    await api.orgsOrgIdAppsAppIdValuesKeyPut({ ...app, key: "MOTD", ValueEditPayloadRequest: { value: "moved on", description: "" } });
    await client(h.tokens.admin).orgsOrgIdAppsAppIdValueSetVersionsValueSetVersionIdPurgeKeyPost({ ...app, valueSetVersionId: first.id, key: "MOTD", ValueSetActionPayloadRequest: {} });
    expect((await api.orgsOrgIdAppsAppIdValueSetVersionsValueSetVersionIdGet({ ...app, valueSetVersionId: first.id })).values.MOTD.value).toBe("");
  });

  it("creates a service user with a token, reads and revokes it, and changes and removes org roles", async () => {
    const h = await createHarness();
    const admin = client(h.tokens.admin);
    const ci = await wire(admin.createServiceUserInOrgRaw({ orgId: ORG, NewServiceUserRequest: { name: "ci pipeline", role: "member" } }));
    expectModel(instanceOfUserProfileResponse, ci);
    const token = await wire(admin.createUserTokenRaw({ userId: ci.value.id, TokenDefinitionRequest: { id: "ci", description: "pipeline", type: "static" } }));
    expectModel(instanceOfTokenResponse, token);
    const listed = await wire(admin.listUserTokensRaw({ userId: ci.value.id }));
    expectModel(instanceOfTokenInfoResponse, listed);
    // Baton names tokens itself (ids are unique across users); the requested id is not kept
    expect(listed.value.map((t) => [t.description, t.created_by])).toEqual([["pipeline", h.userIds.admin]]);
    expectModel(instanceOfTokenInfoResponse, await wire(admin.getUserTokenRaw({ userId: ci.value.id, tokenId: listed.value[0].id })));
    // the token works until it is revoked
    expect((await client(token.value.token).listApplications({ orgId: ORG })).length).toBeGreaterThanOrEqual(0);
    await admin.deleteUserToken({ userId: ci.value.id, tokenId: listed.value[0].id });
    expect(await client(token.value.token).listApplications({ orgId: ORG }).catch((e: ResponseError) => e.response.status)).toBe(401);
    expectModel(instanceOfUserRoleResponse, await wire(admin.updateUserRoleInOrgRaw({ orgId: ORG, userId: ci.value.id, RoleRequest: { role: "manager" } })));
    expect((await admin.getUserRoleInOrg({ orgId: ORG, userId: ci.value.id })).role).toBe("manager");
    await admin.createUserRoleInEnvType({ orgId: ORG, envType: "staging", UserRoleRequest: { id: ci.value.id, role: "deployer" } });
    await admin.deleteUserRoleInEnvType({ orgId: ORG, envType: "staging", userId: ci.value.id });
    expect(await admin.getUserRoleInEnvType({ orgId: ORG, envType: "staging", userId: ci.value.id }).catch((e: ResponseError) => e.response.status)).toBe(404);
    await admin.deleteUserRoleInOrg({ orgId: ORG, userId: ci.value.id });
    expect(await admin.getUserRoleInOrg({ orgId: ORG, userId: ci.value.id }).catch((e: ResponseError) => e.response.status)).toBe(404);
  });

  it("renames, rebases and deletes environments and applications; changes and deletes accounts, definitions and criteria", async () => {
    const h = await createHarness();
    await withShop(h);
    const api = client(h.tokens.admin);
    expectModel(instanceOfEnvironmentResponse, await wire(api.updateEnvironmentRaw({ orgId: ORG, appId: "shop", envId: "development", EnvironmentBaseUpdateRequest: { name: "Dev" } })));
    const deployed = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/score-deploys`, {
      token: h.tokens.admin,
      body: { workloads: [{ score_yaml: "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n", file: "score.yaml" }] },
    });
    const deployId = (deployed.body as { id: string }).id;
    await api.createEnvironment({ orgId: ORG, appId: "shop", EnvironmentDefinitionRequest: { id: "qa", name: "QA", type: "development" } });
    await api.rebaseEnvironment({ orgId: ORG, appId: "shop", envId: "qa", body: deployId });
    expect((await api.getEnvironment({ orgId: ORG, appId: "shop", envId: "qa" })).from_deploy?.id).toBe(deployId);
    await api.deleteEnvironment({ orgId: ORG, appId: "shop", envId: "qa" });
    expect(await api.getEnvironment({ orgId: ORG, appId: "shop", envId: "qa" }).catch((e: ResponseError) => e.response.status)).toBe(404);

    await api.createResourceAccount({ orgId: ORG, CreateResourceAccountRequestRequest: { id: "aws", name: "AWS", type: "aws", credentials: { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE", aws_secret_access_key: "s" } } });
    const account = await wire(api.patchResourceAccountRaw({ orgId: ORG, accId: "aws", UpdateResourceAccountRequestRequest: { name: "AWS prod" } }));
    expectModel(instanceOfResourceAccountResponse, account);
    expect(account.value.name).toBe("AWS prod");
    await api.deleteResourceAccount({ orgId: ORG, accId: "aws" });

    await api.createResourceDefinition({ orgId: ORG, CreateResourceDefinitionRequestRequest: { id: "cache", name: "Cache", type: "redis", driver_type: "humanitec/echo", driver_inputs: { values: { host: "a" } }, criteria: [{ env_type: "development" }] } });
    const updated = await wire(
      api.updateResourceDefinitionRaw({ orgId: ORG, defId: "cache", UpdateResourceDefinitionRequestRequest: { name: "Cache", driver_inputs: { values: { host: "b" } } } }).catch(async (e: ResponseError) => {
        throw new Error(JSON.stringify(await e.response.json()));
      }),
    );
    expectModel(instanceOfResourceDefinitionResponse, updated);
    expect(updated.value.driver_inputs!.values).toEqual({ host: "b" });
    const criteria = await wire(api.updateResourceDefinitionCriteriaRaw({ orgId: ORG, defId: "cache", MatchingCriteriaRuleRequest: [{ env_type: "development" }, { app_id: "shop", env_id: "staging" }] }));
    expectModel(instanceOfMatchingCriteriaResponse, criteria);
    await api.deleteResourceDefinitionCriteria({ orgId: ORG, defId: "cache", criteriaId: criteria.value[1].id });
    expect((await api.getResourceDefinition({ orgId: ORG, defId: "cache" })).criteria!.map((c) => c.env_type ?? c.env_id)).toEqual(["development"]);

    await api.deleteApplication({ orgId: ORG, appId: "shop" });
    expect(await api.getApplication({ orgId: ORG, appId: "shop" }).catch((e: ResponseError) => e.response.status)).toBe(404);
  });

  it("answers operations Baton does not have with a JSON 404 in Humanitec's error shape", async () => {
    const h = await createHarness();
    await withShop(h);
    const missing = await client(h.tokens.admin).orgsOrgIdRegistriesGet({ orgId: ORG }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResponseError);
    const res = (missing as ResponseError).response;
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ error: "API-404", message: expect.stringContaining("/api/v1/orgs/test-org/registries") });
  });
});
