import { ADMIN, expect, scoreEditor, signIn, test } from "./fixtures";

test("the Score editor completes resource types under a new resource and the outputs of ${resources.…}, without errors in the console", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("completion-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/completion-app$/);
  await page.getByRole("link", { name: "New workload" }).click();
  const editor = await scoreEditor(page);
  const suggestions = page.locator(".suggest-widget .monaco-list-row");

  // A new entry under `resources:` (the template ends with the db resource), typed key by key
  // at a brisk pace: every keystroke must land (the editor once dropped some while re-rendering).
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("  cache:", { delay: 30 });
  await page.keyboard.press("Escape");
  await page.keyboard.press("Enter");
  await page.keyboard.type("type: re", { delay: 30 });
  await expect(suggestions.filter({ hasText: "redis" }).first()).toBeVisible();
  await expect(suggestions.first()).toContainText("resource type");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("score-editor").locator(".view-lines")).toContainText("type: redis");

  // An output of a declared resource, in a container variable.
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("CACHE_HOST: ${resources.cache.", { delay: 30 });
  await expect(suggestions.filter({ hasText: "host" }).first()).toBeVisible();
  await expect(suggestions.filter({ hasText: "host" }).first()).toContainText("redis output");
});
