import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sharedValues } from "@/db/tables";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { listApplications, listEnvTypes, listEnvironments } from "@/lib/server/data/apps";
import { listAudit } from "@/lib/server/data/audit";
import { criteriaOfDefinition, getDefinitionWithSecrets, listDefinitionVersions, loadOrgDefinitions } from "@/lib/server/data/definitions";
import { getDeploymentDetail, listDeploymentEvents } from "@/lib/server/data/deployments";
import { findUserByEmail, listUsers, loadActor } from "@/lib/server/data/users";
import { listSharedValues, listValueSetVersions, resolveValues, snapshotScope } from "@/lib/server/data/values";
import { listWorkloadVersions, listWorkloads } from "@/lib/server/data/workloads";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvType } from "@/lib/server/operations/create-env-type";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { queryRows } from "../test-db";

/**
 * An installation worth moving, for the migrate-database test: written in a SQLite process
 * (./migrate-database-child.ts), read back through the data functions on both databases.
 */
export const SCORE = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n    variables:\n      TOKEN: ${resources.env.API_TOKEN}\nresources:\n  env:\n    type: environment\n";
export const SECRET_VALUE = "s3cr3t-value-for-migration";

export async function seedInstallation(ctx: { db: Db; secrets: SecretBox; orgId: string; adminEmail: string }, waitDeployed: (id: string) => Promise<void>): Promise<void> {
  const actor = (await loadActor(ctx.db, ctx.orgId, (await findUserByEmail(ctx.db, ctx.orgId, ctx.adminEmail))!.id))!;
  const op = { db: ctx.db, actor, secrets: ctx.secrets };
  // Environment types and criteria in a known insertion order (their ids say nothing about it).
  for (const id of ["zeta", "alpha", "mid"]) await runOperation(createEnvType, { id, description: `type ${id}` }, op);
  await runOperation(createApplication, { id: "shop" }, op);
  await runOperation(createEnvironment, { appId: "shop", id: "zeta-1", type: "zeta" }, op);
  await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: SCORE }, op);
  await runOperation(saveWorkloadVersion, { appId: "shop", workloadId: "web", scoreYaml: SCORE.replace("nginx:1.27", "nginx:1.28") }, op);
  await runOperation(setSharedValue, { appId: "shop", key: "API_TOKEN", value: SECRET_VALUE, isSecret: true }, op);
  await runOperation(setSharedValue, { appId: "shop", key: "PLAIN", value: "visible" }, op);
  await runOperation(
    saveDefinition,
    {
      mode: "create",
      id: "pg-main",
      name: "Postgres main",
      type: "postgres",
      driverType: "humanitec/echo",
      valuesYaml: "host: db.example.com\nport: 5432\nname: app\nnested:\n  z: 1\n  a: [3, 2, 1]\n",
      secrets: { action: "replace", yaml: `password: ${SECRET_VALUE}\n` },
      criteria: [{ env_type: "zeta" }, { env_type: "alpha", app_id: "shop" }, { env_type: "mid" }],
    },
    op,
  );
  await runOperation(saveDefinition, { mode: "update", id: "pg-main", name: "Postgres main (v2)", type: "postgres", driverType: "humanitec/echo", valuesYaml: "host: db2.example.com\n", secrets: { action: "keep" }, criteria: [{ env_type: "zeta" }, { env_type: "alpha", app_id: "shop" }, { env_type: "mid" }] }, op);
  const queued = await runOperation(deployEnvironment, { appId: "shop", envId: "development", comment: "before the move" }, op);
  await waitDeployed(queued.id);
}

/** What the installation holds, as the data functions return it (secrets decrypted with `box`, ciphertext raw). */
export async function readInstallation(db: Db, box: SecretBox, orgId: string): Promise<Record<string, unknown>> {
  const apps = await listApplications(db, orgId);
  const defs = await loadOrgDefinitions(db, orgId, { includeDeleted: true });
  const deploymentIds = (await queryRows<{ id: string }>(db, "SELECT id FROM deployments ORDER BY id")).map((r) => r.id);
  const appSnapshot = await snapshotScope(db, orgId, "shop", "");
  return {
    apps,
    envTypes: await listEnvTypes(db, orgId),
    environments: await listEnvironments(db, orgId, "shop"),
    users: await listUsers(db, orgId),
    workloads: await listWorkloads(db, orgId, "shop"),
    workloadVersions: await listWorkloadVersions(db, orgId, "shop", "web"),
    sharedValues: await listSharedValues(db, orgId, "shop"),
    valueSetVersions: await listValueSetVersions(db, orgId, "shop"),
    resolvedValues: resolveValues(box, appSnapshot, {}),
    definitions: defs,
    criteria: Object.fromEntries(await Promise.all(defs.map(async (d) => [d.id, await criteriaOfDefinition(db, orgId, d.id)]))),
    definitionVersions: await listDefinitionVersions(db, orgId, "pg-main"),
    definitionSecrets: (await getDefinitionWithSecrets(db, box, orgId, "pg-main"))?.driver_inputs,
    deployments: await Promise.all(deploymentIds.map(async (id) => ({ detail: await getDeploymentDetail(db, orgId, "shop", id), events: await listDeploymentEvents(db, id) }))),
    audit: await listAudit(db, orgId, { limit: 1000 }),
    ciphertexts: await db.select({ key: sharedValues.key, encryptedValue: sharedValues.encryptedValue }).from(sharedValues).where(eq(sharedValues.isSecret, true)).orderBy(asc(sharedValues.key)),
  };
}
