/**
 * Two things a platform engineer sets outside the Score file, against the real test
 * kube-apiserver: a `humanitec/k8s-cluster` definition whose credentials come from a
 * `kubernetes` cloud account (driver_account, no secret inputs), and a module's
 * `deploy.timeout` (Humanitec's deploy condition) bounding the rollout wait. Both were ignored
 * by the deploy job before (the driver failed for want of a token; every workload waited 600 s).
 * Skips only when no cluster can be started; in CI it must run.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { getDeployment, listDeploymentErrors, listDeploymentEvents } from "@/lib/server/data/deployments";
import { rolloutSettings } from "@/lib/server/deploy/rollout-settings";
import { startWorker, type Worker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { createCloudAccount } from "@/lib/server/operations/cloud-accounts";
import { createApplication } from "@/lib/server/operations/create-application";
import { createDelta } from "@/lib/server/operations/create-delta";
import { deployEnvironment } from "@/lib/server/operations/deploy-environment";
import { runOperation } from "@/lib/server/operations/operation";
import { saveDefinition } from "@/lib/server/operations/save-definition";
import { saveWorkloadVersion } from "@/lib/server/operations/save-workload-version";
import { findTestCluster, type TestCluster } from "../engine/k8s/support/cluster";
import { realHarness, type RealSession } from "../engine/k8s/support/harness";
import { ORG, actorFor, seededDb } from "./helpers";

const lookup = await findTestCluster();
if (!lookup.cluster) {
  if (process.env.CI) throw new Error(`CI must run the Kubernetes deploy tests: ${lookup.reason}`);
  console.log(`deploy-k8s-account-rollout tests skipped: ${lookup.reason}`);
}

describe("rolloutSettings", () => {
  const deployment = (name: string, workload = name) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "ns", annotations: { "k8s.score.dev/workload-name": workload } } });
  it("keys each module's deploy condition by its controller, found by the workload annotation", () => {
    const set = { version: 0 as const, shared: {}, modules: { web: { profile: "p", spec: {}, deploy: { timeout: 30, success: "available" as const } }, api: { profile: "p", spec: {} } } };
    expect(rolloutSettings(set, [deployment("web-renamed", "web"), deployment("api"), { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "ns" } }])).toEqual({
      "Deployment/ns/web-renamed": { timeout_seconds: 30, success: "available" },
    });
  });
});

describe.skipIf(!lookup.cluster)("a cluster reached through a cloud account; a module's deploy timeout", async () => {
  const cluster = lookup.cluster as TestCluster;
  const runId = crypto.randomBytes(3).toString("hex");
  const appId = `acct${runId}`;
  const namespace = `${appId}-development`;
  const db = await seededDb();
  const box = createSecretBox(crypto.randomBytes(32));
  const ctx = { db, actor: (await actorFor(db, "admin@example.com")), secrets: box };
  let worker: Worker;
  let session: RealSession;

  beforeAll(async () => {
    await runOperation(createCloudAccount, { id: "test-cluster-account", name: "Test cluster", type: "kubernetes", credentials: { server: cluster.server, certificate_authority_data: cluster.certificateAuthorityData, token: cluster.adminToken } }, ctx);
    await runOperation(
      saveDefinition,
      {
        mode: "create",
        id: "cluster-via-account",
        name: "Cluster via account",
        type: "k8s-cluster",
        driverType: "humanitec/k8s-cluster",
        driverAccount: "test-cluster-account",
        // No CA here: the account's serves the same server.
        valuesYaml: stringify({ loadbalancer: "127.0.0.1", cluster_data: { server: cluster.server } }),
        secrets: { action: "keep" },
        criteria: [{ app_id: appId }],
      },
      ctx,
    );
    await runOperation(createApplication, { id: appId }, ctx);
    await runOperation(saveWorkloadVersion, { appId, scoreYaml: `apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: registry.example/web:1\n` }, ctx);
    worker = startWorker({ db, secrets: box, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "baton-k8s-")), orgId: ORG, log: logger, pollMs: 50 });
    session = realHarness(cluster, "deploy-account", runId, false);
  });

  afterAll(async () => {
    await worker?.stop();
    await session?.harness.admin.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
  });

  async function deploy(input: object) {
    const { id } = await runOperation(deployEnvironment, { appId, envId: "development", ...input }, ctx);
    worker.kick();
    await worker.idle();
    return { dep: (await getDeployment(db, ORG, appId, id))!, errors: (await listDeploymentErrors(db, id)), events: (await listDeploymentEvents(db, id)).map((e) => e.message) };
  }

  it("deploys with the account's token and CA (the definition holds no secret)", async () => {
    const kubelet = session.harness.kubelet(namespace);
    const r = await deploy({ comment: "via account" });
    await kubelet.stop();
    expect(r.errors).toEqual([]);
    expect(r.dep.status).toBe("succeeded");
    const web = await session.harness.admin.request({ method: "GET", path: `/apis/apps/v1/namespaces/${namespace}/deployments/web` });
    expect(web.status).toBe(200);
  }, 120_000);

  it("fails after the module's deploy.timeout, naming the workload, when its pods never become ready", async () => {
    const delta = await runOperation(
      createDelta,
      {
        appId,
        metadata: { env_id: "development" },
        modules: { update: { web: [{ op: "replace", path: "/spec/containers/main/image", value: "registry.example/web:never-ready" }, { op: "add", path: "/deploy", value: { timeout: 3 } }] } },
      },
      ctx,
    );
    const started = Date.now();
    const r = await deploy({ deltaId: delta.id });
    const seconds = (Date.now() - started) / 1000;
    expect(r.dep.status).toBe("failed");
    expect(r.errors.map((e) => [e.code, e.objectId])).toEqual([["k8s-rollout-timeout", `Deployment/${namespace}/web`]]);
    expect(r.errors[0].message).toContain("not rolled out within 3 s");
    expect(r.events.some((m) => m.includes("waiting up to 3 s"))).toBe(true);
    // Not before the timeout either: the last look is at the deadline (it gave up one poll early, at ~2 s).
    expect(seconds).toBeGreaterThanOrEqual(3);
    expect(seconds).toBeLessThan(30);
  }, 120_000);
});
