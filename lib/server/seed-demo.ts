import type { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/server/auth/roles";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { getApplication } from "@/lib/server/data/apps";
import { getDeployment } from "@/lib/server/data/deployments";
import { findUserByEmail, loadActor } from "@/lib/server/data/users";
import type { Worker } from "@/lib/server/deploy/worker";
import type { Logger } from "@/lib/server/logger";
import { createApplication } from "@/lib/server/operations/create-application";
import { createEnvironment } from "@/lib/server/operations/create-environment";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation, type Operation } from "@/lib/server/operations/operation";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { setSharedValue } from "@/lib/server/operations/set-shared-value";
import { updateUserRoles } from "@/lib/server/operations/update-user-roles";
import { DEMO_USERS } from "@/lib/server/seed";

/** Demo application ids: prefixed, so they never collide with what a newcomer (or a test) creates. */
export const DEMO_APPS = { shop: "demo-shop", blog: "demo-blog" } as const;

const shopWeb = (motdLine: string) => `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      MOTD: \${resources.env.MOTD}
      PAYMENT_API_KEY: \${resources.env.PAYMENT_API_KEY}
      DB_HOST: \${resources.db.host}
      DB_NAME: \${resources.db.name}${motdLine}
service:
  ports:
    www:
      port: 80
      targetPort: 8080
resources:
  env:
    type: environment
  db:
    type: postgres
    id: db
`;

const SHOP_WORKER = `apiVersion: score.dev/v1b1
metadata:
  name: worker
containers:
  main:
    image: .
    variables:
      QUEUE: orders
      DB_HOST: \${resources.db.host}
resources:
  db:
    type: postgres
    id: db
`;

const BLOG_WEB = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      SITE_TITLE: \${resources.env.SITE_TITLE}
service:
  ports:
    http:
      port: 80
      targetPort: 3000
resources:
  env:
    type: environment
