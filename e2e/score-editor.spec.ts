import { ADMIN, expect, scoreEditor, signIn, test } from "./fixtures";

test("a developer writes a Score file: live schema markers, save, versions and their diff — offline", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("editor-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/editor-app$/);

  await page.getByRole("link", { name: "New workload" }).click();
  const editor = page.getByTestId("score-editor");
  await scoreEditor(page);
  // The template is a valid Score file: save it as version 1.
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page).toHaveURL(/\/workloads\/my-workload$/);
  await expect(page.getByTestId("versions")).toContainText("v1");

  // Type an invalid field: the schema marker appears while typing (monaco-yaml worker).
  await editor.locator(".monaco-editor").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\nunknownField: true");
  await expect(editor.locator(".squiggly-warning, .squiggly-error").first()).toBeVisible({ timeout: 20_000 });

  // Saving keeps it as a draft, with the server's message naming the field.
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByTestId("score-errors")).toContainText("unknownField");
  await expect(page.getByRole("status")).toContainText("draft");

  // Fix it: remove the line, save again → version 3, valid; the diff to the previous version shows the removal.
  await editor.locator(".monaco-editor").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.getByLabel("Version message").fill("remove the stray field");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByRole("status")).toContainText("Saved version 3.");
  await page.reload();
  const versions = page.getByTestId("versions");
  await expect(versions).toContainText("v3");
  await expect(versions).toContainText("remove the stray field");
  const diff = page.getByRole("figure", { name: "Diff of versions 2 and 3" });
  await expect(diff.locator('[data-diff="removed"]', { hasText: "unknownField: true" })).toHaveCount(1);
  await expect(diff.locator('[data-diff="added"]')).toHaveCount(0);

  // The side panel lists the workload's resources per environment.
  await expect(page.getByTestId("resource-matches")).toContainText("db");
  await expect(page.getByTestId("resource-matches")).toContainText("development:");
});

test("other pages do not load the editor bundle", async ({ page }) => {
  const scripts: string[] = [];
  page.on("response", async (res) => {
    if (res.url().endsWith(".js")) scripts.push(await res.text().catch(() => ""));
  });
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.waitForLoadState("networkidle");
  expect(scripts.some((s) => s.includes("monaco-yaml") || s.includes("MonacoEnvironment"))).toBe(false);
});
