import { queryRow } from "../../test-db";
import { afterAll, describe, expect, it } from "vitest";
import { ALL_ROUTES } from "@/lib/server/api/registry";
import { loadActor } from "@/lib/server/data/users";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { createUser } from "@/lib/server/operations/create-user";
import { runOperation } from "@/lib/server/operations/operation";
import { setRuntimeForTests } from "@/lib/server/runtime";
import { advanceRun } from "@/lib/server/pipelines/executor";
import { claimRunnableRun } from "@/lib/server/pipelines/leases";
import { cancelPipelineRun, createPipelineCriteria } from "@/lib/server/pipelines/operations";
import { FIXTURE_ACCOUNT, FIXTURE_CLASS, FIXTURE_DEF, HTTP_METHODS, ORG, SCORE_WEB, callApi, createHarness, discoverRouteFiles, loadRouteModule, withDeployment, withActiveResource, withDependencyGraph, withResources, withShop, withValues, withWorkload, withPipeline, withWebhook, FIXTURE_PIPELINE_YAML, FIXTURE_WEBHOOK_BODY, type Harness, type Method } from "./harness";

afterAll(() => setRuntimeForTests(undefined));

type Role = keyof Harness["tokens"];

interface Row {
  /** A role that may call the route (expects the route's success status). */
  allow: Role;
  /** A role that may not (expects 403); omitted only where every role may call it. */
  deny?: Role;
  /** Concrete path; `h` gives user ids. Defaults to the pattern with the fixture's ids. */
  path?: (h: Harness) => string | Promise<string>;
  body?: (h: Harness) => unknown | Promise<unknown>;
  /** Needs the `shop` app (default true). */
  shop?: boolean;
  /** Needs the fixture definition and cloud account. */
  resources?: boolean;
  /** Needs the value MOTD at app level and in development. */
  values?: boolean;
  /** Needs the workload `web` ("workload") or also a deployment of it ("deployment"). */
  deploy?: "workload" | "deployment";
  /** What the allowed role gets when it is not the route's success status (a deliberate 501). */
  allowedStatus?: number;
  /** An active resource `redis` `shared.cache` in shop/development. */
  activeResource?: boolean;
  /** A body sent as text (a YAML document), not JSON. */
  rawBody?: string;
}

const base = `/orgs/${ORG}`;

/**
 * Every API route × role. A route file exporting a method without a row here fails the
 * "covers every route" test, so a new route cannot ship without its permission check tested.
 */