`;

export interface DemoDeps {
  db: Db;
  secrets: SecretBox;
  orgId: string;
  adminUserId: string;
  /** Wakes a worker after each queued deployment (the seed waits for its status, not the worker). */
  worker: Pick<Worker, "kick">;
  log?: Logger;
}

/**
 * The demo organisation's applications and a short history, made the way a user would make
 * them: operations for apps, workloads, values and environments, and real deployments run by
 * the worker to the local GitOps target (each waited for). Production of demo-shop fails
 * honestly: no postgres definition matches env_type production.
 */
export async function seedDemo(deps: DemoDeps): Promise<void> {
  const { db, secrets, orgId } = deps;
  if ((await getApplication(db, orgId, DEMO_APPS.shop))) return;
  const found = await loadActor(db, orgId, deps.adminUserId);
  const developerId = (await findUserByEmail(db, orgId, DEMO_USERS[0].email))?.id;
  if (!found || !developerId) throw new Error("demo seed: the administrator or the demo developer is missing");
  const admin: Actor = found;
  async function run<S extends z.ZodType, R>(op: Operation<S, R>, input: z.input<S>, actor: Actor = admin): Promise<R> {
    return await runOperation(op, input, { db, actor, secrets });
  }

  await run(createApplication, { id: DEMO_APPS.shop, name: "Demo shop" });
  await run(createApplication, { id: DEMO_APPS.blog, name: "Demo blog" });
  await run(createEnvironment, { appId: DEMO_APPS.shop, id: "production", name: "Production", type: "production" });
  await run(createEnvironment, { appId: DEMO_APPS.blog, id: "staging", name: "Staging", type: "staging" });
  await run(createEnvironment, { appId: DEMO_APPS.blog, id: "production", name: "Production", type: "production" });
  await run(updateUserRoles, {
    userId: developerId,
    orgRole: DEMO_USERS[0].orgRole,
    appRoles: [
      { appId: DEMO_APPS.shop, role: "developer" },
      { appId: DEMO_APPS.blog, role: "developer" },
    ],
    deployerEnvTypes: DEMO_USERS[0].deployer,
  });
  const developer = (await loadActor(db, orgId, developerId))!;

  await run(setSharedValue, { appId: DEMO_APPS.shop, key: "MOTD", value: "Welcome to the demo shop", description: "Shown on every page" });
  await run(setSharedValue, { appId: DEMO_APPS.shop, key: "PAYMENT_API_KEY", value: "demo-not-a-real-key", isSecret: true, description: "Payment provider key (secret)" });
  await run(setSharedValue, { appId: DEMO_APPS.blog, key: "SITE_TITLE", value: "Baton blog (preview)" });
  await run(setSharedValue, { appId: DEMO_APPS.blog, envId: "production", key: "SITE_TITLE", value: "Baton blog" });

  await run(saveWorkloadVersion, { appId: DEMO_APPS.shop, scoreYaml: shopWeb(""), message: "First version" }, developer);
  await run(saveWorkloadVersion, { appId: DEMO_APPS.shop, scoreYaml: SHOP_WORKER, message: "Order queue worker" }, developer);
  await run(saveWorkloadVersion, { appId: DEMO_APPS.blog, scoreYaml: BLOG_WEB, message: "First version" }, developer);

  const deploy = async (appId: string, envId: string, images: Record<string, string>, comment: string, actor: Actor) => {
    const workloads = Object.entries(images).map(([workloadId, image]) => ({ workloadId, image }));
    const { id } = await run(deployEnvironment, { appId, envId, workloads, comment }, actor);
    deps.worker.kick();
    // Wait for this deployment only: while others deploy, the worker is never idle.
    while (!["succeeded", "failed", undefined].includes((await getDeployment(db, orgId, appId, id))?.status)) await new Promise((r) => setTimeout(r, 100));
    const status = (await getDeployment(db, orgId, appId, id))?.status;
    deps.log?.info({ appId, envId, deploymentId: id, status }, "demo deployment");
    return status;
  };
  const shopImages = (tag: string) => ({ web: `registry.example.com/demo-shop/web:${tag}`, worker: `registry.example.com/demo-shop/worker:${tag}` });
  const blogImages = (tag: string) => ({ web: `registry.example.com/demo-blog/web:${tag}` });

  await deploy(DEMO_APPS.shop, "development", shopImages("1.0"), "First deployment", developer);
  await deploy(DEMO_APPS.blog, "development", blogImages("1.0"), "First deployment", developer);
  await run(saveWorkloadVersion, { appId: DEMO_APPS.shop, workloadId: "web", scoreYaml: shopWeb("\n      FEATURE_CHECKOUT: \"on\""), message: "Turn on the new checkout" }, developer);
  await deploy(DEMO_APPS.shop, "development", shopImages("1.1"), "New checkout", developer);
  await deploy(DEMO_APPS.blog, "staging", blogImages("1.0"), "Verify before release", developer);
  await deploy(DEMO_APPS.blog, "production", blogImages("1.0"), "Release 1.0", admin);
  // No postgres definition matches env_type production: this one fails with no-match.
  await deploy(DEMO_APPS.shop, "production", shopImages("1.1"), "First release", admin);
  // A value changed after the last deployments: the blog's environments show "outdated".
  await run(setSharedValue, { appId: DEMO_APPS.blog, key: "SITE_TAGLINE", value: "Notes from the platform team" }, developer);
}

/** True when this organisation holds the demo (the overview then shows the newcomer banner). */
export async function isDemoOrg(db: Db, orgId: string): Promise<boolean> {
  return Boolean(await getApplication(db, orgId, DEMO_APPS.shop));
}

const pending = globalThis as unknown as { __batonDemoSeed?: Promise<void> };

/**
 * Seeds the demo in the background of the first start (deployments are asynchronous jobs;
 * the runtime itself is synchronous). Never throws: a failure is logged and the org stays
 * usable. The overview waits for it, so a newcomer's first page shows the whole demo.
 */
export function startDemoSeed(runtime: { db: Db; secrets: SecretBox; orgId: string }, adminUserId: string, log: Logger): void {
  pending.__batonDemoSeed = (async () => {
    // After the runtime is registered: the worker reads it.
    await new Promise((resolve) => setImmediate(resolve));
    const { kickWorker } = await import("@/lib/server/deploy/worker-instance");
    const started = Date.now();
    await seedDemo({ ...runtime, adminUserId, worker: { kick: kickWorker }, log });
    log.info({ ms: Date.now() - started }, "seeded the demo applications");
  })().catch((err) => log.error({ err }, "demo seed failed; the organisation works without it"));
}

/** Resolves once the first-start demo seed (if any) has finished, or after `maxMs` at most. */
export function demoSeedSettled(maxMs = 30_000): Promise<void> {
  const seeding = pending.__batonDemoSeed;
  if (!seeding) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
  return Promise.race([seeding, limit]).finally(() => clearTimeout(timer));
}
