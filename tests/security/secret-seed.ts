import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrateDb, openDb, type Db } from "@/db/client";
import { loadOrCreateKey } from "@/lib/server/crypto/key-file";
import { createSecretBox, type SecretBox } from "@/lib/server/crypto/secret-box";
import { logger } from "@/lib/server/logger";
import { createCloudAccount } from "@/lib/server/operations/cloud-accounts";
import { createApplication } from "@/lib/server/operations/create-application";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { installPack } from "@/lib/server/operations/install-pack";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { seedOrganisation } from "@/lib/server/seed";
import { startWorker } from "@/lib/server/deploy/worker";
import { SCORE } from "../server/deploy-fixture";
import { onPostgres, openTestDb, postgresUrlOf, queryRow, queryRows } from "../test-db";
import { ORG, actorFor } from "../server/helpers";

export { ORG };

/** Distinct, greppable plaintexts: a leak of any of them names where it came from. */
export const PLANTED = {
  sharedSecret: "LEAKCHECK-shared-7f3a9c1e",
  envSecret: "LEAKCHECK-envoverride-2b8d4f60",
  definitionSecret: "LEAKCHECK-defsecret-91c0e7aa",
  accountToken: "LEAKCHECK-acctoken-5d2e8b13",
} as const;

/**
 * A data directory on disk (database file, key file, bare GitOps repository) holding every
 * kind of secret Baton stores, written through the real operations: shared secrets (app and
 * environment), a definition secret, cloud-account credentials, and a generated database
 * password from a real deployment of the in-cluster pack.
 */
export async function seedSecretsOnDisk(dataDir: string): Promise<{ db: Db; box: SecretBox; keyFile: string; env: Record<string, string> }> {
  fs.mkdirSync(dataDir, { recursive: true });
  // On PostgreSQL the database is a fresh test database (the key file and repository stay in the directory).
  let db: Db;
  if (onPostgres) db = await openTestDb();
  else {
    db = openDb(path.join(dataDir, "baton.db"));
    await migrateDb(db);
  }
  const box = createSecretBox(loadOrCreateKey(dataDir));
  await seedOrganisation(db, { orgId: ORG, orgName: "Test Org", adminEmail: "admin@example.com", adminPassword: "admin-password", demo: true });
  const remote = path.join(dataDir, "gitops.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
  const ctx = { db, actor: (await actorFor(db, "admin@example.com")), secrets: box };
  await runOperation(saveDefinition, { mode: "create", id: "local-gitops", name: "GitOps", type: "k8s-cluster", driverType: "humanitec/k8s-cluster-git", valuesYaml: `url: ${remote}\nbranch: main\n`, secrets: { action: "clear" }, criteria: [{}] }, ctx);
  await runOperation(installPack, { criteria: [{ env_type: "development" }] }, ctx);
  await runOperation(
    saveDefinition,
    { mode: "create", id: "echo-api", name: "Echo API", type: "redis", driverType: "humanitec/echo", valuesYaml: "host: redis.internal\n", secrets: { action: "replace", yaml: `password: ${PLANTED.definitionSecret}\n` }, criteria: [{ env_type: "staging" }] },
    ctx,
  );
  await runOperation(createCloudAccount, { id: "k8s-main", name: "Main cluster", type: "kubernetes", credentials: { server: "https://127.0.0.1:1", token: PLANTED.accountToken } }, ctx);
  await runOperation(createApplication, { id: "shop" }, ctx);
  await runOperation(saveWorkloadVersion, { appId: "shop", scoreYaml: SCORE }, ctx);
  await runOperation(setSharedValue, { appId: "shop", key: "MOTD", value: PLANTED.sharedSecret, isSecret: true }, ctx);
  await runOperation(setSharedValue, { appId: "shop", envId: "development", key: "MOTD", value: PLANTED.envSecret, isSecret: true }, ctx);
  const worker = startWorker({ db, secrets: box, dataDir, orgId: ORG, log: logger, pollMs: 50 });
  try {
    const dep = await runOperation(deployEnvironment, { appId: "shop", envId: "development", workloads: [{ workloadId: "web", image: "web:1" }] }, ctx);
    worker.kick();
    await worker.idle();
    const status = (await queryRow<{ status: string }>(db, "SELECT status FROM deployments WHERE id = ?", dep.id))!;
    if (status.status !== "succeeded") throw new Error(`fixture: the deployment ${status.status}`);
  } finally {
    await worker.stop();
  }
  // What a CLI command needs to find this database: the URL on PostgreSQL, the directory on SQLite.
  return { db, box, keyFile: path.join(dataDir, "secret.key"), env: onPostgres ? { BATON_DATABASE_URL: postgresUrlOf(db)! } : {} };
}

/** The generated database password(s): secret outputs of active postgres resources. */
export async function generatedPasswords(db: Db, box: SecretBox): Promise<string[]> {
  const rows = await queryRows<{ enc: string }>(db, "SELECT secret_outputs_enc AS enc FROM active_resources WHERE type = 'postgres' AND secret_outputs_enc IS NOT NULL ORDER BY gu_res_id");
  return rows.map((r) => (JSON.parse(box.decrypt(r.enc)) as { password: string }).password).filter(Boolean);
}
