import { test as base, expect, type ConsoleMessage, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@baton.local", password: "e2e-admin-password" };
export const DEVELOPER = { email: "developer@baton.local", password: "demo-developer" };
export const MANAGER = { email: "manager@baton.local", password: "demo-manager" };

/**
 * A browser error a test provokes on purpose. `name` says why it is expected (it is printed
 * when the error does not appear); `message` matches the error's text (substring or RegExp).
 */
export interface ExpectedBrowserError {
  name: string;
  message: string | RegExp;
}

interface BrowserError {
  kind: "console.error" | "pageerror";
  text: string;
  where: string;
}

function matches(expected: ExpectedBrowserError, error: BrowserError): boolean {
  return typeof expected.message === "string" ? error.text.includes(expected.message) : expected.message.test(error.text);
}

function describeConsole(msg: ConsoleMessage): BrowserError {
  const { url, lineNumber } = msg.location();
  const source = msg.worker() ? `worker ${msg.worker()!.url().split("#")[0]}` : "page";
  return { kind: "console.error", text: msg.text(), where: `${source}${url ? ` ${url}:${lineNumber}` : ""}` };
}

/**
 * Every test runs with requests to anything but this machine blocked (Baton must work
 * offline), and fails on any uncaught page error or `console.error` — in a page or in one of
 * its workers (Chromium reports a dedicated worker's console, where Monaco's language workers
 * log, through the page) — unless the test says it provokes that error, by name:
 *
 *   test("…", async ({ page, expectBrowserError }) => {
 *     expectBrowserError("the unknown page answers 404", "status of 404 (Not Found)");
 *
 * An expected error that never happens fails the test too, so expectations cannot go stale.
 */
export const test = base.extend<{
  browserErrorExpectations: ExpectedBrowserError[];
  expectBrowserError: (name: string, message: string | RegExp) => void;
  guard: void;
}>({
  // Playwright reads a fixture's dependencies from its destructured first parameter: none here.
  // eslint-disable-next-line no-empty-pattern
  browserErrorExpectations: async ({}, provide) => {
    await provide([]);
  },
  expectBrowserError: async ({ browserErrorExpectations }, provide) => {
    await provide((name, message) => {
      browserErrorExpectations.push({ name, message });
    });
  },
  guard: [
    async ({ page, context, browserErrorExpectations }, run) => {
      const errors: BrowserError[] = [];
      const external: string[] = [];
      const watch = (p: Page) => {
        p.on("console", (msg) => {
          if (msg.type() === "error") errors.push(describeConsole(msg));
        });
        p.on("pageerror", (e) => errors.push({ kind: "pageerror", text: e.stack ?? e.message, where: p.url() }));
      };
      watch(page);
      context.on("page", watch);
      await page.route("**/*", (route) => {
        const host = new URL(route.request().url()).hostname;
        if (host === "localhost" || host === "127.0.0.1") return route.continue();
        external.push(route.request().url());
        return route.abort();
      });
      await run();
      const expected = browserErrorExpectations;
      const unexpected = errors.filter((e) => !expected.some((x) => matches(x, e)));
      const missing = expected.filter((x) => !errors.some((e) => matches(x, e))).map((x) => x.name);
      expect(unexpected.map((e) => `${e.kind} (${e.where}): ${e.text}`), "console errors and uncaught page errors").toEqual([]);
      expect(missing, "expected browser errors that did not happen").toEqual([]);
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

/**
 * An API token of the signed-in user, made on the tokens page as a person would, with the
 * headers that carry it and the organisation's id: specs set up what the browser then shows.
 */
export async function createApiToken(page: Page, description: string): Promise<{ token: string; auth: { authorization: string }; orgId: string }> {
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  const create = page.getByRole("form", { name: "Create token" });
  await create.getByLabel("Description").fill(description);
  await create.getByRole("button", { name: "Create" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const auth = { authorization: `Bearer ${token}` };
  const [org] = (await (await page.request.get("/api/v1/orgs", { headers: auth })).json()) as { id: string }[];
  return { token, auth, orgId: org.id };
}

/**
 * The Score editor once Monaco has loaded. Monaco is fetched and compiled on first use; on a
 * busy two-core machine (the server seeds the demo while the first tests run) that can take
 * longer than the default 10 s.
 */
export async function scoreEditor(page: Page) {
  return loadedEditor(page, "score-editor");
}

/** Any Monaco editor of the portal (`score-editor`, `values-editor`, …) once it has loaded. */
export async function loadedEditor(page: Page, testId: string) {
  const editor = page.getByTestId(testId).locator(".monaco-editor");
  await expect(editor).toBeVisible({ timeout: 30_000 });
  return editor;
}
