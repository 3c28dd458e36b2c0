/**
 * Baton's deploy job against the real test kube-apiserver (scripts/test-cluster): a
 * `humanitec/k8s-cluster` definition with the cluster's CA and token, deployments queued through
 * the deploy operation and run by the worker — create, unchanged redeploy, removal prunes.
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
import { startWorker, type Worker } from "@/lib/server/deploy/worker";
import { logger } from "@/lib/server/logger";
import { createApplication } from "@/lib/server/operations/create-application";
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
  console.log(`deploy-k8s tests skipped: ${lookup.reason}`);
}

const score = (name: string) => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: registry.example/${name}:1
service:
  ports:
    http:
      port: 80
      targetPort: 8080
`;

describe.skipIf(!lookup.cluster)("deployments to a real Kubernetes cluster", async () => {
  const cluster = lookup.cluster as TestCluster;
  const runId = crypto.randomBytes(3).toString("hex");
  const appId = `k8s${runId}`;
  const db = await seededDb();
  const box = createSecretBox(crypto.randomBytes(32));
  const ctx = { db, actor: (await actorFor(db, "admin@example.com")), secrets: box };
  let worker: Worker;
  let session: RealSession;
  let kubelet: { stop(): Promise<void> };
  const namespace = `${appId}-development`;

  beforeAll(async () => {
    await runOperation(
      saveDefinition,
      {
        mode: "create",
        id: "test-cluster",
        name: "Test cluster",
        type: "k8s-cluster",
        driverType: "humanitec/k8s-cluster",
        valuesYaml: stringify({ loadbalancer: "127.0.0.1", cluster_data: { server: cluster.server, "certificate-authority-data": cluster.certificateAuthorityData } }),
        secrets: { action: "replace", yaml: stringify({ credentials: { token: cluster.adminToken } }) },
        criteria: [{}],
      },
      ctx,
    );
    await runOperation(createApplication, { id: appId }, ctx);
    for (const w of ["web", "worker"]) await runOperation(saveWorkloadVersion, { appId, scoreYaml: score(w) }, ctx);
    worker = startWorker({ db, secrets: box, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "baton-k8s-")), orgId: ORG, log: logger, pollMs: 50 });
    session = realHarness(cluster, "deploy-job", runId, false);
    kubelet = session.harness.kubelet(namespace);
  });

  afterAll(async () => {
    await kubelet?.stop();
    await worker?.stop();
    // Leave the shared cluster as we found it.
    await session?.harness.admin.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
  });

  async function deploy(input: object) {
    const { id } = await runOperation(deployEnvironment, { appId, envId: "development", ...input }, ctx);
    worker.kick();
    await worker.idle();
    return { id, dep: (await getDeployment(db, ORG, appId, id))!, errors: (await listDeploymentErrors(db, id)), events: (await listDeploymentEvents(db, id)).map((e) => e.message) };
  }

  async function deploymentNames(): Promise<string[]> {
    const r = await session.harness.admin.request({ method: "GET", path: `/apis/apps/v1/namespaces/${namespace}/deployments` });
    return ((r.body as { items: { metadata: { name: string } }[] }).items ?? []).map((i) => i.metadata.name).sort();
  }

  it("applies, waits for the rollout, and records the events", async () => {
    const r = await deploy({ comment: "first" });
    expect(r.errors).toEqual([]);
    expect(r.dep.status).toBe("succeeded");
    expect(await deploymentNames()).toEqual(["web", "worker"]);
    expect(r.events.some((m) => /rolled out|rollout/i.test(m))).toBe(true);
  }, 180_000);

  it("redeploying the unchanged environment changes nothing on the cluster", async () => {
    const before = await session.harness.admin.request({ method: "GET", path: `/apis/apps/v1/namespaces/${namespace}/deployments/web` });
    const r = await deploy({});
    expect(r.dep.status).toBe("succeeded");
    const after = await session.harness.admin.request({ method: "GET", path: `/apis/apps/v1/namespaces/${namespace}/deployments/web` });
    expect((after.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe(
      (before.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    );
  }, 180_000);

  it("removing a workload and redeploying deletes its objects from the cluster", async () => {
    const r = await deploy({ workloads: [{ workloadId: "web" }], removeWorkloads: ["worker"] });
    expect(r.errors).toEqual([]);
    expect(r.dep.status).toBe("succeeded");
    expect(await deploymentNames()).toEqual(["web"]);
  }, 180_000);
});
