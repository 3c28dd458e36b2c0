import { MANAGER, expect, signIn, test } from "./fixtures";

test("the resource graph says what each node is, and the Score resource of type environment has its own node", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, MANAGER);
  // The demo's development: web reads MOTD and PAYMENT_API_KEY through `env` (type environment) and uses shared.db.
  await page.goto("/apps/demo-shop/envs/development");
  const picture = page.getByTestId("graph-picture");
  const boxes = picture.locator(".react-flow__node");
  await expect(boxes.first()).toBeVisible({ timeout: 30_000 });

  await expect(boxes.filter({ hasText: "unmatched" })).toHaveCount(0);
  await expect(boxes.filter({ hasText: /^base-env/ })).toContainText("implicit · optional");
  await expect(boxes.filter({ hasText: /^modules\.web(?!\.)/ })).toContainText("workload");
  await expect(boxes.filter({ hasText: "shared.db" })).toContainText("by incluster-postgres");
  const env = boxes.filter({ hasText: "modules.web.externals.env" });
  await expect(env).toHaveAttribute("aria-label", "environment modules.web.externals.env, values");

  const panel = page.getByTestId("graph-node-panel");
  await env.click();
  await expect(panel.getByTestId("graph-node-role")).toContainText("its outputs are the application's shared values");
  await expect(panel.getByTestId("graph-node-role")).toContainText("It reads MOTD, PAYMENT_API_KEY.");
  await expect(panel).toContainText("workload modules.web"); // under "Used by"

  await boxes.filter({ hasText: /^base-env/ }).click();
  await expect(panel.getByTestId("graph-node-role")).toContainText("it is optional, so nothing was provisioned");
  await boxes.filter({ hasText: "shared.db" }).click();
  await expect(panel.getByTestId("graph-node-role")).toContainText("provisioned by definition incluster-postgres");
});
