import type { Db } from "@/db/client";
import { openDatabase } from "@/db/open";
import { getConfig } from "@/lib/server/config";
import { createSecretBox, type SecretBox } from "@/lib/server/crypto/secret-box";
import { loadOrCreateKey } from "@/lib/server/crypto/key-file";
import { logger } from "@/lib/server/logger";
import { seedOrganisation } from "@/lib/server/seed";
import { startDemoSeed } from "@/lib/server/seed-demo";
import { seedPlatform } from "@/lib/server/seed-platform";
import { loadOrgDefinitions } from "@/lib/server/data/definitions";
import { localRepositoryRefusal } from "@/lib/server/deploy/targets";

interface Runtime {
  db: Db;
  secrets: SecretBox;
  /** Where the database, key file, GitOps repository and working clones live. */
  dataDir: string;
  orgId: string;
}

// Kept on globalThis so dev-mode module reloads share one connection.
const holder = globalThis as unknown as { __baton?: Runtime; __batonStarting?: Promise<Runtime> };

/**
 * The server's process-wide state: opens the database, applies migrations, seeds the
 * organisation on first start. Called from instrumentation at boot and lazily by requests.
 */
export async function getRuntime(): Promise<Runtime> {
  if (holder.__baton) return holder.__baton;
  // Requests arriving while the first one opens the database wait for that same start-up.
  holder.__batonStarting ??= startRuntime().finally(() => {
    holder.__batonStarting = undefined;
  });
  return await holder.__batonStarting;
}

async function startRuntime(): Promise<Runtime> {
  const cfg = getConfig();
  const db = await openDatabase({ url: cfg.BATON_DATABASE_URL, poolSize: cfg.BATON_DATABASE_POOL_SIZE, file: cfg.databaseFile });
  const secrets = createSecretBox(loadOrCreateKey(cfg.dataDir, cfg.BATON_SECRET_KEY));
  const seed = await seedOrganisation(db, {
    orgId: cfg.BATON_ORG_ID,
    orgName: cfg.BATON_ORG_NAME,
    adminEmail: cfg.BATON_ADMIN_EMAIL,
    adminPassword: cfg.BATON_ADMIN_PASSWORD,
    adminToken: cfg.BATON_ADMIN_TOKEN,
    demo: cfg.BATON_SEED_DEMO,
  });
  if (seed.seeded) {
    const localRepository = !cfg.BATON_DATABASE_URL || cfg.BATON_DATA_DIR_SHARED;
    await seedPlatform(db, secrets, { orgId: cfg.BATON_ORG_ID, adminUserId: seed.adminUserId!, dataDir: cfg.dataDir, demo: cfg.BATON_SEED_DEMO, localRepository });
    if (!localRepository) {
      logger.warn(
        { orgId: cfg.BATON_ORG_ID },
        "no embedded GitOps repository was created: on PostgreSQL the data directory is not shared by every process (set BATON_DATA_DIR_SHARED=true if it is). Add a k8s-cluster definition for a real cluster or Git server before deploying.",
      );
    }
    logger.info({ orgId: cfg.BATON_ORG_ID }, "seeded organisation");
    if (seed.generatedAdminPassword) {
      // Printed once, to the console only (never logged as JSON), so the newcomer can sign in.
      process.stdout.write(
        `\n  Baton administrator: ${seed.adminEmail}\n  Generated password:  ${seed.generatedAdminPassword}\n  (shown once — set BATON_ADMIN_PASSWORD to choose it)\n\n`,
      );
    }
  }
  await warnAboutLocalRepositories(db, cfg.BATON_ORG_ID);
  holder.__baton = { db, secrets, dataDir: cfg.dataDir, orgId: cfg.BATON_ORG_ID };
  if (seed.seeded && cfg.BATON_SEED_DEMO) startDemoSeed(holder.__baton, seed.adminUserId!, logger.child({ component: "demo-seed" }));
  return holder.__baton;
}

/** Says at start-up which GitOps definitions deployments will refuse (see localRepositoryRefusal). */
async function warnAboutLocalRepositories(db: Db, orgId: string): Promise<void> {
  for (const def of await loadOrgDefinitions(db, orgId)) {
    const url = def.driver_type === "humanitec/k8s-cluster-git" ? def.driver_inputs?.values?.url : undefined;
    const refusal = typeof url === "string" ? localRepositoryRefusal(url) : undefined;
    if (refusal) logger.warn({ definition: def.id }, `definition ${def.id}: ${refusal}`);
  }
}

export const getDb = async (): Promise<Db> => (await getRuntime()).db;

/**
 * Tests: serve requests from this database and secret box (an in-memory database) instead
 * of opening the configured data directory; `undefined` forgets it.
 */
export function setRuntimeForTests(runtime: { db: Db; secrets: SecretBox; dataDir?: string; orgId?: string } | undefined): void {
  holder.__baton = runtime && { dataDir: getConfig().dataDir, orgId: getConfig().BATON_ORG_ID, ...runtime };
}
