import { FIXTURE_PIPELINE_YAML, FIXTURE_WEBHOOK, FIXTURE_WEBHOOK_BODY, ORG } from "../server/api/harness";
import { ROLES, type MatrixState, type Role } from "./matrix-fixture";

/**
 * The permission table: for every API route and server action, the roles allowed (every other
 * role is refused) and the request that exercises it. Data only, shared by the permission
 * matrix and the bad-input tests (which reuse the valid bodies and inputs as seeds).
 */

const ALL: Role[] = [...ROLES];
const r = (spec: string): Role[] => spec.split(/\s+/).filter(Boolean) as Role[];
/** Everyone who sees app `shop`: org roles other than member, and members with an app role. */
const SHOP_READERS = r("admin manager viewer appViewer appDev deployer owner");
/** app developer or owner on shop (env.update, workload.edit, values.edit). */
const SHOP_DEVELOPERS = r("admin appDev deployer owner");
/** …and deployer on `development` (env.create / env.delete / env.deploy there). */
const DEVELOPMENT_DEPLOYERS = r("admin deployer owner");
const MANAGERS = r("admin manager");
const ADMINS = r("admin");

export interface Ctx {
  s: MatrixState;
  role: Role;
}

export interface Row {
  allow: Role[];
  /** What an allowed role gets when it is not the route's success status (a deliberate 501). */
  allowedStatus?: number;
  /** Start from the fixture with a pending deployment in shop/development. */
  deployed?: boolean;
  /** API rows: concrete path (default: the pattern with the fixture's ids) and body. */
  path?: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  /** API rows: a body sent as text (a YAML document). */
  rawBody?: string;
  /** Action rows: the input. */
  input?: (c: Ctx) => unknown;
  /** Action rows: the refusal an allowed role gets when the fixture cannot let it succeed (no cluster: "conflict"). */
  allowedCode?: string;
}

const base = `/orgs/${ORG}`;
// Ids the rows need, read from the fixture once (every cell starts from a copy of it).
const must = (id: string | undefined, what: string): string => {
  if (!id) throw new Error(`the fixture has no ${what}`);
  return id;
};
const lastDeploy = (c: Ctx) => must(c.s.ids.lastDeploy, "deployment");
const lastSet = (c: Ctx) => must(c.s.ids.lastSet, "deployment set");
const lastDelta = (c: Ctx) => must(c.s.ids.lastDelta, "delta");
const firstValueVersion = (c: Ctx, envId: "" | "development") => must(c.s.ids.firstValueVersion[envId], `value set version for env "${envId}"`);
const firstOf = (c: Ctx, table: "matching_criteria" | "resource_definition_versions") => must(c.s.ids.firstOf[table], `row in ${table}`);
const artefactOf = (c: Ctx) => {
  if (!c.s.ids.artefactVersion) throw new Error("the fixture has no artefact version");
  return c.s.ids.artefactVersion;
};
const rulePath = (c: Ctx) => `${base}/apps/shop/envs/development/rules/${must(c.s.ids.automationRule, "automation rule")}`;
const RULE_BODY = () => ({ type: "update", artefacts_filter: ["registry.example.com/shop"], match_ref: "^refs/tags/v" });
export const tokenOf = (c: Ctx, role: Role) => must(c.s.ids.tokenIds[role], `token of ${role}`);

const pipelineIds = (c: Ctx) => {
  if (!c.s.ids.pipeline) throw new Error("the fixture has no pipeline");
  return c.s.ids.pipeline;
};
const pipelinePath = (c: Ctx, rest = "") => `${base}/apps/shop/pipelines/${pipelineIds(c).pipelineId}${rest}`;
const runPath = (c: Ctx, rest = "", runId = pipelineIds(c).runId) => pipelinePath(c, `/runs/${runId}${rest}`);
const approvalPath = (c: Ctx, rest = "") => runPath(c, `/jobs/approve/approvals/${pipelineIds(c).approvalId}${rest}`);
const webhookPath = (rest = "") => `${base}/apps/shop/webhooks/${FIXTURE_WEBHOOK}${rest}`;
/** app owners (app.update: writing pipelines and their criteria, and webhooks). */
const SHOP_OWNERS = r("admin owner");

export const DEFAULT_IDS: Record<string, string> = { orgId: ORG, appId: "shop", envId: "development", envTypeId: "development", defId: "echo-redis", accId: "local-cluster" };

