import type { Db } from "@/db/client";
import { createApiToken } from "@/lib/server/operations/create-api-token";
import { createUser } from "@/lib/server/operations/create-user";
import { runOperation } from "@/lib/server/operations/operation";
import type { AppRole, OrgRole } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getRuntime } from "@/lib/server/runtime";
import { advanceRun } from "@/lib/server/pipelines/executor";
import { listApprovals } from "@/lib/server/pipelines/data";
import { claimRunnableRun } from "@/lib/server/pipelines/leases";
import { cancelPipelineRun, createPipelineCriteria, startPipelineRun } from "@/lib/server/pipelines/operations";
import { ORG, callApi, createHarness, withPipeline, withDeployment, withActiveResource, withDependencyGraph, withResources, withShop, withValues, withWebhook, withWorkload, type Harness } from "../server/api/harness";
import { actorFor } from "../server/helpers";
import { queryRow, snapshotTestDb, type DbSnapshot } from "../test-db";

/**
 * The roles of the permission matrix: every org role, every app role on `shop`, with and
 * without `deployer` on the `development` environment type, and nobody at all.
 */
export const ROLES = ["admin", "manager", "viewer", "member", "appViewer", "appDev", "deployer", "owner"] as const;
export type Role = (typeof ROLES)[number];

interface RoleSpec {
  email: string;
  orgRole: OrgRole;
  app?: AppRole;
  deployer?: string[];
}

/** admin and manager are the seeded users; the others are created here with exactly these bindings. */
const SPECS: Record<Exclude<Role, "admin" | "manager">, RoleSpec> = {
  viewer: { email: "m-viewer@example.com", orgRole: "viewer" },
  member: { email: "m-member@example.com", orgRole: "member" },
  appViewer: { email: "m-appviewer@example.com", orgRole: "member", app: "viewer" },
  appDev: { email: "m-appdev@example.com", orgRole: "member", app: "developer" },
  deployer: { email: "m-deployer@example.com", orgRole: "member", app: "developer", deployer: ["development"] },
  owner: { email: "m-owner@example.com", orgRole: "member", app: "owner", deployer: ["development"] },
};

export const EMAILS: Record<Role, string> = {
  admin: "admin@example.com",
  manager: "manager@baton.local",
  ...Object.fromEntries(Object.entries(SPECS).map(([r, s]) => [r, s.email])),
} as Record<Role, string>;

/** Ids of fixture rows the table's requests name (the same in every copy). */
export interface FixtureIds {
  lastDeploy?: string;
  lastSet?: string;
  lastDelta?: string;
  firstValueVersion: Partial<Record<"" | "development", string>>;
  firstOf: Partial<Record<"matching_criteria" | "resource_definition_versions", string>>;
  tokenIds: Partial<Record<Role, string>>;
  graph?: string;
  /** The fixture pipeline: a run waiting for its approval in development, an ended run, deployment_request criteria on development. */
  pipeline?: { pipelineId: string; runId: string; approvalId: string; endedRunId: string; criteriaId: string };
  artefactVersion?: { id: string; artefactId: string };
  /** An automation rule of shop/development (by the admin). */
  automationRule?: string;
}

export interface MatrixState {
  /** The frozen fixture: every cell starts from a copy, so one cell's writes never reach another. */
  snapshot: DbSnapshot;
  ids: FixtureIds;
  tokens: Record<Role, string>;
  userIds: Record<Role, string>;
  harness: Harness;
  secrets: SecretBox;
  /** A service user (org member) with one token, both created by the administrator. */
  serviceUser: { userId: string; tokenId: string };
}

/** Opens a private copy of the fixture (close it with closeDatabase when done). */
export async function dbFromImage(s: MatrixState): Promise<Db> {
  return await s.snapshot.open();
}

async function fixtureIds(db: Db, userIds: Record<Role, string>): Promise<FixtureIds> {
  const id = async (text: string, ...args: unknown[]) => (await queryRow<{ id: string }>(db, text, ...args))?.id;
  const tokenIds: FixtureIds["tokenIds"] = {};
  for (const r of ROLES) tokenIds[r] = await id("SELECT id FROM api_tokens WHERE user_id = ? ORDER BY created_at, id LIMIT 1", userIds[r]);
  return {
    lastDeploy: await id("SELECT id FROM deployments ORDER BY created_at DESC, id DESC LIMIT 1"),
    lastSet: await id("SELECT set_id AS id FROM deployments ORDER BY created_at DESC, id DESC LIMIT 1"),
    lastDelta: await id("SELECT id FROM deltas ORDER BY created_at DESC, id DESC LIMIT 1"),
    firstValueVersion: {
      "": await id("SELECT id FROM value_set_versions WHERE app_id = 'shop' AND env_id = '' ORDER BY created_at, id LIMIT 1"),
      development: await id("SELECT id FROM value_set_versions WHERE app_id = 'shop' AND env_id = 'development' ORDER BY created_at, id LIMIT 1"),
    },
    // Both keep their insertion order in rowid, on SQLite and PostgreSQL alike (db/migrations-pg/0002).
    firstOf: {
      matching_criteria: await id("SELECT id FROM matching_criteria WHERE def_id = 'echo-redis' ORDER BY rowid LIMIT 1"),
      resource_definition_versions: await id("SELECT id FROM resource_definition_versions WHERE def_id = 'echo-redis' ORDER BY rowid LIMIT 1"),
    },
    tokenIds,
    graph: await id("SELECT id FROM dependency_graphs ORDER BY id LIMIT 1"),
    artefactVersion: await queryRow<{ id: string; artefactId: string }>(db, "SELECT id, artefact_id AS \"artefactId\" FROM artefact_versions ORDER BY created_at, id LIMIT 1"),
    automationRule: await id("SELECT id FROM automation_rules ORDER BY created_at, id LIMIT 1"),
  };
}

