import { ADMIN, DEVELOPER, expect, signIn, test } from "./fixtures";

test("an unauthenticated visitor is sent to sign-in", async ({ page }) => {
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Baton" })).toBeVisible();
});

test("a wrong password is refused", async ({ page, expectBrowserError }) => {
  expectBrowserError("next-auth answers a refused sign-in with 401", "status of 401 (Unauthorized)");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a tampered session cookie is not a session", async ({ page, context, baseURL }) => {
  await signIn(page, ADMIN);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toBeTruthy();
  await context.addCookies([{ ...session!, value: session!.value.slice(0, -6) + "AAAAAA" }]);
  await page.goto(`${baseURL}/apps`);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the administrator sees the shell, creates an app and finds its development environment", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.getByTestId("org-name")).toHaveText("E2E Org");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const item of ["Overview", "Applications", "Artefacts", "Definitions", "Types", "Accounts", "Environment types", "Users", "API tokens", "Audit log"]) {
    await expect(nav.getByRole("link", { name: item, exact: true })).toBeVisible();
  }

  await nav.getByRole("link", { name: "Applications" }).click();
  await page.getByRole("button", { name: "Create application" }).click();
  const form = page.getByRole("form", { name: "Create application" });

  // A bad id gets a clear message and creates nothing.
  await form.getByLabel("Application id").fill("Shop!");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(form.getByRole("alert")).toContainText("Application id is not valid");

  await form.getByLabel("Application id").fill("shop");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/apps\/shop$/);
  await expect(page.getByTestId("env-row-development")).toContainText("development");

  // A duplicate id is refused.
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  const again = page.getByRole("form", { name: "Create application" });
  await again.getByLabel("Application id").fill("shop");
  await again.getByRole("button", { name: "Create", exact: true }).click();
  await expect(again.getByRole("alert")).toContainText("already exists");

  await page.goto("/apps/shop");
  await page.getByTestId("env-row-development").getByRole("link", { name: "Development" }).click();
  await expect(page.getByRole("heading", { name: "Development" })).toBeVisible();

  // Deleting asks for the id to be typed; afterwards the app is gone (other specs create `shop` too).
  await page.goto("/apps/shop");
  const del = page.getByRole("form", { name: "Delete application" });
  await expect(del.getByRole("button", { name: "Delete application" })).toBeDisabled();
  await del.getByRole("textbox").fill("shop");
  await del.getByRole("button", { name: "Delete application" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole("link", { name: /^shop/ })).toHaveCount(0);
});

test("the demo developer has no Settings → Users and cannot create applications", async ({ page, expectBrowserError }) => {
  expectBrowserError("Settings → Users is a 404 for a developer", "status of 404 (Not Found)");
  await signIn(page, DEVELOPER);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "API tokens" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("an administrator adds a viewer, who cannot create an application", async ({ page, context }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill("vera@example.com");
  await form.getByLabel("Name").fill("Vera Viewer");
  await form.getByLabel("Initial password").fill("vera-password");
  await form.getByLabel("Organisation role").selectOption("viewer");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("user-vera@example.com")).toContainText("viewer");

  await context.clearCookies();
  await signIn(page, { email: "vera@example.com", password: "vera-password" });
  await page.goto("/apps");
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create application" })).toHaveCount(0);
});

test("unknown pages show a 404 page", async ({ page, expectBrowserError }) => {
  expectBrowserError("the unknown page answers 404", "status of 404 (Not Found)");
  await signIn(page, ADMIN);
  await page.goto("/apps/does-not-exist");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
