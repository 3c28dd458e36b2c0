import { ADMIN, expect, signIn, test } from "./fixtures";

test("Explain a match: the four fields of the form line up and share one font", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/resources/explain");
  const form = page.getByRole("form", { name: "Resource to match" });
  const controls = form.locator("select, input");
  await expect(controls).toHaveCount(4);
  const boxes = await controls.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return { top: Math.round(r.top), height: Math.round(r.height), font: `${s.fontFamily} ${s.fontSize}` };
    }),
  );
  expect(new Set(boxes.map((b) => b.top)).size, JSON.stringify(boxes)).toBe(1);
  expect(new Set(boxes.map((b) => b.height)).size, JSON.stringify(boxes)).toBe(1);
  expect(new Set(boxes.map((b) => b.font)).size, JSON.stringify(boxes)).toBe(1);
});
