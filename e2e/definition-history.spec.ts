import { ADMIN, expect, signIn, test } from "./fixtures";

test("a definition's version history is collapsed, and shows what changed between versions rather than the whole template again", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/resources/definitions/incluster-postgres");
  const form = page.getByRole("form", { name: "Edit resource definition" });
  await form.getByRole("textbox", { name: "Name", exact: true }).fill("Postgres in the cluster (renamed)");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toContainText("a new version was recorded");

  await page.reload();
  const history = page.getByTestId("definition-history");
  await expect(history).not.toHaveAttribute("open", "");
  await expect(page.getByTestId("definition-versions")).toBeHidden();
  await history.locator("summary").first().click();
  const diff = history.getByRole("figure", { name: /^Diff of versions \d+ and \d+$/ });
  await expect(diff.locator('[data-diff="added"]', { hasText: "Postgres in the cluster (renamed)" })).toHaveCount(1);
  await expect(diff.locator('[data-diff="removed"]')).toHaveCount(1);
  // The template's unchanged lines fold away: only a few lines of context stay.
  await expect(diff.locator('[data-diff="folded"]').first()).toContainText("unchanged lines");
  expect(await diff.locator('[data-diff="same"]').count()).toBeLessThanOrEqual(6);
  const height = await history.evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeLessThan(800);
});
