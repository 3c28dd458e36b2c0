import type { Page } from "@playwright/test";
import { findTestCluster, type ClusterLookup, type TestCluster } from "../tests/engine/k8s/support/cluster";
import { hasKubectl } from "../tests/engine/k8s/support/kubectl";
import { expect, loadedEditor, scoreEditor } from "./fixtures";

/**
 * Shared steps of the specs that run against the real test cluster (scripts/test-cluster):
 * finding it (skip locally with the reason, fail under CI), connecting it in the browser as a
 * platform engineer would, and an app with one workload in an environment of that type.
 */

/** The cluster, or why not. Under CI a missing cluster (or kubectl, when `needsKubectl`) fails the spec. */
export async function lookUpTestCluster(spec: string, opts: { needsKubectl?: boolean } = {}): Promise<ClusterLookup> {
  const lookup = await findTestCluster();
  const missing = [!lookup.cluster ? (lookup as { reason: string }).reason : null, opts.needsKubectl && !hasKubectl ? "no kubectl on PATH (apt-get install kubernetes-client)" : null].filter(Boolean);
  if (missing.length > 0 && process.env.CI) throw new Error(`CI must run the ${spec} e2e: ${missing.join("; ")}`);
  if (missing.length > 0) console.log(`${spec} e2e skipped: ${missing.join("; ")}`);
  return missing.length > 0 ? { cluster: null, reason: missing.join("; ") } : lookup;
}

/** Replaces a Monaco editor's text by pasting, as a person would: typed text would be auto-indented. */
export async function paste(page: Page, text: string) {
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press("Control+V");
}

/**
 * A new environment type, the cluster's credentials as a `kubernetes` cloud account (its check
 * reaches the server), and a `humanitec/k8s-cluster` definition using it, matched to the type.
 * The page's context needs clipboard permissions (see `paste`).
 */
export async function connectTestCluster(page: Page, cluster: TestCluster, ids: { envType: string; accountId: string }) {
  const { envType, accountId } = ids;
  await page.goto("/env-types");
  await page.getByRole("button", { name: "Create environment type" }).click();
  const typeForm = page.getByRole("form", { name: "Create environment type" });
  await typeForm.getByLabel("Id").fill(envType);
  await typeForm.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("cell", { name: envType, exact: true })).toBeVisible();

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

  await page.goto("/resources/definitions/new");
  const defForm = page.getByRole("form", { name: "New resource definition" });
  await defForm.locator('input[name="id"]').fill(accountId);
  await defForm.locator('input[name="name"]').fill("Test cluster");
  await defForm.getByLabel("Resource type").selectOption("k8s-cluster");
  await defForm.getByRole("combobox", { name: "Driver", exact: true }).selectOption("humanitec/k8s-cluster");
  await defForm.getByLabel("Driver account").fill(accountId);
  const values = await loadedEditor(page, "values-editor");
  await values.click();
  await paste(page, `loadbalancer: 127.0.0.1\ncluster_data:\n  server: ${cluster.server}\n`);
  await defForm.getByRole("button", { name: "Create definition" }).click();
  await expect(page).toHaveURL(new RegExp(`/resources/definitions/${accountId}$`));

  const criteria = page.getByTestId("criteria-editor");
  await criteria.getByRole("button", { name: "Add criterion" }).click();
  await criteria.getByLabel("Criterion 1 env_type").fill(envType);
  await criteria.getByRole("button", { name: "Preview impact" }).click();
  await criteria.getByRole("button", { name: "Save criteria" }).click();
  await expect(criteria.getByRole("status")).toContainText("Criteria saved.");
}

/** The app, an environment of the type, and its workload `web` from `score` (which must name it so). */
export async function createAppWithWorkload(page: Page, ids: { appId: string; envId: string; envType: string }, score: string) {
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByRole("form", { name: "Create application" }).getByLabel("Application id").fill(ids.appId);
  await page.getByRole("form", { name: "Create application" }).getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${ids.appId}$`));
  await page.getByRole("button", { name: "Create environment" }).click();
  const envForm = page.getByRole("form", { name: "Create environment" });
  await envForm.getByLabel("Environment id").fill(ids.envId);
  await envForm.getByLabel("Environment type").selectOption(ids.envType);
  await envForm.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByTestId(`env-row-${ids.envId}`)).toBeVisible();
  await page.getByRole("link", { name: "New workload" }).click();
  const editor = await scoreEditor(page);
  await editor.click();
  await paste(page, score);
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page).toHaveURL(/\/workloads\/web$/);
}

/** Clicks Deploy on the environment page with `image` for workload `web`; lands on the deployment page. */
export async function deployFromEnvironmentPage(page: Page, ids: { appId: string; envId: string }, image: string) {
  await page.goto(`/apps/${ids.appId}/envs/${ids.envId}`);
  await page.getByRole("button", { name: "Deploy" }).click();
  const dialog = page.getByRole("dialog", { name: `Deploy to ${ids.envId}` });
  await dialog.getByLabel("Image for web").fill(image);
  await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${ids.appId}/deploys/[0-9a-f]+$`));
}
