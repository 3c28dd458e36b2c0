import { ADMIN, expect, signIn, test } from "./fixtures";

test("a new application shows its creation date in ISO form and can clone its empty development environment, saying why it starts empty", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("empty-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/empty-app$/);
  await expect(page.getByRole("main")).toContainText(/empty-app · created \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);

  // Nothing is deployed yet: cloning is offered all the same, and says what it will do.
  await page.getByRole("button", { name: "Clone environment" }).click();
  const clone = page.getByRole("form", { name: "Clone environment" });
  await expect(clone.getByLabel("Clone from")).toHaveValue("development");
  await expect(clone).toContainText("development has nothing deployed yet, so there is no configuration to copy: the new environment starts empty");
  await expect(clone.getByLabel("Deploy it now")).toBeDisabled();
  await clone.getByLabel("New environment id").fill("qa");
  await clone.getByLabel("Environment type").selectOption("staging");
  await clone.getByRole("button", { name: "Clone" }).click();
  await expect(page).toHaveURL(/\/apps\/empty-app\/envs\/qa$/);
  await expect(page.getByRole("main")).toContainText("not deployed");
  await page.goto("/apps/empty-app");
  await expect(page.getByTestId("env-row-qa")).toContainText("staging");
});
