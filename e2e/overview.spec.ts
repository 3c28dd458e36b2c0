import { MANAGER, expect, signIn, test } from "./fixtures";

// Far from UTC: relative times must not shift with the browser's zone.
test.use({ timezoneId: "Pacific/Auckland" });

test("a manager filters the overview to failed production environments, opens one and sees its resource graph", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, MANAGER);
  await page.goto("/");

  // The demo organisation, seeded on first start through real deployments.
  await expect(page.getByTestId("demo-banner")).toContainText("manager@baton.local");
  const grid = page.getByTestId("overview-grid");
  await expect(grid).toBeVisible();
  await expect(grid.getByRole("link", { name: /^development/ }).first()).toBeVisible();
  // The demo history was made minutes ago, and the grid says so (never "1 h ago").
  await expect(grid).toContainText(/\d+ (s|min) ago/);
  await expect(grid).not.toContainText(/\d+ (h|d) ago/);
  await page.setViewportSize({ width: 1400, height: 900 });
  const overviewShot = testInfo.outputPath("overview.png");
  await page.screenshot({ path: overviewShot, fullPage: true });
  await testInfo.attach("overview", { path: overviewShot, contentType: "image/png" });

  // Filters: production, failed (each select applies on change; the URL holds the state).
  const filters = page.getByRole("form", { name: "Filter the overview" });
  await filters.getByLabel("Environment type").selectOption("production");
  await expect(page).toHaveURL(/envType=production/);
  await filters.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByTestId("overview-range")).toContainText("of 1 application");
  const failed = page.getByTestId("overview-grid").getByRole("link", { name: /production.*failed/ });
  await expect(failed).toHaveCount(1);
  await expect(page.getByTestId("overview-grid").getByRole("columnheader")).toHaveText(["Application", "production"]);
  const filteredShot = testInfo.outputPath("overview-failed-production.png");
  await page.screenshot({ path: filteredShot, fullPage: true });
  await testInfo.attach("overview, failed production", { path: filteredShot, contentType: "image/png" });

  // Open it: the environment page shows the failed deployment and the graph picture.
  await failed.click();
  await expect(page).toHaveURL(/\/apps\/demo-shop\/envs\/production$/);
  await expect(page.getByRole("heading", { name: "Production" })).toBeVisible();
  const picture = page.getByTestId("graph-picture");
  await expect(picture.locator(".react-flow__node").first()).toBeVisible({ timeout: 30_000 });
  expect(await picture.locator(".react-flow__node").count()).toBeGreaterThan(2);

  // The postgres box failed to match; its panel says so. The workload's panel names its definition and dependencies.
  await picture.locator(".react-flow__node", { hasText: "postgres" }).first().click();
  const panel = page.getByTestId("graph-node-panel");
  await expect(panel).toContainText("No definition matched this resource.");
  await expect(panel).toContainText("Used by");
  await picture.locator(".react-flow__node", { hasText: "modules.web" }).first().click();
  await expect(panel).toContainText("Depends on");
  await expect(panel).toContainText("postgres shared.db");
  const graphShot = testInfo.outputPath("environment-graph.png");
  await page.screenshot({ path: graphShot, fullPage: true });
  await testInfo.attach("environment graph", { path: graphShot, contentType: "image/png" });

  // The delivery figures count the real history: in production, one success (blog) and one failure (shop).
  await page.goto("/insights?period=7d&envType=production");
  await expect(page.getByTestId("figure-failure-rate")).toContainText("50 %");
  await expect(page.getByTestId("figure-restore")).toContainText("1 incident(s), 1 still failing");
  await expect(page.getByTestId("delivery-charts").locator(".recharts-bar-rectangle").first()).toBeVisible();
});
