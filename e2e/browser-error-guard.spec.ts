import { expect, test } from "./fixtures";

// The guard in fixtures.ts runs after each test body: these tests check that it fails a test
// for a browser error nobody expected, and only then (test.fail marks the expected failure).

test.fail("a console.error nobody expected fails the test", async ({ page }) => {
  await page.goto("/sign-in");
  await page.evaluate(() => console.error("something broke"));
});

test.fail("a console.error in a dedicated worker fails the test", async ({ page }) => {
  await page.goto("/sign-in");
  await page.evaluate(async () => {
    const worker = new Worker(URL.createObjectURL(new Blob(['console.error("worker broke"); postMessage("done")'], { type: "text/javascript" })));
    await new Promise((resolve) => (worker.onmessage = resolve));
  });
  await page.waitForTimeout(200);
});

test.fail("an uncaught page error fails the test", async ({ page }) => {
  await page.goto("/sign-in");
  await page.evaluate(() => setTimeout(() => { throw new Error("uncaught"); }, 0));
  await page.waitForTimeout(200);
});

test("a console.error the test expects by name passes", async ({ page, expectBrowserError }) => {
  expectBrowserError("the test logs it itself", /^expected: \d+$/);
  await page.goto("/sign-in");
  await page.evaluate(() => console.error("expected: 42"));
  await expect(page.getByRole("heading", { name: "Sign in to Baton" })).toBeVisible();
});

test.fail("an expected error that never happens fails the test", async ({ page, expectBrowserError }) => {
  expectBrowserError("a message that is never logged", "never logged");
  await page.goto("/sign-in");
});
