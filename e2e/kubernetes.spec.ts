import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applySetParentName } from "@/lib/engine/targets/kubernetes";
import type { ClusterLookup } from "../tests/engine/k8s/support/cluster";
import { realHarness, type RealSession } from "../tests/engine/k8s/support/harness";
import { keyOf, kubectl, namespaceObjects, writeKubeconfig } from "../tests/engine/k8s/support/kubectl";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { connectTestCluster, createAppWithWorkload, deployFromEnvironmentPage, lookUpTestCluster } from "./test-cluster";

/**
 * A platform engineer connects the real test cluster (scripts/test-cluster) in the browser —
 * environment type, `kubernetes` cloud account, `humanitec/k8s-cluster` definition using that
 * account, matched to the new environment type — then deploys an app there by clicking Deploy
 * while this test plays the kubelet. `kubectl get` must show exactly the objects the deployment
 * page lists. Skips locally without a cluster or kubectl (and says why); fails under CI.
 */
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      GREETING: hello
service:
  ports:
    www:
      port: 80
      targetPort: 8080
`;

let lookup: ClusterLookup;
test.beforeAll(async () => {
  lookup = await lookUpTestCluster("kubernetes", { needsKubectl: true });
});

test("a platform engineer connects a cluster and deploys to it from the browser; kubectl shows exactly the listed objects", async ({ page, context }) => {
  test.skip(!lookup.cluster, "no Kubernetes test cluster or no kubectl (see the log)");
  test.setTimeout(240_000);
  const cluster = lookup.cluster!;
  const run = crypto.randomBytes(3).toString("hex");
  const envType = `k8s-${run}`;
  const accountId = `test-cluster-${run}`;
  const appId = `kube${run}`;
  const envId = "cluster";
  const namespace = `${appId}-${envId}`;
  const session: RealSession = realHarness(cluster, "e2e-kubernetes", run, false);
  const kubeconfig = writeKubeconfig(cluster, fs.mkdtempSync(path.join(os.tmpdir(), "baton-e2e-kube-")));
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const kubelet = session.harness.kubelet(namespace);
  try {
    await signIn(page, ADMIN);
    await connectTestCluster(page, cluster, { envType, accountId });
    await createAppWithWorkload(page, { appId, envId, envType }, SCORE);

    // Deploy by clicking; the kubelet (this test) marks the pods Ready; the page shows success.
    await deployFromEnvironmentPage(page, { appId, envId }, "registry.example.com/kube/web:1.0");
    await expect(page.getByTestId("deploy-status")).toContainText("succeeded", { timeout: 120_000 });
    await expect(page.getByTestId("deploy-events")).toContainText(`Deployment/${namespace}/web rolled out`);
    await expect(page.getByTestId("deploy-events")).toContainText(`with ${accountId}`);

    // The page's object list ("# Kind/namespace/name" per rendered object) is what the cluster holds.
    await page.reload();
    const listed = ((await page.getByTestId("deploy-objects").textContent()) ?? "")
      .split("\n")
      .filter((l) => l.startsWith("# "))
      .map((l) => {
        const [kind, ...rest] = l.slice(2).trim().split("/");
        return `${kind}/${rest.pop()}`;
      })
      .sort();
    expect(listed).toEqual(expect.arrayContaining(["Deployment/web", "Service/web", `Namespace/${namespace}`]));
    const parent = applySetParentName(appId, envId);
    const inCluster = namespaceObjects(kubeconfig, namespace).filter((o) => !(o.kind === "ConfigMap" && o.metadata.name === parent));
    const ns = JSON.parse(kubectl(kubeconfig, ["get", "namespace", namespace, "-o", "json"])) as { metadata: { name: string } };
    expect([`Namespace/${ns.metadata.name}`, ...inCluster.map(keyOf)].sort()).toEqual(listed);
  } finally {
    await kubelet.stop();
    // Leave the shared cluster as we found it.
    await session.harness.admin.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
  }
});
