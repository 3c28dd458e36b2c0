import { test as base, expect, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@baton.local", password: "e2e-admin-password" };
export const DEVELOPER = { email: "developer@baton.local", password: "demo-developer" };
export const MANAGER = { email: "manager@baton.local", password: "demo-manager" };

/**
 * Every test runs with requests to anything but this machine blocked (Baton must work
 * offline) and fails on any uncaught page error.
 */
export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const external: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.route("**/*", (route) => {
        const host = new URL(route.request().url()).hostname;
        if (host === "localhost" || host === "127.0.0.1") return route.continue();
        external.push(route.request().url());
        return route.abort();
      });
      await use();
      expect(errors, "uncaught page errors").toEqual([]);
      expect(external, "requests that left this machine").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.email);
}
