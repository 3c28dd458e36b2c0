import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applySetParentName } from "@/lib/engine/targets/kubernetes";
import { findTestCluster, type ClusterLookup } from "../tests/engine/k8s/support/cluster";
import { realHarness, type RealSession } from "../tests/engine/k8s/support/harness";
import { hasKubectl, keyOf, kubectl, namespaceObjects, writeKubeconfig } from "../tests/engine/k8s/support/kubectl";
import { ADMIN, expect, loadedEditor, scoreEditor, signIn, test } from "./fixtures";

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
  lookup = await findTestCluster();
  const missing = [!lookup.cluster ? (lookup as { reason: string }).reason : null, !hasKubectl ? "no kubectl on PATH (apt-get install kubernetes-client)" : null].filter(Boolean);
  if (missing.length > 0 && process.env.CI) throw new Error(`CI must run the Kubernetes e2e: ${missing.join("; ")}`);
  if (missing.length > 0) console.log(`kubernetes e2e skipped: ${missing.join("; ")}`);
});

test("a platform engineer connects a cluster and deploys to it from the browser; kubectl shows exactly the listed objects", async ({ page, context }) => {
  test.skip(!lookup.cluster || !hasKubectl, "no Kubernetes test cluster or no kubectl (see the log)");
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
  const paste = async (text: string) => {
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // Paste, as a person would: typed text would be auto-indented by the editor.
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press("Control+V");
  };
  const kubelet = session.harness.kubelet(namespace);
  try {
    await signIn(page, ADMIN);

    // A new environment type for the cluster's environments.
    await page.goto("/env-types");
    await page.getByRole("button", { name: "Create environment type" }).click();
    const typeForm = page.getByRole("form", { name: "Create environment type" });
    await typeForm.getByLabel("Id").fill(envType);
    await typeForm.getByRole("button", { name: "Create", exact: true }).click();
    await expect(page.getByRole("cell", { name: envType, exact: true })).toBeVisible();

    // The cluster's credentials as a kubernetes cloud account; its check reaches the server.
    await page.goto("/resources/accounts");
    await page.getByRole("button", { name: "Add cloud account" }).click();
    const accountForm = page.getByRole("form", { name: "Add cloud account" });
    await accountForm.getByLabel("Id").fill(accountId);
    await accountForm.getByLabel("Name").fill("Test cluster");
    await accountForm.getByLabel("Account type").selectOption("kubernetes");
    await accountForm.getByLabel("API server URL").fill(cluster.server);
    await accountForm.getByLabel("CA data (base64) (optional)").fill(cluster.certificateAuthorityData);
    await accountForm.getByLabel("Bearer token (optional)").fill(cluster.adminToken);
    await accountForm.getByRole("button", { name: "Add account" }).click();
    const accountRow = page.getByTestId(`account-${accountId}`);
    await expect(accountRow).toBeVisible();
    await accountRow.getByRole("button", { name: "Check", exact: true }).click();
    await expect(accountRow).toContainText(`Reachable: Kubernetes ${cluster.version}`);

    // A k8s-cluster definition using the account (no secret inputs of its own).
    await page.goto("/resources/definitions/new");
    const defForm = page.getByRole("form", { name: "New resource definition" });
    await defForm.locator('input[name="id"]').fill(accountId);
    await defForm.locator('input[name="name"]').fill("Test cluster");
    await defForm.getByLabel("Resource type").selectOption("k8s-cluster");
    await defForm.getByRole("combobox", { name: "Driver", exact: true }).selectOption("humanitec/k8s-cluster");
    await defForm.getByLabel("Driver account").fill(accountId);
    const values = await loadedEditor(page, "values-editor");
    await values.click();
    await paste(`loadbalancer: 127.0.0.1\ncluster_data:\n  server: ${cluster.server}\n`);
    await defForm.getByRole("button", { name: "Create definition" }).click();
    await expect(page).toHaveURL(new RegExp(`/resources/definitions/${accountId}$`));

    // Matched to the new environment type.
    const criteria = page.getByTestId("criteria-editor");
    await criteria.getByRole("button", { name: "Add criterion" }).click();
    await criteria.getByLabel("Criterion 1 env_type").fill(envType);
    await criteria.getByRole("button", { name: "Preview impact" }).click();
    await criteria.getByRole("button", { name: "Save criteria" }).click();
    await expect(criteria.getByRole("status")).toContainText("Criteria saved.");

    // The app, an environment of that type, a workload.
    await page.goto("/apps");
    await page.getByRole("button", { name: "Create application" }).click();
    await page.getByRole("form", { name: "Create application" }).getByLabel("Application id").fill(appId);
    await page.getByRole("form", { name: "Create application" }).getByRole("button", { name: "Create", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${appId}$`));
    await page.getByRole("button", { name: "Create environment" }).click();
    const envForm = page.getByRole("form", { name: "Create environment" });
    await envForm.getByLabel("Environment id").fill(envId);
    await envForm.getByLabel("Environment type").selectOption(envType);
    await envForm.getByRole("button", { name: "Create", exact: true }).click();
    await expect(page.getByTestId(`env-row-${envId}`)).toBeVisible();
    await page.getByRole("link", { name: "New workload" }).click();
    const editor = await scoreEditor(page);
    await editor.click();
    await paste(SCORE);
    await page.getByRole("button", { name: "Save version" }).click();
    await expect(page).toHaveURL(/\/workloads\/web$/);

    // Deploy by clicking; the kubelet (this test) marks the pods Ready; the page shows success.
    await page.goto(`/apps/${appId}/envs/${envId}`);
    await page.getByRole("button", { name: "Deploy" }).click();
    const dialog = page.getByRole("dialog", { name: `Deploy to ${envId}` });
    await dialog.getByLabel("Image for web").fill("registry.example.com/kube/web:1.0");
    await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${appId}/deploys/[0-9a-f]+$`));
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
