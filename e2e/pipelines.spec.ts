import { ADMIN, createApiToken, expect, signIn, test } from "./fixtures";

const PIPELINE = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Wait a moment
on:
  pipeline_call: {}
jobs:
  pause:
    steps:
      - uses: actions/humanitec/wait@v1
        with: { duration: 1s }
`;

test("an application's pipelines are listed from its page and a pipeline page shows its YAML and runs", async ({ page }) => {
  await signIn(page, ADMIN);
  const { auth, orgId } = await createApiToken(page, "pipelines e2e");

  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("pipe-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/pipe-app$/);

  const base = `/api/v1/orgs/${orgId}/apps/pipe-app/pipelines`;
  const created = await page.request.post(base, { headers: { ...auth, "content-type": "application/x-yaml" }, data: PIPELINE });
  expect(created.status()).toBe(201);
  const pipeline = (await created.json()) as { id: string };
  const run = await page.request.post(`${base}/${pipeline.id}/runs`, { headers: auth, data: { inputs: {} } });
  expect(run.status()).toBe(201);
  const { id: runId } = (await run.json()) as { id: string };

  await page.getByRole("link", { name: "Pipelines" }).click();
  await expect(page).toHaveURL(/\/apps\/pipe-app\/pipelines$/);
  await page.getByRole("link", { name: "Wait a moment" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/pipe-app/pipelines/${pipeline.id}$`));
  await expect(page.getByRole("main")).toContainText("uses: actions/humanitec/wait@v1");
  await expect(page.getByRole("main")).toContainText(runId);
});
