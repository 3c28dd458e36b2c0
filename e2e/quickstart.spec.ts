import { ADMIN, expect, scoreEditor, signIn, test } from "./fixtures";

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: .
    variables:
      MOTD: \${resources.env.MOTD}
      DB_HOST: \${resources.db.host}
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

test("the quickstart in the browser: Score → deploy → clone → same file in staging gets another database → diff → roll back", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);

  // Create the app; it comes with a development environment.
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("shop");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/shop$/);

  // Write the Score file.
  await page.getByRole("link", { name: "New workload" }).click();
  const editor = await scoreEditor(page);
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // Paste, as a person would: typed text would be auto-indented by the editor.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((text) => navigator.clipboard.writeText(text), SCORE);
  await page.keyboard.press("Control+V");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page).toHaveURL(/\/workloads\/web$/);

  // MOTD at application level.
  await page.goto("/apps/shop/values");
  const add = page.getByRole("form", { name: "Add application value" });
  await add.getByLabel("Key").fill("MOTD");
  await add.getByLabel("Value").fill("Hello from every environment");
  await add.getByRole("button", { name: "Add value" }).click();
  await expect(page.getByTestId("value-MOTD")).toContainText("Hello from every environment");

  // Deploy to development with an image; preview first, then watch it succeed live.
  await page.goto("/apps/shop/envs/development");
  await page.getByRole("button", { name: "Deploy" }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy to development" });
  await dialog.getByLabel("Image for web").fill("registry.example.com/shop/web:1.0");
  await dialog.getByRole("button", { name: "Preview changes" }).click();
  await expect(dialog.getByTestId("preview-summary")).toContainText("+ web");
  await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/shop\/deploys\/[0-9a-f]+$/);
  await expect(page.getByTestId("deploy-status")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("deploy-events")).toContainText("postgres shared.db: provisioned with incluster-postgres");
  const firstDeploy = page.url().split("/").pop()!;

  // Clone development into staging (deploys the same configuration).
  await page.goto("/apps/shop");
  await page.getByRole("button", { name: "Clone environment" }).click();
  const clone = page.getByRole("form", { name: "Clone environment" });
  await clone.getByLabel("New environment id").fill("staging");
  await clone.getByLabel("Environment type").selectOption("staging");
  await clone.getByRole("button", { name: "Clone" }).click();
  await expect(page).toHaveURL(/\/apps\/shop\/deploys\/[0-9a-f]+$/);
  await expect(page.getByTestId("deploy-status")).toContainText("succeeded", { timeout: 60_000 });
  // The same Score file matched a different database definition in staging.
  await expect(page.getByTestId("deploy-events")).toContainText("postgres shared.db: provisioned with staging-postgres");

  // Override MOTD in staging only, and see staging marked outdated.
  await page.goto("/apps/shop/envs/staging");
  await page.getByRole("button", { name: "Override MOTD" }).click();
  await page.getByLabel("New value for MOTD").fill("Hello from staging");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("value-MOTD")).toContainText("staging override");
  await expect(page.getByTestId("outdated")).toBeVisible();

  // Deploy the same Score file unchanged to staging, picking up the override.
  await page.getByRole("button", { name: "Deploy" }).click();
  await page.getByRole("dialog", { name: "Deploy to staging" }).getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("deploy-status")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("deploy-objects")).toContainText("Hello from staging");

  // Diff development against staging.
  await page.goto("/apps/shop/diff?from=env:development&to=env:staging");
  // First, the point of the quickstart: the database comes from another definition in staging.
  const resources = page.getByTestId("resource-diff");
  await expect(resources.getByTestId("resource-diff-shared.db")).toContainText("from incluster-postgres → staging-postgres");
  await expect(resources.locator("li").first()).toContainText("shared.db");
  const order = await page.locator('[data-testid="resource-diff"], [data-testid="set-diff"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
  expect(order).toEqual(["resource-diff", "set-diff"]);
  await expect(page.getByTestId("object-diff")).toContainText("Deployment/shop-staging/web");
  await expect(page.getByTestId("diff-editor").first()).toBeVisible();

  // Roll development back to its first deployment.
  await page.goto("/apps/shop/envs/development");
  await page.getByRole("button", { name: "Deploy" }).click();
  const again = page.getByRole("dialog", { name: "Deploy to development" });
  await again.getByLabel("Image for web").fill("registry.example.com/shop/web:2.0");
  await again.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByTestId("deploy-status")).toContainText("succeeded", { timeout: 60_000 });
  await page.goto(`/apps/shop/deploys/${firstDeploy}`);
  await page.getByRole("form", { name: "Redeploy" }).getByRole("button", { name: "Redeploy this deployment" }).click();
  await expect(page.getByTestId("deploy-status")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("deploy-objects")).toContainText("registry.example.com/shop/web:1.0");
  await page.goto("/apps/shop/envs/development");
  await expect(page.getByTestId("deployments").locator("tbody tr")).toHaveCount(3);
});
