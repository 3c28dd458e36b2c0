import { queryRow } from "../test-db";
/**
 * Humanitec's "delete all Jobs of an application" against the real test kube-apiserver: a
 * base-env definition renders a Job into the environment, the deletion removes exactly the Jobs
 * Baton applied there, and the next deployment runs the Job again.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "@/lib/server/crypto/secret-box";
import { getDeployment, listDeploymentErrors } from "@/lib/server/data/deployments";
import { deleteApplicationJobs } from "@/lib/server/deploy/delete-jobs";
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
  if (process.env.CI) throw new Error(`CI must run the Kubernetes Job tests: ${lookup.reason}`);
  console.log(`delete-jobs k8s tests skipped: ${lookup.reason}`);
}

const MIGRATE_JOB = `migrate.yaml:
  location: namespace
  data:
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: migrate
              image: registry.example/migrate:1
`;

describe.skipIf(!lookup.cluster)("deleting an application's Jobs on a real cluster", async () => {
  const cluster = lookup.cluster as TestCluster;
  const runId = crypto.randomBytes(3).toString("hex");
  const appId = `jobs${runId}`;
  const namespace = `${appId}-development`;
  const db = await seededDb();
  const box = createSecretBox(crypto.randomBytes(32));
  const admin = await actorFor(db, "admin@example.com");
  const ctx = { db, actor: admin, secrets: box };
  let worker: Worker;
  let session: RealSession;
  let kubelet: { stop(): Promise<void> };

  beforeAll(async () => {
    await runOperation(
      saveDefinition,
      {
        mode: "create",
        id: `cluster-${runId}`,
        name: "Test cluster",
        type: "k8s-cluster",
        driverType: "humanitec/k8s-cluster",
        valuesYaml: stringify({ loadbalancer: "127.0.0.1", cluster_data: { server: cluster.server, "certificate-authority-data": cluster.certificateAuthorityData } }),
        secrets: { action: "replace", yaml: stringify({ credentials: { token: cluster.adminToken } }) },
        criteria: [{ app_id: appId }],
      },
      ctx,
    );
    await runOperation(
      saveDefinition,
      { mode: "create", id: `migrations-${runId}`, name: "Migrations", type: "base-env", driverType: "humanitec/template", valuesYaml: stringify({ templates: { manifests: MIGRATE_JOB } }), secrets: { action: "clear" }, criteria: [{ app_id: appId }] },
      ctx,
    );
    await runOperation(createApplication, { id: appId }, ctx);
    await runOperation(saveWorkloadVersion, { appId, scoreYaml: `apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: registry.example/web:1\n` }, ctx);
    worker = startWorker({ db, secrets: box, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "baton-jobs-")), orgId: ORG, log: logger, pollMs: 50 });
    session = realHarness(cluster, "delete-jobs", runId, false);
    kubelet = session.harness.kubelet(namespace);
  });

  afterAll(async () => {
    await kubelet?.stop();
    await worker?.stop();
    await session?.harness.admin.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
  });

  async function deploy() {
    const { id } = await runOperation(deployEnvironment, { appId, envId: "development" }, ctx);
    worker.kick();
    await worker.idle();
    expect(await listDeploymentErrors(db, id)).toEqual([]);
    expect((await getDeployment(db, ORG, appId, id))!.status).toBe("succeeded");
  }

  const job = async () => {
    const r = await session.harness.admin.request({ method: "GET", path: `/apis/batch/v1/namespaces/${namespace}/jobs/migrate` });
    return r.status === 200 ? (r.body as { metadata: { uid: string; deletionTimestamp?: string } }).metadata : undefined;
  };

  it("deletes the Jobs Baton applied, leaves everything else, and the next deployment runs the Job again", async () => {
    await deploy();
    const first = await job();
    expect(first).toBeDefined();
    // a Job someone else created in the namespace is not Baton's to delete
    const foreign = await session.harness.admin.request({
      method: "POST",
      path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
      body: { apiVersion: "batch/v1", kind: "Job", metadata: { name: "hand-made" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } } },
    });
    expect(foreign.status).toBe(201);

    const outcome = await deleteApplicationJobs(db, box, admin, appId, { requestId: "test" });
    expect(outcome).toEqual([{ envId: "development", deleted: [`Job/${namespace}/migrate`] }]);
    const gone = await job();
    expect(gone === undefined || gone.deletionTimestamp !== undefined).toBe(true);
    expect((await session.harness.admin.request({ method: "GET", path: `/apis/batch/v1/namespaces/${namespace}/jobs/hand-made` })).status).toBe(200);
    const web = await session.harness.admin.request({ method: "GET", path: `/apis/apps/v1/namespaces/${namespace}/deployments/web` });
    expect(web.status).toBe(200);

    // wait for the garbage collector to finish the background deletion, then deploy again
    for (let i = 0; i < 100 && (await job()); i++) await new Promise((r) => setTimeout(r, 100));
    await deploy();
    const again = await job();
    expect(again?.uid).toBeDefined();
    expect(again!.uid).not.toBe(first!.uid);
    const audit = (await queryRow(db, "SELECT details FROM audit_log WHERE action = 'app.delete-jobs'")) as { details: string };
    expect(JSON.parse(audit.details)).toEqual({ environments: [{ env: "development", deleted: [`Job/${namespace}/migrate`] }] });
  }, 180_000);

  it("refuses someone who may not deploy to every environment of the application", async () => {
    const developer = { ...admin, orgRole: "member" as const, appRoles: { [appId]: "developer" as const }, deployerEnvTypes: ["staging"] };
    await expect(deleteApplicationJobs(db, box, developer, appId, { requestId: "test" })).rejects.toThrow(/right to deploy.*"development"/);
  });
});
