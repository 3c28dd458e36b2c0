import { ADMIN, createApiToken, expect, signIn, test } from "./fixtures";

test("an environment's automation rules: create (an invalid match_ref is refused naming the field), pause, see a trigger's outcome, delete", async ({ page }) => {
  await signIn(page, ADMIN);
  const { auth, orgId } = await createApiToken(page, "rules e2e");

  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("rules-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/rules-app$/);
  await page.goto("/apps/rules-app/envs/development");
  await page.getByRole("link", { name: "Automation rules" }).click();
  await expect(page).toHaveURL(/\/apps\/rules-app\/envs\/development\/rules$/);
  await expect(page.getByRole("main")).toContainText("No automation rules");

  const form = page.getByRole("form", { name: "New automation rule" });
  await form.getByLabel("Images", { exact: true }).fill("registry.example.com/rules-app/web");
  await form.getByLabel("match_ref", { exact: true }).fill("refs/heads/(main");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(form.getByRole("alert").first()).toContainText("missing closing )");
  await form.getByLabel("match_ref", { exact: true }).fill("^refs/heads/main$");
  await form.getByRole("button", { name: "Create rule" }).click();
  const rule = page.getByTestId("rule");
  await expect(rule).toContainText("registry.example.com/rules-app/web");
  await expect(rule).toContainText("^refs/heads/main$");
  await expect(page.getByRole("main")).toContainText("active");

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("main")).toContainText("paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();

  // CI registers a matching version: the environment was never deployed, so the trigger is skipped, saying why.
  const registered = await page.request.post(`/api/v1/orgs/${orgId}/artefact-versions`, { headers: auth, data: { type: "container", name: "registry.example.com/rules-app/web", version: "2", ref: "refs/heads/main" } });
  expect(registered.status()).toBe(200);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("triggers")).toContainText("skipped", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("triggers")).toContainText("was never deployed");

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("main")).toContainText("No automation rules");
});