export const ROLE_TABLE: Record<string, Row> = {
  "GET /orgs/{orgId}/pipeline-schemas/latest": { allow: "outsider" },
  "GET /orgs/{orgId}/apps/{appId}/pipelines": { allow: "viewer", deny: "outsider" },
  "GET /orgs/{orgId}/apps/{appId}/webhooks": { allow: "viewer", deny: "outsider" },
  "POST /orgs/{orgId}/apps/{appId}/webhooks": { allow: "admin", deny: "developer", body: () => FIXTURE_WEBHOOK_BODY },
  "GET /orgs/{orgId}/apps/{appId}/webhooks/{jobId}": { allow: "viewer", deny: "outsider", path: async (h) => webhookPath(h, "") },
  "PATCH /orgs/{orgId}/apps/{appId}/webhooks/{jobId}": { allow: "admin", deny: "developer", body: () => ({ disabled: true }), path: async (h) => webhookPath(h, "") },
  "DELETE /orgs/{orgId}/apps/{appId}/webhooks/{jobId}": { allow: "admin", deny: "developer", path: async (h) => webhookPath(h, "") },
  "GET /orgs/{orgId}/apps/{appId}/webhooks/{jobId}/deliveries": { allow: "viewer", deny: "outsider", path: async (h) => webhookPath(h, "/deliveries") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines": { allow: "admin", deny: "developer", rawBody: FIXTURE_PIPELINE_YAML },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}": { allow: "viewer", deny: "outsider", path: async (h) => pipelinePath(h, "") },
  "PATCH /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}": { allow: "admin", deny: "developer", rawBody: FIXTURE_PIPELINE_YAML, path: async (h) => pipelinePath(h, "") },
  "DELETE /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}": { allow: "admin", deny: "developer", path: async (h) => pipelinePath(h, "") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/schema": { allow: "viewer", deny: "outsider", path: async (h) => pipelinePath(h, "/schema") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/versions": { allow: "viewer", deny: "outsider", path: async (h) => pipelinePath(h, "/versions") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria": { allow: "viewer", deny: "outsider", path: async (h) => pipelinePath(h, "/criteria") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria": { allow: "admin", deny: "developer", body: () => ({ trigger: "deployment_request", env_type: "production" }), path: async (h) => pipelinePath(h, "/criteria") },
  "DELETE /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria/{criteriaId}": { allow: "admin", deny: "developer", path: async (h) => {
      const c = await criteriaOf(h, "production");
      return `${base}/apps/shop/pipelines/${c.pipelineId}/criteria/${c.id}`;
    } },
  "POST /orgs/{orgId}/apps/{appId}/pipeline-runs": { allow: "developer", deny: "viewer", body: () => ({ trigger: "deployment_request", env_id: "development", set_id: "0" }), path: async (h) => (await criteriaOf(h, "development"), `${base}/apps/shop/pipeline-runs`) },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs": { allow: "viewer", deny: "outsider", path: async (h) => runPath(h, "", false) },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs": { allow: "developer", deny: "viewer", body: () => ({ inputs: {} }), path: async (h) => `${await pipelinePath(h, "")}/runs` },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}": { allow: "viewer", deny: "outsider", path: async (h) => runPath(h, "") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/cancel": { allow: "developer", deny: "viewer", path: async (h) => runPath(h, "/cancel") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/restart": { allow: "developer", deny: "viewer", path: async (h) => runPath(h, "/restart", true, true) },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs": { allow: "viewer", deny: "outsider", path: async (h) => runPath(h, "/jobs") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}": { allow: "viewer", deny: "outsider", path: async (h) => runPath(h, "/jobs/approve") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/steps/{stepIndex}/logs": { allow: "viewer", deny: "outsider", path: async (h) => runPath(h, "/jobs/approve/steps/0/logs") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}": { allow: "viewer", deny: "outsider", path: async (h) => approvalPath(h, "") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}/approve": { allow: "developer", deny: "viewer", path: async (h) => approvalPath(h, "/approve") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}/deny": { allow: "developer", deny: "viewer", path: async (h) => approvalPath(h, "/deny") },
  "GET /orgs/{orgId}/apps/{appId}/approvals": { allow: "viewer", deny: "outsider", path: async (h) => (await withPipeline(h, { run: true }), `${base}/apps/shop/approvals`) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/rules": { allow: "viewer", deny: "outsider" },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/rules": { allow: "developer", deny: "viewer", body: () => ({ type: "update", match_ref: "^refs/heads/main$" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}": { allow: "viewer", deny: "outsider", path: async (h) => await rulePath(h) },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}": { allow: "developer", deny: "viewer", path: async (h) => await rulePath(h), body: () => ({ type: "update", active: false }) },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}": { allow: "developer", deny: "viewer", path: async (h) => await rulePath(h) },
  "GET /current-user": { allow: "outsider" },
  "PATCH /current-user": { allow: "outsider", body: () => ({ name: "Renamed" }), shop: false },
  "GET /orgs": { allow: "outsider" },
  "GET /orgs/{orgId}": { allow: "outsider" },
  "GET /orgs/{orgId}/resources/account-types": { allow: "outsider" },
  "GET /orgs/{orgId}/events": { allow: "outsider" },
  "GET /orgs/{orgId}/artefacts": { allow: "outsider", shop: false },
  "DELETE /orgs/{orgId}/artefacts/{artefactId}": { allow: "admin", deny: "manager", shop: false, path: async (h) => `${base}/artefacts/${(await artefactVersion(h)).artefact_id}` },
  "GET /orgs/{orgId}/artefacts/{artefactId}/versions": { allow: "outsider", shop: false, path: async (h) => `${base}/artefacts/${(await artefactVersion(h)).artefact_id}/versions` },
  "PATCH /orgs/{orgId}/artefacts/{artefactId}/versions/{versionId}": { allow: "admin", deny: "developer", shop: false, path: async (h) => { const v = await artefactVersion(h); return `${base}/artefacts/${v.artefact_id}/versions/${v.id}`; }, body: () => ({ archived: true }) },
  "GET /orgs/{orgId}/artefact-versions": { allow: "outsider", shop: false },
  "POST /orgs/{orgId}/artefact-versions": { allow: "outsider", deny: "viewer", shop: false, body: () => ({ type: "container", name: "registry.example.com/shop", version: "2" }) },
  "GET /orgs/{orgId}/artefact-versions/{artefactVersionId}": { allow: "outsider", shop: false, path: async (h) => `${base}/artefact-versions/${(await artefactVersion(h)).id}` },
  "GET /users/{userId}/tokens": { allow: "viewer", path: () => "/users/me/tokens" },
  "POST /users/{userId}/tokens": { allow: "viewer", path: () => "/users/me/tokens", body: () => ({ description: "ci" }) },
  "GET /users/{userId}/tokens/{tokenId}": { allow: "developer", deny: "viewer", path: async (h) => `/users/${h.userIds.developer}/tokens/${(await tokenIdOf(h, "developer"))}` },
  "DELETE /users/{userId}/tokens/{tokenId}": { allow: "manager", deny: "developer", path: async (h) => `/users/${h.userIds.manager}/tokens/${(await tokenIdOf(h, "manager"))}` },
  // The same routes on a service user's tokens: administrators only.
  "GET /users/{userId}/tokens (service user)": { allow: "admin", deny: "manager", path: async (h) => `/users/${(await serviceUser(h)).userId}/tokens` },
  "POST /users/{userId}/tokens (service user)": { allow: "admin", deny: "manager", path: async (h) => `/users/${(await serviceUser(h)).userId}/tokens`, body: () => ({ description: "ci" }) },
  "GET /users/{userId}/tokens/{tokenId} (service user)": { allow: "admin", deny: "manager", path: async (h) => `/users/${(await serviceUser(h)).userId}/tokens/${(await serviceUser(h)).tokenId}` },
  "DELETE /users/{userId}/tokens/{tokenId} (service user)": { allow: "admin", deny: "manager", path: async (h) => `/users/${(await serviceUser(h)).userId}/tokens/${(await serviceUser(h)).tokenId}` },

  "GET /orgs/{orgId}/apps": { allow: "outsider" },
  "POST /orgs/{orgId}/apps": { allow: "manager", deny: "developer", body: () => ({ id: "blog" }), shop: false },
  "GET /orgs/{orgId}/apps/{appId}": { allow: "developer", deny: "outsider" },
  "PATCH /orgs/{orgId}/apps/{appId}": { allow: "admin", deny: "developer", body: () => ({ name: "Shop 2" }) },
  "DELETE /orgs/{orgId}/apps/{appId}": { allow: "admin", deny: "developer" },
  "DELETE /orgs/{orgId}/apps/{appId}/jobs": { allow: "developer", deny: "viewer" },

  "GET /orgs/{orgId}/apps/{appId}/envs": { allow: "viewer", deny: "outsider" },
  "POST /orgs/{orgId}/apps/{appId}/envs": { allow: "developer", deny: "viewer", body: () => ({ id: "staging", type: "staging" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}": { allow: "viewer", deny: "outsider" },
  "PATCH /orgs/{orgId}/apps/{appId}/envs/{envId}": { allow: "developer", deny: "viewer", body: () => ({ name: "Dev" }) },
  "GET /orgs/{orgId}/apps/{appId}/runtime": { allow: "viewer", deny: "outsider" },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime": { allow: "viewer", deny: "outsider" },
  // Not deployed to a cluster: the allowed role passes the permission check and learns why nothing changed.
  "PATCH /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/replicas": { allow: "developer", deny: "viewer", allowedStatus: 409, body: () => ({ web: 2 }) },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/paused": { allow: "developer", deny: "viewer", allowedStatus: 409, body: () => true },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/restart": { allow: "developer", deny: "viewer", allowedStatus: 409, body: () => ({ workload: "web" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/logs": { allow: "viewer", deny: "outsider", allowedStatus: 409, path: () => `${base}/apps/shop/envs/development/runtime/logs?pod=web-1` },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}": { allow: "developer", deny: "viewer" },

  "GET /orgs/{orgId}/env-types": { allow: "outsider" },
  "POST /orgs/{orgId}/env-types": { allow: "admin", deny: "manager", body: () => ({ id: "qa" }), shop: false },
  "GET /orgs/{orgId}/env-types/{envTypeId}": { allow: "outsider" },
  "PATCH /orgs/{orgId}/env-types/{envTypeId}": { allow: "admin", deny: "manager", path: () => `${base}/env-types/production`, body: () => ({ description: "prod" }), shop: false },
  "DELETE /orgs/{orgId}/env-types/{envTypeId}": { allow: "admin", deny: "manager", path: () => `${base}/env-types/production` },
  "GET /orgs/{orgId}/env-types/{envTypeId}/users": { allow: "manager", deny: "developer" },
  "POST /orgs/{orgId}/env-types/{envTypeId}/users": { allow: "manager", deny: "developer", body: (h) => ({ id: h.userIds.viewer, role: "deployer" }) },
  "GET /orgs/{orgId}/env-types/{envTypeId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/env-types/development/users/${h.userIds.developer}` },
  "PATCH /orgs/{orgId}/env-types/{envTypeId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/env-types/development/users/${h.userIds.developer}`, body: () => ({ role: "deployer" }) },
  "DELETE /orgs/{orgId}/env-types/{envTypeId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/env-types/development/users/${h.userIds.developer}` },

  "GET /orgs/{orgId}/users": { allow: "manager", deny: "developer" },
  "POST /orgs/{orgId}/users": { allow: "manager", deny: "developer", body: () => ({ name: "CI bot", role: "member" }) },
  "GET /orgs/{orgId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/users/${h.userIds.viewer}` },
  "PATCH /orgs/{orgId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/users/${h.userIds.viewer}`, body: () => ({ role: "member" }) },
  "DELETE /orgs/{orgId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/users/${h.userIds.outsider}` },

  "GET /orgs/{orgId}/apps/{appId}/users": { allow: "viewer", deny: "outsider" },
  "POST /orgs/{orgId}/apps/{appId}/users": { allow: "manager", deny: "developer", body: (h) => ({ id: h.userIds.outsider, role: "viewer" }) },
  "GET /orgs/{orgId}/apps/{appId}/users/{userId}": { allow: "viewer", deny: "outsider", path: (h) => `${base}/apps/shop/users/${h.userIds.developer}` },
  "PATCH /orgs/{orgId}/apps/{appId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/apps/shop/users/${h.userIds.developer}`, body: () => ({ role: "owner" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/users/{userId}": { allow: "manager", deny: "developer", path: (h) => `${base}/apps/shop/users/${h.userIds.developer}` },

  "GET /orgs/{orgId}/resources/defs": { allow: "outsider", resources: true },
  "POST /orgs/{orgId}/resources/defs": { allow: "admin", deny: "manager", body: () => ({ id: "echo-pg", name: "PG", type: "postgres", driver_type: "humanitec/echo", driver_inputs: { values: { host: "pg" } } }) },
  "GET /orgs/{orgId}/resources/defs/{defId}": { allow: "outsider", resources: true },
  "PATCH /orgs/{orgId}/resources/defs/{defId}": { allow: "admin", deny: "manager", resources: true, body: () => ({ name: "Echo redis 3" }) },
  "PUT /orgs/{orgId}/resources/defs/{defId}": { allow: "admin", deny: "manager", resources: true, body: () => ({ name: "Echo redis 2", driver_type: "humanitec/echo", driver_inputs: { values: { host: "r2" } } }) },
  "DELETE /orgs/{orgId}/resources/defs/{defId}": { allow: "admin", deny: "manager", resources: true },
  "POST /orgs/{orgId}/resources/defs/{defId}/criteria": { allow: "admin", deny: "manager", resources: true, body: () => ({ env_type: "staging" }) },
  "PUT /orgs/{orgId}/resources/defs/{defId}/criteria": { allow: "admin", deny: "manager", resources: true, body: () => [{ env_type: "staging" }] },
  "DELETE /orgs/{orgId}/resources/defs/{defId}/criteria/{criteriaId}": { allow: "admin", deny: "manager", resources: true, path: async (h) => `${base}/resources/defs/${FIXTURE_DEF}/criteria/${(await firstId(h, "matching_criteria", FIXTURE_DEF))}` },
  "GET /orgs/{orgId}/resources/defs/{defId}/versions": { allow: "outsider", resources: true },
  "GET /orgs/{orgId}/resources/defs/{defId}/versions/{versionId}": { allow: "outsider", resources: true, path: async (h) => `${base}/resources/defs/${FIXTURE_DEF}/versions/${(await firstId(h, "resource_definition_versions", FIXTURE_DEF))}` },
  "POST /orgs/{orgId}/resources/defs/{defId}/versions/{versionId}/actions/promote": { allow: "admin", deny: "manager", resources: true, path: async (h) => `${base}/resources/defs/${FIXTURE_DEF}/versions/${(await firstId(h, "resource_definition_versions", FIXTURE_DEF))}/actions/promote` },
  "GET /orgs/{orgId}/resources/defs/{defId}/resources": { allow: "outsider", resources: true },
  "GET /orgs/{orgId}/resources/types": { allow: "outsider" },
  "GET /orgs/{orgId}/resources/drivers": { allow: "outsider" },
  "GET /orgs/{orgId}/audit-logs": { allow: "manager", deny: "developer" },
  "GET /orgs/{orgId}/resources/drivers/{driverId}": { allow: "outsider", path: () => `${base}/resources/drivers/echo` },
  "POST /orgs/{orgId}/resources/drivers": { allow: "admin", deny: "manager", allowedStatus: 501, body: () => ({ id: "my-driver", target: "https://driver.example.com" }) },
  "PUT /orgs/{orgId}/resources/drivers/{driverId}": { allow: "admin", deny: "manager", allowedStatus: 501, path: () => `${base}/resources/drivers/my-driver`, body: () => ({ target: "https://driver.example.com" }) },
  "DELETE /orgs/{orgId}/resources/drivers/{driverId}": { allow: "admin", deny: "manager", allowedStatus: 501, path: () => `${base}/resources/drivers/my-driver` },
  "POST /orgs/{orgId}/resources/types": { allow: "admin", deny: "manager", body: () => ({ type: `${ORG}/queue`, name: "Queue" }) },
  "GET /orgs/{orgId}/resources/classes": { allow: "outsider", resources: true },
  "POST /orgs/{orgId}/resources/types/{typeId}/classes": { allow: "admin", deny: "manager", path: () => `${base}/resources/types/postgres/classes`, body: () => ({ id: "large", description: "Large" }) },
  "GET /orgs/{orgId}/resources/types/{typeId}/classes/{classId}": { allow: "outsider", resources: true, path: () => `${base}/resources/types/redis/classes/${FIXTURE_CLASS}` },
  "PATCH /orgs/{orgId}/resources/types/{typeId}/classes/{classId}": { allow: "admin", deny: "manager", resources: true, path: () => `${base}/resources/types/redis/classes/${FIXTURE_CLASS}`, body: () => ({ description: "Durable" }) },
  "DELETE /orgs/{orgId}/resources/types/{typeId}/classes/{classId}": { allow: "admin", deny: "manager", resources: true, path: () => `${base}/resources/types/redis/classes/${FIXTURE_CLASS}` },
  "GET /orgs/{orgId}/resources/accounts": { allow: "outsider", resources: true },
  "POST /orgs/{orgId}/resources/accounts": { allow: "admin", deny: "manager", body: () => ({ id: "aws-main", name: "AWS", type: "aws", credentials: { aws_access_key_id: "AKIAABCDEFGHIJKLMNOP", aws_secret_access_key: "s3cr3t" } }) },
  "GET /orgs/{orgId}/resources/accounts/{accId}": { allow: "outsider", resources: true },
  "PATCH /orgs/{orgId}/resources/accounts/{accId}": { allow: "admin", deny: "manager", resources: true, body: () => ({ name: "Renamed" }) },
  "DELETE /orgs/{orgId}/resources/accounts/{accId}": { allow: "admin", deny: "manager", resources: true },
  "POST /orgs/{orgId}/resources/accounts/{accId}/actions/check": { allow: "admin", deny: "manager", resources: true },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/resources": { allow: "viewer", deny: "outsider" },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graphs": { allow: "viewer", deny: "outsider", resources: true, body: () => [{ id: "shared.cache", type: "redis" }] },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graphs/{graphId}": { allow: "viewer", deny: "outsider", resources: true, path: async (h) => `${base}/apps/shop/envs/development/resources/graphs/${(await withDependencyGraph(h))}` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graph": { allow: "viewer", deny: "outsider", resources: true, body: () => [{ id: "shared.cache", type: "redis" }] },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/{type}/{resId}": { allow: "developer", deny: "viewer", activeResource: true, path: () => `${base}/apps/shop/envs/development/resources/redis/shared.cache` },

  "GET /orgs/{orgId}/apps/{appId}/values": { allow: "viewer", deny: "outsider", values: true },
  "POST /orgs/{orgId}/apps/{appId}/values": { allow: "developer", deny: "viewer", body: () => ({ key: "NEW_KEY", value: "v" }) },
  "PUT /orgs/{orgId}/apps/{appId}/values/{key}": { allow: "developer", deny: "viewer", path: () => `${base}/apps/shop/values/MOTD`, body: () => ({ value: "hi" }) },
  "PATCH /orgs/{orgId}/apps/{appId}/values/{key}": { allow: "developer", deny: "viewer", values: true, path: () => `${base}/apps/shop/values/MOTD`, body: () => ({ value: "hello" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/values/{key}": { allow: "developer", deny: "viewer", values: true, path: () => `${base}/apps/shop/values/MOTD` },
  "DELETE /orgs/{orgId}/apps/{appId}/values": { allow: "developer", deny: "viewer", values: true, path: () => `${base}/apps/shop/values` },
  "GET /orgs/{orgId}/apps/{appId}/value-set-versions": { allow: "viewer", deny: "outsider", values: true },
  "GET /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}": { allow: "viewer", deny: "outsider", values: true, path: async (h) => `${base}/apps/shop/value-set-versions/${(await firstVersion(h, ""))}` },
  "POST /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}/restore": { allow: "developer", deny: "viewer", values: true, path: async (h) => `${base}/apps/shop/value-set-versions/${(await firstVersion(h, ""))}/restore` },
  "POST /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}/restore/{key}": { allow: "developer", deny: "viewer", values: true, path: async (h) => `${base}/apps/shop/value-set-versions/${(await firstVersion(h, ""))}/restore/MOTD` },
  "POST /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}/purge/{key}": { allow: "admin", deny: "developer", values: true, path: async (h) => `${base}/apps/shop/value-set-versions/${(await firstVersion(h, ""))}/purge/MOTD` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/values": { allow: "viewer", deny: "outsider", values: true },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/values": { allow: "developer", deny: "viewer", body: () => ({ key: "NEW_KEY", value: "v" }) },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/values/{key}": { allow: "developer", deny: "viewer", path: () => `${base}/apps/shop/envs/development/values/MOTD`, body: () => ({ value: "hi" }) },
  "PATCH /orgs/{orgId}/apps/{appId}/envs/{envId}/values/{key}": { allow: "developer", deny: "viewer", values: true, path: () => `${base}/apps/shop/envs/development/values/MOTD`, body: () => ({ value: "hello" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/values/{key}": { allow: "developer", deny: "viewer", values: true, path: () => `${base}/apps/shop/envs/development/values/MOTD` },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/values": { allow: "developer", deny: "viewer", values: true, path: () => `${base}/apps/shop/envs/development/values` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions": { allow: "viewer", deny: "outsider", values: true },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}": { allow: "viewer", deny: "outsider", values: true, path: async (h) => `${base}/apps/shop/envs/development/value-set-versions/${(await firstVersion(h, "development"))}` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}/restore": { allow: "developer", deny: "viewer", values: true, path: async (h) => `${base}/apps/shop/envs/development/value-set-versions/${(await firstVersion(h, "development"))}/restore` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}/restore/{key}": { allow: "developer", deny: "viewer", values: true, path: async (h) => `${base}/apps/shop/envs/development/value-set-versions/${(await firstVersion(h, "development"))}/restore/MOTD` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}/purge/{key}": { allow: "admin", deny: "developer", values: true, path: async (h) => `${base}/apps/shop/envs/development/value-set-versions/${(await firstVersion(h, "development"))}/purge/MOTD` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys": { allow: "viewer", deny: "outsider", deploy: "deployment" },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys": { allow: "developer", deny: "viewer", deploy: "workload", body: () => ({ comment: "from the API" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}": { allow: "viewer", deny: "outsider", deploy: "deployment", path: async (h) => `${base}/apps/shop/envs/development/deploys/${(await lastDeploy(h))}` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}/errors": { allow: "viewer", deny: "outsider", deploy: "deployment", path: async (h) => `${base}/apps/shop/envs/development/deploys/${(await lastDeploy(h))}/errors` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}/events": { allow: "viewer", deny: "outsider", deploy: "deployment", path: async (h) => `${base}/apps/shop/envs/development/deploys/${(await lastDeploy(h))}/events` },
  "GET /orgs/{orgId}/apps/{appId}/sets": { allow: "viewer", deny: "outsider", deploy: "deployment", path: () => `${base}/apps/shop/sets` },
  "GET /orgs/{orgId}/apps/{appId}/sets/{setId}": { allow: "viewer", deny: "outsider", deploy: "deployment", path: async (h) => `${base}/apps/shop/sets/${(await lastSet(h))}` },
  "POST /orgs/{orgId}/apps/{appId}/sets/{setId}": { allow: "developer", deny: "viewer", path: () => `${base}/apps/shop/sets/0`, body: () => ({ modules: { add: { api: { spec: { containers: { main: { image: "nginx" } } } } } } }) },
  "GET /orgs/{orgId}/apps/{appId}/sets/{setId}/diff/{sourceSetId}": { allow: "viewer", deny: "outsider", deploy: "deployment", path: async (h) => `${base}/apps/shop/sets/${(await lastSet(h))}/diff/0` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/score-deploys": { allow: "developer", deny: "viewer", body: () => ({ workloads: [{ score_yaml: SCORE_WEB.replace("nginx:1.27", ".") }], image: "nginx:1.28" }) },
  "GET /orgs/{orgId}/apps/{appId}/deltas": { allow: "viewer", deny: "outsider", deploy: "deployment" },
  "POST /orgs/{orgId}/apps/{appId}/deltas": { allow: "developer", deny: "viewer", body: () => ({ metadata: { env_id: "development" }, modules: { remove: ["web"] } }) },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/from_deploy_id": { allow: "developer", deny: "viewer", deploy: "deployment", body: async (h) => await lastDeploy(h) },
  "GET /orgs/{orgId}/apps/{appId}/deltas/{deltaId}": { allow: "viewer", deny: "outsider", deploy: "deployment", path: async (h) => `${base}/apps/shop/deltas/${(await lastDelta(h))}` },
  "PATCH /orgs/{orgId}/apps/{appId}/deltas/{deltaId}": { allow: "developer", deny: "viewer", deploy: "deployment", path: async (h) => `${base}/apps/shop/deltas/${(await lastDelta(h))}`, body: () => [{ shared: [] }] },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}": { allow: "developer", deny: "viewer", deploy: "deployment", path: async (h) => `${base}/apps/shop/deltas/${(await lastDelta(h))}`, body: () => ({ modules: { remove: ["web"] } }) },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/archived": { allow: "developer", deny: "viewer", deploy: "deployment", path: async (h) => `${base}/apps/shop/deltas/${(await lastDelta(h))}/metadata/archived`, body: () => false },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/env_id": { allow: "developer", deny: "viewer", deploy: "deployment", path: async (h) => `${base}/apps/shop/deltas/${(await lastDelta(h))}/metadata/env_id`, body: () => "development" },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/name": { allow: "developer", deny: "viewer", deploy: "deployment", path: async (h) => `${base}/apps/shop/deltas/${(await lastDelta(h))}/metadata/name`, body: () => "renamed" },
};

/** Public routes: no token needed, so neither 401 nor 403 applies. */
const PUBLIC_ROUTES = new Set(["GET /openapi.json"]);

/** A row key names its route, optionally followed by the case in parentheses. */
const routeOf = (key: string) => key.split(" ").slice(0, 2).join(" ");

const serviceUsers = new WeakMap<Harness, { userId: string; tokenId: string }>();

/** A service user `ci` with one token, both created by the administrator. */
async function serviceUser(h: Harness): Promise<{ userId: string; tokenId: string }> {
  let s = serviceUsers.get(h);
  if (!s) {
    const admin = (await loadActor(h.db, ORG, h.userIds.admin))!;
    const user = await runOperation(createUser, { email: "ci@service.baton.local", name: "ci", type: "service", orgRole: "member" }, { db: h.db, actor: admin });
    const token = await runOperation(createApiToken, { description: "ci", userId: user.id }, { db: h.db, actor: admin });
    s = { userId: user.id, tokenId: token.id };
    serviceUsers.set(h, s);
  }
  return s;
}

async function webhookPath(h: Harness, rest: string): Promise<string> {
  return `${base}/apps/shop/webhooks/${await withWebhook(h)}${rest}`;
}

async function pipelinePath(h: Harness, rest: string): Promise<string> {
  return `${base}/apps/shop/pipelines/${(await withPipeline(h)).pipelineId}${rest}`;
}

/** The fixture run's path; `finished`: cancelled and ended first (what restart needs). */
async function runPath(h: Harness, rest: string, run = true, finished = false): Promise<string> {
  const ids = await withPipeline(h, { run });
  if (!run) return `${base}/apps/shop/pipelines/${ids.pipelineId}/runs`;
  if (finished) {
    await runOperation(cancelPipelineRun, { appId: "shop", pipelineId: ids.pipelineId, runId: ids.runId }, { db: h.db, actor: (await loadActor(h.db, ORG, h.userIds.admin))!, requestId: "fixture" });
    await claimRunnableRun(h.db, { orgId: ORG, holder: "fixture", leaseMs: 60_000 });
    await advanceRun({ db: h.db, holder: "fixture", leaseMs: 60_000 }, ids.runId);
  }
  return `${base}/apps/shop/pipelines/${ids.pipelineId}/runs/${ids.runId}${rest}`;
}

async function approvalPath(h: Harness, rest: string): Promise<string> {
  const ids = await withPipeline(h, { run: true });
  return `${base}/apps/shop/pipelines/${ids.pipelineId}/runs/${ids.runId}/jobs/approve/approvals/${ids.approvalId}${rest}`;
}

async function criteriaOf(h: Harness, envType: string) {
  const { pipelineId } = await withPipeline(h);
  const { id } = await runOperation(createPipelineCriteria, { appId: "shop", pipelineId, trigger: "deployment_request", envType }, { db: h.db, actor: (await loadActor(h.db, ORG, h.userIds.admin))!, requestId: "fixture" });
  return { id, pipelineId };
}

/** An automation rule of shop/development created by the administrator. */
async function rulePath(h: Harness): Promise<string> {
  const r = await callApi("POST", `${base}/apps/shop/envs/development/rules`, { token: h.tokens.admin, body: { type: "update" } });
  if (r.status !== 201) throw new Error(`fixture: creating an automation rule answered ${r.status}`);
  return `${base}/apps/shop/envs/development/rules/${(r.body as { id: string }).id}`;
}

/** A container artefact version registered by the administrator. */
async function artefactVersion(h: Harness): Promise<{ id: string; artefact_id: string }> {
  const r = await callApi("POST", `${base}/artefact-versions`, { token: h.tokens.admin, body: { type: "container", name: "registry.example.com/fixture", version: "1" } });
  if (r.status !== 200) throw new Error(`fixture: registering an artefact version answered ${r.status}`);
  return r.body as { id: string; artefact_id: string };
}

async function tokenIdOf(h: Harness, role: Role): Promise<string> {
  const row = (await queryRow(h.db, "SELECT id FROM api_tokens WHERE user_id = ? ORDER BY created_at LIMIT 1", h.userIds[role])) as { id: string };
  return row.id;
}

const DEFAULT_IDS: Record<string, string> = { orgId: ORG, appId: "shop", envId: "development", envTypeId: "development", defId: FIXTURE_DEF, accId: FIXTURE_ACCOUNT };

const lastRow = async (h: Harness, sql: string) => ((await queryRow(h.db, sql)) as { id: string }).id;
const lastDeploy = async (h: Harness) => await lastRow(h, "SELECT id FROM deployments ORDER BY created_at DESC, id DESC LIMIT 1");
const lastSet = async (h: Harness) => await lastRow(h, "SELECT set_id AS id FROM deployments ORDER BY created_at DESC, id DESC LIMIT 1");
const lastDelta = async (h: Harness) => await lastRow(h, "SELECT id FROM deltas ORDER BY created_at DESC, id DESC LIMIT 1");

async function firstVersion(h: Harness, envId: string): Promise<string> {
  return ((await queryRow(h.db, "SELECT id FROM value_set_versions WHERE app_id = 'shop' AND env_id = ? ORDER BY created_at, id LIMIT 1", envId)) as { id: string }).id;
}

// Criteria and definition versions keep their insertion order in `rowid` on both databases (SQLite's own; db/migrations-pg/0002).
async function firstId(h: Harness, table: "matching_criteria" | "resource_definition_versions", defId: string): Promise<string> {
  return ((await queryRow(h.db, `SELECT id FROM ${table} WHERE def_id = ? ORDER BY rowid LIMIT 1`, defId)) as { id: string }).id;
}

function concretePath(pattern: string): string {
  return pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in DEFAULT_IDS)) throw new Error(`${pattern}: give the row a path (no default for {${name}})`);
    return DEFAULT_IDS[name];
  });
}

async function discoveredRoutes(): Promise<string[]> {
  const keys: string[] = [];
  for (const r of discoverRouteFiles()) {
    const mod = await loadRouteModule(r.file);
    for (const m of HTTP_METHODS) if (typeof mod[m] === "function") keys.push(`${m} ${r.path}`);
  }
  return keys;
}

describe("role table", () => {
  it("covers every route file and method, and nothing else", async () => {
    const discovered = await discoveredRoutes();
    const covered = new Set([...Object.keys(ROLE_TABLE).map(routeOf), ...PUBLIC_ROUTES]);
    expect(discovered.filter((k) => !covered.has(k)), "routes without a row in ROLE_TABLE").toEqual([]);
    expect([...covered].filter((k) => !discovered.includes(k)), "rows without a route").toEqual([]);
  });

  for (const [key, row] of Object.entries(ROLE_TABLE)) {
    it(key, async () => {
      const [method, pattern] = key.split(" ") as [Method, string];
      const route = ALL_ROUTES.find((r) => r.method === method && r.path === pattern);
      expect(route, `${key} is missing from the route registry`).toBeDefined();
      const h = await createHarness();
      if (row.shop !== false) await withShop(h);
      if (row.resources) await withResources(h);
      if (row.values) await withValues(h);
      if (row.deploy === "workload") await withWorkload(h);
      if (row.deploy === "deployment") await withDeployment(h);
      if (row.activeResource) await withActiveResource(h);
      const path = row.path ? await row.path(h) : concretePath(pattern);
      const body = await row.body?.(h);
      const raw = row.rawBody ? { rawBody: row.rawBody, headers: { "content-type": "application/x-yaml" } } : {};

      const anonymous = await callApi(method, path, { body, ...raw });
      expect(anonymous.status, JSON.stringify(anonymous.body)).toBe(401);
      expect(anonymous.body).toMatchObject({ error: "API-401" });

      if (row.deny) {
        const denied = await callApi(method, path, { token: h.tokens[row.deny], body, ...raw });
        expect(denied.status, `${row.deny}: ${JSON.stringify(denied.body)}`).toBe(403);
        expect(denied.body).toMatchObject({ error: "API-403", message: expect.any(String) });
      }

      const allowed = await callApi(method, path, { token: h.tokens[row.allow], body, ...raw });
      expect(allowed.status, `${row.allow}: ${JSON.stringify(allowed.body)}`).toBe(row.allowedStatus ?? route!.success.status);
      // The answer has the documented shape.
      const documented = route!.success.schema?.safeParse(allowed.body);
      if (documented && !documented.success) throw new Error(`${key}: response does not match its schema: ${documented.error.message}`);
    });
  }
});