async function pipelineFixture(h: Harness): Promise<FixtureIds["pipeline"]> {
  const admin = await actorFor(h.db, EMAILS.admin);
  const ended = await withPipeline(h, { run: true });
  await runOperation(cancelPipelineRun, { appId: "shop", pipelineId: ended.pipelineId, runId: ended.runId }, { db: h.db, actor: admin, requestId: "matrix" });
  await claimRunnableRun(h.db, { orgId: ORG, holder: "matrix", leaseMs: 60_000 });
  await advanceRun({ db: h.db, holder: "matrix", leaseMs: 60_000 }, ended.runId);
  const developer = await actorFor(h.db, "developer@baton.local");
  const { id: runId } = await runOperation(startPipelineRun, { appId: "shop", pipelineId: ended.pipelineId, inputs: {} }, { db: h.db, actor: developer, requestId: "matrix" });
  await claimRunnableRun(h.db, { orgId: ORG, holder: "matrix", leaseMs: 60_000 });
  await advanceRun({ db: h.db, holder: "matrix", leaseMs: 60_000 }, runId);
  const [approval] = await listApprovals(h.db, ORG, "shop", { runIds: [runId] });
  const criteria = await runOperation(createPipelineCriteria, { appId: "shop", pipelineId: ended.pipelineId, trigger: "deployment_request", envType: "development" }, { db: h.db, actor: admin, requestId: "matrix" });
  return { pipelineId: ended.pipelineId, runId, approvalId: approval.id, endedRunId: ended.runId, criteriaId: criteria.id };
}

/**
 * The route-test harness (app `shop` with `development`, an echo definition, a cloud account,
 * MOTD at both levels, workload `web`; `deployed`: plus a pending deployment) and a user and
 * token per matrix role.
 */
export async function buildMatrixState(deployed: boolean): Promise<MatrixState> {
  const h = await createHarness();
  const secrets = (await getRuntime()).secrets;
  await withShop(h);
  await withResources(h);
  await withValues(h);
  await withDependencyGraph(h);
  const type = await callApi("POST", `/orgs/${ORG}/resources/types`, { token: h.tokens.admin, body: { type: `${ORG}/cache`, name: "Cache" } });
  if (type.status !== 201) throw new Error(`fixture: creating a resource type answered ${type.status}`);
  const artefact = await callApi("POST", `/orgs/${ORG}/artefact-versions`, { token: h.tokens.admin, body: { type: "container", name: "registry.example.com/shop", version: "1.0.0" } });
  if (artefact.status !== 200) throw new Error(`fixture: registering an artefact version answered ${artefact.status}`);
  const rule = await callApi("POST", `/orgs/${ORG}/apps/shop/envs/development/rules`, { token: h.tokens.admin, body: { type: "update", artefacts_filter: ["registry.example.com/shop"], match_ref: "^refs/heads/main$" } });
  if (rule.status !== 201) throw new Error(`fixture: creating an automation rule answered ${rule.status}`);
  await withWebhook(h);
  if (deployed) await withDeployment(h);
  else {
    await withWorkload(h);
    await withActiveResource(h);
  }
  const admin = await actorFor(h.db, EMAILS.admin);
  for (const spec of Object.values(SPECS)) {
    await runOperation(
      createUser,
      { email: spec.email, name: spec.email.split("@")[0], password: "matrix-password", orgRole: spec.orgRole, appRoles: spec.app ? [{ appId: "shop", role: spec.app }] : [], deployerEnvTypes: spec.deployer ?? [] },
      { db: h.db, actor: admin, requestId: "matrix" },
    );
  }
  const userIds = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, (await actorFor(h.db, EMAILS[r])).userId]))) as Record<Role, string>;
  const tokens: Record<string, string> = {};
  for (const r of ROLES) tokens[r] = (await runOperation(createApiToken, { description: `matrix ${r}` }, { db: h.db, actor: await actorFor(h.db, EMAILS[r]), requestId: "matrix" })).token;
  const ci = await runOperation(createUser, { email: "m-ci@service.baton.local", name: "ci", type: "service", orgRole: "member" }, { db: h.db, actor: admin, requestId: "matrix" });
  const ciToken = await runOperation(createApiToken, { description: "matrix ci", userId: ci.id }, { db: h.db, actor: admin, requestId: "matrix" });
  const ids = { ...(await fixtureIds(h.db, userIds)), pipeline: await pipelineFixture(h) };
  // On PostgreSQL the fixture database becomes a template: its handle is closed here.
  return { snapshot: await snapshotTestDb(h.db), ids, tokens, userIds, harness: h, secrets, serviceUser: { userId: ci.id, tokenId: ciToken.id } };
}
