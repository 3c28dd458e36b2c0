import { ADMIN, expect, signIn, test } from "./fixtures";

const SECRET = "e2e-webhook-secret-0123456";

test("an app owner creates a signed webhook on the app's Webhooks page, sees a refused private URL, disables and deletes it", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("hook-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/hook-app$/);

  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(/\/apps\/hook-app\/webhooks$/);
  const form = page.getByRole("form", { name: "Create webhook" });

  // A private address is refused, the message naming the field (a server action: no 4xx in the console).
  await form.getByLabel("URL").fill("https://10.0.0.1/hook");
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(form).toContainText("10.0.0.1 is a private, loopback or link-local address");

  await form.getByLabel("Id").fill("notify");
  await form.getByLabel("URL").fill("https://203.0.113.10/hook");
  await form.getByLabel("Secret").fill(SECRET);
  await form.getByRole("button", { name: "Create webhook" }).click();
  const main = page.getByRole("main");
  await expect(main).toContainText("https://203.0.113.10/hook");
  await expect(main).toContainText("signed");
  await expect(main).toContainText("triggers: deployment started, deployment finished");
  expect(await page.content()).not.toContain(SECRET);

  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("button", { name: "Enable" })).toBeVisible();
  await expect(main).toContainText("disabled");

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(main).toContainText("No webhooks yet.");
});