export const API: Record<string, Row> = {
  "GET /orgs/{orgId}/pipeline-schemas/latest": { allow: ALL },
  "GET /orgs/{orgId}/apps/{appId}/webhooks": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/webhooks": { allow: SHOP_OWNERS, body: () => FIXTURE_WEBHOOK_BODY },
  "GET /orgs/{orgId}/apps/{appId}/webhooks/{jobId}": { allow: SHOP_READERS, path: () => webhookPath() },
  "PATCH /orgs/{orgId}/apps/{appId}/webhooks/{jobId}": { allow: SHOP_OWNERS, path: () => webhookPath(), body: () => ({ disabled: true }) },
  "DELETE /orgs/{orgId}/apps/{appId}/webhooks/{jobId}": { allow: SHOP_OWNERS, path: () => webhookPath() },
  "GET /orgs/{orgId}/apps/{appId}/webhooks/{jobId}/deliveries": { allow: SHOP_READERS, path: () => webhookPath("/deliveries") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/pipelines": { allow: SHOP_OWNERS, rawBody: FIXTURE_PIPELINE_YAML },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}": { allow: SHOP_READERS, path: (c) => pipelinePath(c) },
  "PATCH /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}": { allow: SHOP_OWNERS, rawBody: FIXTURE_PIPELINE_YAML, path: (c) => pipelinePath(c) },
  // The fixture pipeline has a run waiting: whoever may delete it is told to cancel that first.
  "DELETE /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}": { allow: SHOP_OWNERS, allowedStatus: 409, path: (c) => pipelinePath(c) },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/schema": { allow: SHOP_READERS, path: (c) => pipelinePath(c, "/schema") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/versions": { allow: SHOP_READERS, path: (c) => pipelinePath(c, "/versions") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria": { allow: SHOP_READERS, path: (c) => pipelinePath(c, "/criteria") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria": { allow: SHOP_OWNERS, path: (c) => pipelinePath(c, "/criteria"), body: () => ({ trigger: "deployment_request", env_type: "production" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/criteria/{criteriaId}": { allow: SHOP_OWNERS, path: (c) => pipelinePath(c, `/criteria/${pipelineIds(c).criteriaId}`) },
  "POST /orgs/{orgId}/apps/{appId}/pipeline-runs": { allow: SHOP_DEVELOPERS, body: () => ({ trigger: "deployment_request", env_id: "development", set_id: "0" }) },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs": { allow: SHOP_READERS, path: (c) => pipelinePath(c, "/runs") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs": { allow: SHOP_DEVELOPERS, path: (c) => pipelinePath(c, "/runs"), body: () => ({ inputs: {} }) },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}": { allow: SHOP_READERS, path: (c) => runPath(c) },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/cancel": { allow: SHOP_DEVELOPERS, path: (c) => runPath(c, "/cancel") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/restart": { allow: SHOP_DEVELOPERS, path: (c) => runPath(c, "/restart", pipelineIds(c).endedRunId) },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs": { allow: SHOP_READERS, path: (c) => runPath(c, "/jobs") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}": { allow: SHOP_READERS, path: (c) => runPath(c, "/jobs/approve") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/steps/{stepIndex}/logs": { allow: SHOP_READERS, path: (c) => runPath(c, "/jobs/approve/steps/0/logs") },
  "GET /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}": { allow: SHOP_READERS, path: (c) => approvalPath(c) },
  // Deciding needs deploy permission on the approval's environment (development), not having started the run.
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}/approve": { allow: DEVELOPMENT_DEPLOYERS, path: (c) => approvalPath(c, "/approve") },
  "POST /orgs/{orgId}/apps/{appId}/pipelines/{pipelineId}/runs/{runId}/jobs/{jobId}/approvals/{approvalId}/deny": { allow: DEVELOPMENT_DEPLOYERS, path: (c) => approvalPath(c, "/deny") },
  "GET /orgs/{orgId}/apps/{appId}/approvals": { allow: SHOP_READERS },
  // A rule deploys to its environment: managing one takes deploy rights there; reading it, seeing the app.
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/rules": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/rules": { allow: DEVELOPMENT_DEPLOYERS, body: RULE_BODY },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}": { allow: SHOP_READERS, path: rulePath },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}": { allow: DEVELOPMENT_DEPLOYERS, path: rulePath, body: RULE_BODY },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/rules/{ruleId}": { allow: DEVELOPMENT_DEPLOYERS, path: rulePath },
  "GET /current-user": { allow: ALL },
  "PATCH /current-user": { allow: ALL, body: () => ({ name: "Renamed" }) },
  "GET /orgs": { allow: ALL },
  "GET /orgs/{orgId}": { allow: ALL },
  "GET /orgs/{orgId}/resources/account-types": { allow: ALL },
  "GET /orgs/{orgId}/events": { allow: ALL },
  "GET /orgs/{orgId}/artefacts": { allow: ALL },
  "DELETE /orgs/{orgId}/artefacts/{artefactId}": { allow: ADMINS, path: (c) => `${base}/artefacts/${artefactOf(c).artefactId}` },
  "GET /orgs/{orgId}/artefacts/{artefactId}/versions": { allow: ALL, path: (c) => `${base}/artefacts/${artefactOf(c).artefactId}/versions` },
  "PATCH /orgs/{orgId}/artefacts/{artefactId}/versions/{versionId}": { allow: ADMINS, path: (c) => `${base}/artefacts/${artefactOf(c).artefactId}/versions/${artefactOf(c).id}`, body: () => ({ archived: true }) },
  "GET /orgs/{orgId}/artefact-versions": { allow: ALL },
  "POST /orgs/{orgId}/artefact-versions": { allow: r("admin manager member appViewer appDev deployer owner"), body: () => ({ type: "container", name: "registry.example.com/shop", version: "1.0.1", ref: "refs/heads/main" }) },
  "GET /orgs/{orgId}/artefact-versions/{artefactVersionId}": { allow: ALL, path: (c) => `${base}/artefact-versions/${artefactOf(c).id}` },
  "GET /users/{userId}/tokens": { allow: ALL, path: () => "/users/me/tokens" },
  "POST /users/{userId}/tokens": { allow: ALL, path: () => "/users/me/tokens", body: () => ({ description: "ci" }) },
  // A person's tokens belong to that person: nobody else lists, creates, reads or revokes
  // them, not even an administrator (a token acts as its owner).
  "GET /users/{userId}/tokens (a person's, by id)": { allow: r("deployer"), path: (c) => `/users/${c.s.userIds.deployer}/tokens` },
  "POST /users/{userId}/tokens (a person's, by id)": { allow: r("deployer"), path: (c) => `/users/${c.s.userIds.deployer}/tokens`, body: () => ({ description: "ci" }) },
  "GET /users/{userId}/tokens/{tokenId}": { allow: r("deployer"), path: (c) => `/users/${c.s.userIds.deployer}/tokens/${tokenOf(c, "deployer")}` },
  "DELETE /users/{userId}/tokens/{tokenId}": { allow: r("deployer"), path: (c) => `/users/${c.s.userIds.deployer}/tokens/${tokenOf(c, "deployer")}` },
  // A service user's tokens: administrators manage them (CI identities have no session).
  "GET /users/{userId}/tokens (service user)": { allow: ADMINS, path: (c) => `/users/${c.s.serviceUser.userId}/tokens` },
  "POST /users/{userId}/tokens (service user)": { allow: ADMINS, path: (c) => `/users/${c.s.serviceUser.userId}/tokens`, body: () => ({ description: "ci" }) },
  "GET /users/{userId}/tokens/{tokenId} (service user)": { allow: ADMINS, path: (c) => `/users/${c.s.serviceUser.userId}/tokens/${c.s.serviceUser.tokenId}` },
  "DELETE /users/{userId}/tokens/{tokenId} (service user)": { allow: ADMINS, path: (c) => `/users/${c.s.serviceUser.userId}/tokens/${c.s.serviceUser.tokenId}` },

  "GET /orgs/{orgId}/apps": { allow: ALL },
  "POST /orgs/{orgId}/apps": { allow: MANAGERS, body: () => ({ id: "blog" }) },
  "GET /orgs/{orgId}/apps/{appId}": { allow: SHOP_READERS },
  "PATCH /orgs/{orgId}/apps/{appId}": { allow: r("admin owner"), body: () => ({ name: "Shop 2" }) },
  "DELETE /orgs/{orgId}/apps/{appId}": { allow: r("admin owner") },
  // every environment of shop is of type development: its deployers (a never-deployed env is skipped)
  "DELETE /orgs/{orgId}/apps/{appId}/jobs": { allow: DEVELOPMENT_DEPLOYERS },

  "GET /orgs/{orgId}/apps/{appId}/envs": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/envs": { allow: DEVELOPMENT_DEPLOYERS, body: () => ({ id: "dev2", type: "development" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}": { allow: SHOP_READERS },
  "PATCH /orgs/{orgId}/apps/{appId}/envs/{envId}": { allow: SHOP_DEVELOPERS, body: () => ({ name: "Dev" }) },
  "GET /orgs/{orgId}/apps/{appId}/runtime": { allow: SHOP_READERS },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime": { allow: SHOP_READERS },
  // The fixture deploys to no cluster: allowed roles pass the permission check and get 409 (nothing to change).
  "PATCH /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/replicas": { allow: DEVELOPMENT_DEPLOYERS, allowedStatus: 409, body: () => ({ web: 2 }) },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/paused": { allow: DEVELOPMENT_DEPLOYERS, allowedStatus: 409, body: () => true },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/restart": { allow: DEVELOPMENT_DEPLOYERS, allowedStatus: 409, body: () => ({ workload: "web" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/runtime/logs": { allow: SHOP_READERS, allowedStatus: 409, path: () => `${base}/apps/shop/envs/development/runtime/logs?pod=web-1` },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}": { allow: DEVELOPMENT_DEPLOYERS },

  "GET /orgs/{orgId}/env-types": { allow: ALL },
  "POST /orgs/{orgId}/env-types": { allow: ADMINS, body: () => ({ id: "qa" }) },
  "GET /orgs/{orgId}/env-types/{envTypeId}": { allow: ALL },
  "PATCH /orgs/{orgId}/env-types/{envTypeId}": { allow: ADMINS, path: () => `${base}/env-types/production`, body: () => ({ description: "prod" }) },
  "DELETE /orgs/{orgId}/env-types/{envTypeId}": { allow: ADMINS, path: () => `${base}/env-types/production` },
  "GET /orgs/{orgId}/env-types/{envTypeId}/users": { allow: MANAGERS },
  "POST /orgs/{orgId}/env-types/{envTypeId}/users": { allow: MANAGERS, body: (c) => ({ id: c.s.userIds.viewer, role: "deployer" }) },
  "GET /orgs/{orgId}/env-types/{envTypeId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/env-types/development/users/${c.s.userIds.deployer}` },
  "PATCH /orgs/{orgId}/env-types/{envTypeId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/env-types/development/users/${c.s.userIds.deployer}`, body: () => ({ role: "deployer" }) },
  "DELETE /orgs/{orgId}/env-types/{envTypeId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/env-types/development/users/${c.s.userIds.deployer}` },

  "GET /orgs/{orgId}/users": { allow: MANAGERS },
  "POST /orgs/{orgId}/users": { allow: MANAGERS, body: () => ({ name: "CI bot", role: "member" }) },
  "GET /orgs/{orgId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/users/${c.s.userIds.viewer}` },
  "PATCH /orgs/{orgId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/users/${c.s.userIds.viewer}`, body: () => ({ role: "member" }) },
  "DELETE /orgs/{orgId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/users/${c.s.userIds.member}` },

  "GET /orgs/{orgId}/apps/{appId}/users": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/users": { allow: MANAGERS, body: (c) => ({ id: c.s.userIds.member, role: "viewer" }) },
  "GET /orgs/{orgId}/apps/{appId}/users/{userId}": { allow: SHOP_READERS, path: (c) => `${base}/apps/shop/users/${c.s.userIds.appDev}` },
  "PATCH /orgs/{orgId}/apps/{appId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/apps/shop/users/${c.s.userIds.appDev}`, body: () => ({ role: "owner" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/users/{userId}": { allow: MANAGERS, path: (c) => `${base}/apps/shop/users/${c.s.userIds.appDev}` },

  "GET /orgs/{orgId}/resources/defs": { allow: ALL },
  "POST /orgs/{orgId}/resources/defs": { allow: ADMINS, body: () => ({ id: "echo-pg", name: "PG", type: "postgres", driver_type: "humanitec/echo", driver_inputs: { values: { host: "pg" } } }) },
  "GET /orgs/{orgId}/resources/defs/{defId}": { allow: ALL },
  "PATCH /orgs/{orgId}/resources/defs/{defId}": { allow: ADMINS, body: () => ({ name: "Echo redis 3" }) },
  "PUT /orgs/{orgId}/resources/defs/{defId}": { allow: ADMINS, body: () => ({ name: "Echo redis 2", driver_type: "humanitec/echo", driver_inputs: { values: { host: "r2" } } }) },
  // (the plain fixture's active resource comes from echo-redis, which keeps it from deletion)
  "DELETE /orgs/{orgId}/resources/defs/{defId}": { allow: ADMINS, deployed: true },
  "POST /orgs/{orgId}/resources/defs/{defId}/criteria": { allow: ADMINS, body: () => ({ env_type: "staging" }) },
  "PUT /orgs/{orgId}/resources/defs/{defId}/criteria": { allow: ADMINS, body: () => [{ env_type: "staging" }] },
  "DELETE /orgs/{orgId}/resources/defs/{defId}/criteria/{criteriaId}": { allow: ADMINS, path: (c) => `${base}/resources/defs/echo-redis/criteria/${firstOf(c, "matching_criteria")}` },
  "GET /orgs/{orgId}/resources/defs/{defId}/versions": { allow: ALL },
  "GET /orgs/{orgId}/resources/defs/{defId}/versions/{versionId}": { allow: ALL, path: (c) => `${base}/resources/defs/echo-redis/versions/${firstOf(c, "resource_definition_versions")}` },
  "POST /orgs/{orgId}/resources/defs/{defId}/versions/{versionId}/actions/promote": { allow: ADMINS, path: (c) => `${base}/resources/defs/echo-redis/versions/${firstOf(c, "resource_definition_versions")}/actions/promote` },
  "GET /orgs/{orgId}/resources/defs/{defId}/resources": { allow: ALL },
  "GET /orgs/{orgId}/resources/types": { allow: ALL },
  "GET /orgs/{orgId}/resources/drivers": { allow: ALL },
  "GET /orgs/{orgId}/audit-logs": { allow: MANAGERS },
  "GET /orgs/{orgId}/resources/drivers/{driverId}": { allow: ALL, path: () => `${base}/resources/drivers/echo` },
  "POST /orgs/{orgId}/resources/drivers": { allow: ADMINS, allowedStatus: 501, body: () => ({ id: "my-driver", target: "https://driver.example.com" }) },
  "PUT /orgs/{orgId}/resources/drivers/{driverId}": { allow: ADMINS, allowedStatus: 501, path: () => `${base}/resources/drivers/my-driver`, body: () => ({ target: "https://driver.example.com" }) },
  "DELETE /orgs/{orgId}/resources/drivers/{driverId}": { allow: ADMINS, allowedStatus: 501, path: () => `${base}/resources/drivers/my-driver` },
  "POST /orgs/{orgId}/resources/types": { allow: ADMINS, body: () => ({ type: `${ORG}/queue`, name: "Queue" }) },
  "GET /orgs/{orgId}/resources/classes": { allow: ALL },
  "POST /orgs/{orgId}/resources/types/{typeId}/classes": { allow: ADMINS, path: () => `${base}/resources/types/postgres/classes`, body: () => ({ id: "large", description: "Large" }) },
  "GET /orgs/{orgId}/resources/types/{typeId}/classes/{classId}": { allow: ALL, path: () => `${base}/resources/types/redis/classes/persistent` },
  "PATCH /orgs/{orgId}/resources/types/{typeId}/classes/{classId}": { allow: ADMINS, path: () => `${base}/resources/types/redis/classes/persistent`, body: () => ({ description: "Durable" }) },
  "DELETE /orgs/{orgId}/resources/types/{typeId}/classes/{classId}": { allow: ADMINS, path: () => `${base}/resources/types/redis/classes/persistent` },
  "GET /orgs/{orgId}/resources/accounts": { allow: ALL },
  "POST /orgs/{orgId}/resources/accounts": { allow: ADMINS, body: () => ({ id: "aws-main", name: "AWS", type: "aws", credentials: { aws_access_key_id: "AKIAABCDEFGHIJKLMNOP", aws_secret_access_key: "s3cr3t" } }) },
  "GET /orgs/{orgId}/resources/accounts/{accId}": { allow: ALL },
  "PATCH /orgs/{orgId}/resources/accounts/{accId}": { allow: ADMINS, body: () => ({ name: "Renamed" }) },
  "DELETE /orgs/{orgId}/resources/accounts/{accId}": { allow: ADMINS },
  "POST /orgs/{orgId}/resources/accounts/{accId}/actions/check": { allow: ADMINS },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/resources": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graphs": { allow: SHOP_READERS, body: () => [{ id: "shared.cache", type: "redis" }] },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graphs/{graphId}": { allow: SHOP_READERS, path: (c) => `${base}/apps/shop/envs/development/resources/graphs/${must(c.s.ids.graph, "dependency graph")}` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/graph": { allow: SHOP_READERS, body: () => [{ id: "shared.cache", type: "redis" }] },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/resources/{type}/{resId}": { allow: DEVELOPMENT_DEPLOYERS, path: () => `${base}/apps/shop/envs/development/resources/redis/shared.cache` },

  "GET /orgs/{orgId}/apps/{appId}/values": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/values": { allow: SHOP_DEVELOPERS, body: () => ({ key: "NEW_KEY", value: "v" }) },
  "PUT /orgs/{orgId}/apps/{appId}/values/{key}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/values/MOTD`, body: () => ({ value: "hi" }) },
  "PATCH /orgs/{orgId}/apps/{appId}/values/{key}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/values/MOTD`, body: () => ({ value: "hello" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/values/{key}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/values/MOTD` },
  "DELETE /orgs/{orgId}/apps/{appId}/values": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/values` },
  "GET /orgs/{orgId}/apps/{appId}/value-set-versions": { allow: SHOP_READERS },
  "GET /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}": { allow: SHOP_READERS, path: (c) => `${base}/apps/shop/value-set-versions/${firstValueVersion(c, "")}` },
  "POST /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}/restore": { allow: SHOP_DEVELOPERS, path: (c) => `${base}/apps/shop/value-set-versions/${firstValueVersion(c, "")}/restore` },
  "POST /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}/restore/{key}": { allow: SHOP_DEVELOPERS, path: (c) => `${base}/apps/shop/value-set-versions/${firstValueVersion(c, "")}/restore/MOTD` },
  "POST /orgs/{orgId}/apps/{appId}/value-set-versions/{versionId}/purge/{key}": { allow: r("admin owner"), path: (c) => `${base}/apps/shop/value-set-versions/${firstValueVersion(c, "")}/purge/MOTD` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/values": { allow: SHOP_READERS },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/values": { allow: SHOP_DEVELOPERS, body: () => ({ key: "NEW_KEY", value: "v" }) },
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/values/{key}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/envs/development/values/MOTD`, body: () => ({ value: "hi" }) },
  "PATCH /orgs/{orgId}/apps/{appId}/envs/{envId}/values/{key}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/envs/development/values/MOTD`, body: () => ({ value: "hello" }) },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/values/{key}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/envs/development/values/MOTD` },
  "DELETE /orgs/{orgId}/apps/{appId}/envs/{envId}/values": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/envs/development/values` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions": { allow: SHOP_READERS },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}": { allow: SHOP_READERS, path: (c) => `${base}/apps/shop/envs/development/value-set-versions/${firstValueVersion(c, "development")}` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}/restore": { allow: SHOP_DEVELOPERS, path: (c) => `${base}/apps/shop/envs/development/value-set-versions/${firstValueVersion(c, "development")}/restore` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}/restore/{key}": { allow: SHOP_DEVELOPERS, path: (c) => `${base}/apps/shop/envs/development/value-set-versions/${firstValueVersion(c, "development")}/restore/MOTD` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/value-set-versions/{versionId}/purge/{key}": { allow: r("admin owner"), path: (c) => `${base}/apps/shop/envs/development/value-set-versions/${firstValueVersion(c, "development")}/purge/MOTD` },

  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys": { allow: SHOP_READERS, deployed: true },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys": { allow: DEVELOPMENT_DEPLOYERS, body: () => ({ comment: "from the API" }) },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}": { allow: SHOP_READERS, deployed: true, path: (c) => `${base}/apps/shop/envs/development/deploys/${lastDeploy(c)}` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}/errors": { allow: SHOP_READERS, deployed: true, path: (c) => `${base}/apps/shop/envs/development/deploys/${lastDeploy(c)}/errors` },
  "GET /orgs/{orgId}/apps/{appId}/envs/{envId}/deploys/{deployId}/events": { allow: SHOP_READERS, deployed: true, path: (c) => `${base}/apps/shop/envs/development/deploys/${lastDeploy(c)}/events` },
  "GET /orgs/{orgId}/apps/{appId}/sets": { allow: SHOP_READERS, deployed: true, path: () => `${base}/apps/shop/sets` },
  "GET /orgs/{orgId}/apps/{appId}/sets/{setId}": { allow: SHOP_READERS, deployed: true, path: (c) => `${base}/apps/shop/sets/${lastSet(c)}` },
  "POST /orgs/{orgId}/apps/{appId}/sets/{setId}": { allow: SHOP_DEVELOPERS, path: () => `${base}/apps/shop/sets/0`, body: () => ({ modules: { add: { api: { spec: { containers: { main: { image: "nginx" } } } } } } }) },
  "GET /orgs/{orgId}/apps/{appId}/sets/{setId}/diff/{sourceSetId}": { allow: SHOP_READERS, deployed: true, path: (c) => `${base}/apps/shop/sets/${lastSet(c)}/diff/0` },
  "POST /orgs/{orgId}/apps/{appId}/envs/{envId}/score-deploys": { allow: DEVELOPMENT_DEPLOYERS, body: () => ({ workloads: [{ score_yaml: "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: .\n" }], image: "nginx:1.28" }) },
  "GET /orgs/{orgId}/apps/{appId}/deltas": { allow: SHOP_READERS, deployed: true },
  "POST /orgs/{orgId}/apps/{appId}/deltas": { allow: SHOP_DEVELOPERS, body: () => ({ metadata: { env_id: "development" }, modules: { remove: ["web"] } }) },
  // Rebasing an environment is a deploy decision: deployer on its type.
  "PUT /orgs/{orgId}/apps/{appId}/envs/{envId}/from_deploy_id": { allow: DEVELOPMENT_DEPLOYERS, deployed: true, body: (c) => lastDeploy(c) },
  "GET /orgs/{orgId}/apps/{appId}/deltas/{deltaId}": { allow: SHOP_READERS, deployed: true, path: (c) => `${base}/apps/shop/deltas/${lastDelta(c)}` },
  "PATCH /orgs/{orgId}/apps/{appId}/deltas/{deltaId}": { allow: SHOP_DEVELOPERS, deployed: true, path: (c) => `${base}/apps/shop/deltas/${lastDelta(c)}`, body: () => [{ shared: [] }] },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}": { allow: SHOP_DEVELOPERS, deployed: true, path: (c) => `${base}/apps/shop/deltas/${lastDelta(c)}`, body: () => ({ modules: { remove: ["web"] } }) },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/archived": { allow: SHOP_DEVELOPERS, deployed: true, path: (c) => `${base}/apps/shop/deltas/${lastDelta(c)}/metadata/archived`, body: () => false },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/env_id": { allow: SHOP_DEVELOPERS, deployed: true, path: (c) => `${base}/apps/shop/deltas/${lastDelta(c)}/metadata/env_id`, body: () => "development" },
  "PUT /orgs/{orgId}/apps/{appId}/deltas/{deltaId}/metadata/name": { allow: SHOP_DEVELOPERS, deployed: true, path: (c) => `${base}/apps/shop/deltas/${lastDelta(c)}/metadata/name`, body: () => "renamed" },
};

/** Routes that need no token at all. */
export const PUBLIC_API = new Set(["GET /openapi.json"]);

const SCORE_API = "apiVersion: score.dev/v1b1\nmetadata:\n  name: api\ncontainers:\n  main:\n    image: nginx:1.27\n";
const HUMCTL = "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: imported-redis\nentity:\n  name: Imported\n  type: redis\n  driver_type: humanitec/echo\n  driver_inputs:\n    values:\n      host: r\n  criteria:\n    - env_type: staging\n";

/** Server actions, keyed `<file under app/>#<export>`, optionally followed by the case in parentheses. */
export const ACTIONS: Record<string, Row> = {
  "(platform)/actions.ts#createEnvTypeAction": { allow: ADMINS, input: () => ({ id: "qa" }) },
  "(platform)/actions.ts#deleteEnvTypeAction": { allow: ADMINS, input: () => ({ id: "production" }) },
  "(platform)/actions.ts#createUserAction": { allow: MANAGERS, input: () => ({ email: "new@example.com", name: "New", password: "new-password", orgRole: "member" }) },
  "(platform)/actions.ts#updateUserRolesAction": { allow: MANAGERS, input: (c) => ({ userId: c.s.userIds.viewer, orgRole: "member" }) },
  "(platform)/actions.ts#deleteUserAction": { allow: MANAGERS, input: (c) => ({ userId: c.s.userIds.member }) },
  "(platform)/actions.ts#createApiTokenAction": { allow: ALL, input: () => ({ description: "mine" }) },
  // Each role revokes its own token: the operation only ever finds the caller's tokens.
  "(platform)/actions.ts#revokeApiTokenAction": { allow: ALL, input: (c) => ({ id: tokenOf(c, c.role) }) },
  "(platform)/actions.ts#createApiTokenAction (service user)": { allow: ADMINS, input: (c) => ({ description: "ci", userId: c.s.serviceUser.userId }) },
  "(platform)/actions.ts#revokeApiTokenAction (service user)": { allow: ADMINS, input: (c) => ({ id: c.s.serviceUser.tokenId, userId: c.s.serviceUser.userId }) },
  // A person's tokens by id: that person only, never anyone else (administrators included).
  "(platform)/actions.ts#createApiTokenAction (a person's, by id)": { allow: r("deployer"), input: (c) => ({ description: "ci", userId: c.s.userIds.deployer }) },
  "(platform)/actions.ts#revokeApiTokenAction (a person's, by id)": { allow: r("deployer"), input: (c) => ({ id: tokenOf(c, "deployer"), userId: c.s.userIds.deployer }) },

  "(platform)/resources/actions.ts#saveDefinitionAction": { allow: ADMINS, input: () => ({ mode: "create", id: "echo-pg", name: "PG", type: "postgres", driverType: "humanitec/echo", valuesYaml: "host: pg\n", secrets: { action: "clear" }, criteria: [{ env_type: "staging" }] }) },
  "(platform)/resources/actions.ts#replaceCriteriaAction": { allow: ADMINS, input: () => ({ id: "echo-redis", criteria: [{ env_type: "staging" }] }) },
  "(platform)/resources/actions.ts#deleteDefinitionAction": { allow: ADMINS, deployed: true, input: () => ({ id: "echo-redis" }) },
  "(platform)/resources/actions.ts#restoreDefinitionVersionAction": { allow: ADMINS, input: (c) => ({ id: "echo-redis", versionId: firstOf(c, "resource_definition_versions") }) },
  "(platform)/resources/actions.ts#importDefinitionsAction": { allow: ADMINS, input: () => ({ yaml: HUMCTL }) },
  "(platform)/resources/actions.ts#installPackAction": { allow: ADMINS, input: () => ({ criteria: [{ env_type: "staging" }], types: ["redis"] }) },
  "(platform)/resources/actions.ts#createResourceTypeAction": { allow: ADMINS, input: () => ({ type: `${ORG}/queue`, name: "Queue" }) },
  "(platform)/resources/actions.ts#deleteResourceTypeAction": { allow: ADMINS, input: () => ({ type: `${ORG}/cache` }) },
  "(platform)/resources/actions.ts#createCloudAccountAction": { allow: ADMINS, input: () => ({ id: "aws-main", name: "AWS", type: "aws", credentials: { aws_access_key_id: "AKIAABCDEFGHIJKLMNOP", aws_secret_access_key: "s3cr3t" } }) },
  "(platform)/resources/actions.ts#updateCloudAccountAction": { allow: ADMINS, input: () => ({ id: "local-cluster", name: "Renamed" }) },
  "(platform)/resources/actions.ts#deleteCloudAccountAction": { allow: ADMINS, input: () => ({ id: "local-cluster" }) },
  "(platform)/resources/actions.ts#previewCriteriaChangeAction": { allow: ADMINS, input: () => ({ id: "echo-redis", criteria: [{ env_type: "staging" }] }) },
  "(platform)/resources/actions.ts#renderedCriteriaImpactAction": { allow: ADMINS, deployed: true, input: () => ({ id: "echo-redis", criteria: [{ env_type: "staging" }], appId: "shop", envId: "development" }) },
  "(platform)/resources/actions.ts#previewDeleteAction": { allow: ADMINS, input: () => ({ id: "echo-redis" }) },
  "(platform)/resources/actions.ts#previewImportAction": { allow: ADMINS, input: () => ({ yaml: HUMCTL }) },
  "(platform)/resources/actions.ts#previewPackAction": { allow: ADMINS, input: () => ({ criteria: [{ env_type: "staging" }] }) },
  "(platform)/resources/actions.ts#checkCloudAccountAction": { allow: ADMINS, input: () => ({ id: "local-cluster" }) },

  "(portal)/apps/actions.ts#createApplicationAction": { allow: MANAGERS, input: () => ({ id: "blog" }) },
  "(portal)/apps/actions.ts#renameApplicationAction": { allow: r("admin owner"), input: () => ({ id: "shop", name: "Shop 2" }) },
  "(portal)/apps/actions.ts#deleteApplicationAction": { allow: r("admin owner"), input: () => ({ id: "shop", confirm: "shop" }) },
  "(portal)/apps/actions.ts#createEnvironmentAction": { allow: DEVELOPMENT_DEPLOYERS, input: () => ({ appId: "shop", id: "dev2", type: "development" }) },
  "(portal)/apps/actions.ts#renameEnvironmentAction": { allow: SHOP_DEVELOPERS, input: () => ({ appId: "shop", id: "development", name: "Dev" }) },
  "(portal)/apps/actions.ts#deleteEnvironmentAction": { allow: DEVELOPMENT_DEPLOYERS, input: () => ({ appId: "shop", id: "development", confirm: "development" }) },

  "(portal)/apps/[appId]/workloads/actions.ts#saveWorkloadVersionAction": { allow: SHOP_DEVELOPERS, input: () => ({ appId: "shop", scoreYaml: SCORE_API }) },
  "(portal)/apps/[appId]/workloads/actions.ts#resourceMatchesAction": { allow: SHOP_READERS, input: () => ({ appId: "shop", scoreYaml: SCORE_API }) },

  "(portal)/apps/[appId]/envs/actions.ts#deployAction": { allow: DEVELOPMENT_DEPLOYERS, input: () => ({ appId: "shop", envId: "development", comment: "matrix" }) },
  // Cloning into a new development environment: creating it needs deployer on its type.
  "(portal)/apps/[appId]/envs/actions.ts#cloneEnvironmentAction": { allow: DEVELOPMENT_DEPLOYERS, deployed: true, input: () => ({ appId: "shop", sourceEnvId: "development", id: "dev2", type: "development", deploy: false }) },
  "(portal)/apps/[appId]/envs/[envId]/rules/actions.ts#createRuleAction": { allow: DEVELOPMENT_DEPLOYERS, input: () => ({ appId: "shop", envId: "development", rule: RULE_BODY() }) },
  "(portal)/apps/[appId]/envs/[envId]/rules/actions.ts#setRuleActiveAction": { allow: DEVELOPMENT_DEPLOYERS, input: (c) => ({ appId: "shop", envId: "development", ruleId: must(c.s.ids.automationRule, "automation rule"), active: false }) },
  "(portal)/apps/[appId]/envs/[envId]/rules/actions.ts#deleteRuleAction": { allow: DEVELOPMENT_DEPLOYERS, input: (c) => ({ appId: "shop", envId: "development", ruleId: must(c.s.ids.automationRule, "automation rule") }) },
  "(portal)/apps/[appId]/envs/actions.ts#previewDeployAction": { allow: DEVELOPMENT_DEPLOYERS, input: () => ({ appId: "shop", envId: "development" }) },
  "(portal)/apps/[appId]/envs/actions.ts#setValueAction": { allow: SHOP_DEVELOPERS, input: () => ({ appId: "shop", key: "NEW_KEY", value: "v" }) },
  "(portal)/apps/[appId]/envs/actions.ts#deleteValueAction": { allow: SHOP_DEVELOPERS, input: () => ({ appId: "shop", envId: "development", key: "MOTD" }) },
  "(portal)/apps/[appId]/envs/actions.ts#restoreValuesAction": { allow: SHOP_DEVELOPERS, input: (c) => ({ appId: "shop", versionId: firstValueVersion(c, "") }) },
  // The Runtime section of the environment page. The fixture's environment has no cluster: the
  // view says "unknown", and logs and changes are refused as a conflict — after the permission check.
  "(portal)/apps/[appId]/envs/[envId]/actions.ts#runtimeViewAction": { allow: SHOP_READERS, input: () => ({ appId: "shop", envId: "development" }) },
  "(portal)/apps/[appId]/envs/[envId]/actions.ts#runtimeLogAction": { allow: SHOP_READERS, allowedCode: "conflict", input: () => ({ appId: "shop", envId: "development", pod: "web-1", previous: true }) },
  "(portal)/apps/[appId]/envs/[envId]/actions.ts#scaleWorkloadAction": { allow: DEVELOPMENT_DEPLOYERS, allowedCode: "conflict", input: () => ({ appId: "shop", envId: "development", workload: "web", replicas: 2 }) },
  "(portal)/apps/[appId]/envs/[envId]/actions.ts#restartWorkloadAction": { allow: DEVELOPMENT_DEPLOYERS, allowedCode: "conflict", input: () => ({ appId: "shop", envId: "development", workload: "web" }) },
  "(portal)/apps/[appId]/envs/[envId]/actions.ts#setPausedAction": { allow: DEVELOPMENT_DEPLOYERS, allowedCode: "conflict", input: () => ({ appId: "shop", envId: "development", paused: true }) },
  "(portal)/apps/[appId]/pipelines/actions.ts#startRunAction": { allow: SHOP_DEVELOPERS, input: (c) => ({ appId: "shop", pipelineId: pipelineIds(c).pipelineId, inputs: {} }) },
  "(portal)/apps/[appId]/pipelines/actions.ts#cancelRunAction": { allow: SHOP_DEVELOPERS, input: (c) => ({ appId: "shop", pipelineId: pipelineIds(c).pipelineId, runId: pipelineIds(c).runId }) },
  "(portal)/apps/[appId]/pipelines/actions.ts#restartRunAction": { allow: SHOP_DEVELOPERS, input: (c) => ({ appId: "shop", pipelineId: pipelineIds(c).pipelineId, runId: pipelineIds(c).endedRunId }) },
  "(portal)/apps/[appId]/pipelines/actions.ts#decideApprovalAction": { allow: DEVELOPMENT_DEPLOYERS, input: (c) => ({ appId: "shop", pipelineId: pipelineIds(c).pipelineId, runId: pipelineIds(c).runId, jobId: "approve", approvalId: pipelineIds(c).approvalId, decision: "approved" }) },
  "(portal)/apps/[appId]/webhooks/actions.ts#createWebhookAction": { allow: SHOP_OWNERS, input: () => ({ appId: "shop", ...FIXTURE_WEBHOOK_BODY }) },
  "(portal)/apps/[appId]/webhooks/actions.ts#updateWebhookAction": { allow: SHOP_OWNERS, input: () => ({ appId: "shop", id: FIXTURE_WEBHOOK, disabled: true }) },
  "(portal)/apps/[appId]/webhooks/actions.ts#deleteWebhookAction": { allow: SHOP_OWNERS, input: () => ({ appId: "shop", id: FIXTURE_WEBHOOK }) },
  "(portal)/apps/[appId]/pipelines/actions.ts#runTimelineAction": { allow: SHOP_READERS, input: (c) => ({ appId: "shop", pipelineId: pipelineIds(c).pipelineId, runId: pipelineIds(c).runId }) },
};

