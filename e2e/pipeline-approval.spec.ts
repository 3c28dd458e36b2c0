import type { APIRequestContext } from "@playwright/test";
import { PROMOTE } from "../tests/engine/pipelines/fixtures";
import { ADMIN, MANAGER, createApiToken, expect, signIn, test } from "./fixtures";

/**
 * The approval flow of issue 19 in the browser: development is deployed, a pipeline waits for an
 * approval before promoting it to production. The manager sees the waiting approval on the
 * overview but may not decide it (managers cannot deploy to production); an administrator opens
 * it from the overview, approves, and watches the promotion finish on the run's timeline.
 */
const APP = "approval-app";
const SCORE = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: .\n";

/** The app with development deployed, a production environment, the pipeline and a run waiting for its approval. */
async function waitingRun(request: APIRequestContext, headers: { authorization: string }, orgId: string): Promise<{ pipelineId: string; runId: string }> {
  const base = `/api/v1/orgs/${orgId}/apps`;
  expect((await request.post(base, { headers, data: { id: APP, name: "Approval app" } })).status()).toBe(201);
  expect((await request.post(`${base}/${APP}/envs`, { headers, data: { id: "production", name: "Production", type: "production" } })).status()).toBe(201);
  const deployed = await request.post(`${base}/${APP}/envs/development/score-deploys`, { headers, data: { workloads: [{ score_yaml: SCORE }], image: "nginx:1.28" } });
  expect(deployed.status(), await deployed.text()).toBe(201);
  const { id: deployId } = (await deployed.json()) as { id: string };
  await expect
    .poll(async () => ((await (await request.get(`${base}/${APP}/envs/development/deploys/${deployId}`, { headers })).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe("succeeded");
  const created = await request.post(`${base}/${APP}/pipelines`, { headers: { ...headers, "content-type": "application/x-yaml" }, data: PROMOTE });
  expect(created.status(), await created.text()).toBe(201);
  const { id: pipelineId } = (await created.json()) as { id: string };
  const run = await request.post(`${base}/${APP}/pipelines/${pipelineId}/runs`, { headers, data: { inputs: {} } });
  expect(run.status(), await run.text()).toBe(201);
  const { id: runId } = (await run.json()) as { id: string };
  return { pipelineId, runId };
}

test("a manager sees the waiting approval on the overview; an administrator approves it and the promotion runs", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  const { auth, orgId } = await createApiToken(page, "approval e2e");
  const { pipelineId, runId } = await waitingRun(page.request, auth, orgId);

  // The manager: the approval is listed on the overview, without the right to decide it.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signIn(manager, MANAGER);
  const managerRow = manager.getByTestId(`pending-approval-${runId}`);
  await expect(async () => {
    await manager.goto("/");
    await expect(managerRow).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(managerRow).toContainText("Promote development to production?");
  await expect(managerRow).not.toContainText("you may decide");
  await managerRow.getByRole("link").click();
  await expect(manager).toHaveURL(new RegExp(`/apps/${APP}/pipelines/${pipelineId}/runs/${runId}$`));
  const managerPanel = manager.getByRole("region", { name: "Waiting approval" });
  await expect(managerPanel).toContainText("Someone who may deploy to production environments decides.");
  await expect(managerPanel.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await managerContext.close();

  // The administrator opens the same approval from the overview and approves it.
  await page.goto("/");
  const adminRow = page.getByTestId(`pending-approval-${runId}`);
  await expect(adminRow).toContainText("you may decide");
  await adminRow.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/apps/${APP}/pipelines/${pipelineId}/runs/${runId}$`));
  await expect(page.getByRole("region", { name: "Waiting approval" })).toContainText("Promote development to production?");
  await page.getByRole("region", { name: "Waiting approval" }).getByRole("button", { name: "Approve" }).click();

  // The timeline follows the run live: the promotion deploys to production and the run succeeds.
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 120_000 });
  await expect(page.getByTestId("job-approve")).toContainText("succeeded");
  await expect(page.getByTestId("job-promote")).toContainText("succeeded");
  await expect(page.getByRole("list", { name: "Decided approvals" })).toContainText(`by ${ADMIN.email}`);
  await expect(page.getByRole("region", { name: "Waiting approval" })).toHaveCount(0);
  await page.getByTestId("step-promote-0").locator("summary").click();
  await expect(page.getByRole("list", { name: "Log of Promote" })).toContainText("production");

  // Nothing is left waiting on the overview, and production now runs what development runs.
  await page.goto("/");
  await expect(page.getByTestId(`pending-approval-${runId}`)).toHaveCount(0);
  await page.goto(`/apps/${APP}/envs/production`);
  await expect(page.getByRole("main")).toContainText("succeeded");
});
