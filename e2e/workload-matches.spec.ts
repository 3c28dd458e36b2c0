import { ADMIN, expect, scoreEditor, signIn, test } from "./fixtures";

const WITH_CACHE = `apiVersion: score.dev/v1b1
metadata:
  name: api
containers:
  main:
    image: .
    variables:
      DB_HOST: \${resources.db.host}
      CACHE_HOST: \${resources.cache.host}
resources:
  db:
    type: postgres
  cache:
    type: redis
`;

test("the New workload page shows, per environment, the definition each resource would match, and follows the text while it is typed", async ({ page, context }) => {
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("matches-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/matches-app$/);

  await page.getByRole("link", { name: "New workload" }).click();
  const editor = await scoreEditor(page);
  // The template's database, before anything is typed or saved.
  const matches = page.getByTestId("resource-matches");
  await expect(matches.getByTestId("resource-match-db")).toContainText("development: incluster-postgres");
  await expect(matches.getByTestId("resource-match-db")).toContainText("modules.my-workload.externals.db");
  await expect(matches.getByTestId("resource-match-cache")).toHaveCount(0);

  // Replace the text (unsaved): a second resource and another workload name.
  await editor.click();
  await page.keyboard.press("Control+A");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((text) => navigator.clipboard.writeText(text), WITH_CACHE);
  await page.keyboard.press("Control+V");
  await expect(matches.getByTestId("resource-match-cache")).toContainText("development: incluster-redis");
  await expect(matches.getByTestId("resource-match-db")).toContainText("modules.api.externals.db");
  await expect(page).toHaveURL(/\/workloads\/new$/);

  // Half-typed YAML keeps the last answer instead of emptying the panel.
  await page.keyboard.insertText("\n  broken: [");
  await expect(page.getByTestId("live-resource-matches")).toContainText("does not parse as YAML yet");
  await expect(matches.getByTestId("resource-match-cache")).toContainText("incluster-redis");
});
