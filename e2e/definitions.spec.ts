import { ADMIN, expect, loadedEditor, scoreEditor, signIn, test } from "./fixtures";

const SECRET = "e2e-pg-password-5f3c1a";

test("a platform engineer sees, before saving a criterion, that shop/staging's shared.db would switch definition", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);

  // The in-cluster pack, for development environments only.
  await page.goto("/resources/definitions/pack");
  await page.getByLabel("Environment type").selectOption("development");
  await page.getByRole("button", { name: "Install pack" }).click();
  await expect(page.getByRole("status")).toContainText("Installed");
  await page.goto("/resources/definitions");
  await expect(page.getByTestId("definition-incluster-postgres")).toContainText("env_type: development");

  // App shop with a staging environment (the foundation spec creates its own shop; this one deletes it at the end).
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByRole("form", { name: "Create application" }).getByLabel("Application id").fill("shop");
  await page.getByRole("form", { name: "Create application" }).getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/shop$/);
  await page.getByRole("button", { name: "Create environment" }).click();
  const envForm = page.getByRole("form", { name: "Create environment" });
  await envForm.getByLabel("Environment id").fill("staging");
  await envForm.getByLabel("Environment type").selectOption("staging");
  await envForm.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByTestId("env-row-staging")).toBeVisible();

  // A workload with a shared postgres `id: db`: its resources are usages in every environment of the app.
  await page.getByRole("link", { name: "New workload" }).click();
  const editor = page.getByTestId("score-editor");
  await scoreEditor(page);
  await editor.locator(".monaco-editor").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("    id: db");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page).toHaveURL(/\/workloads\/my-workload$/);
  await expect(page.getByTestId("resource-matches")).toContainText("incluster-postgres");

  // A second postgres definition, with a write-only secret input.
  await page.goto("/resources/definitions/new");
  const form = page.getByRole("form", { name: "New resource definition" });
  await form.locator('input[name="id"]').fill("pg-staging");
  await form.locator('input[name="name"]').fill("Postgres for staging");
  await form.getByLabel("Resource type").selectOption("postgres");
  await form.getByRole("combobox", { name: "Driver", exact: true }).selectOption("humanitec/echo");
  await loadedEditor(page, "values-editor");
  await form.getByLabel("Replace with new secret inputs").check();
  await form.getByLabel("New secret inputs (YAML)").fill(`password: ${SECRET}\n`);
  await form.getByRole("button", { name: "Create definition" }).click();
  await expect(page).toHaveURL(/\/resources\/definitions\/pg-staging$/);
  await expect(page.getByTestId("secret-inputs")).toContainText("password: set");

  // Is {env_type: staging} already held by a postgres definition (e.g. the demo seed's)? Then saving must be refused.
  await page.goto("/resources/definitions?type=postgres");
  const holder = page.getByTestId("definitions").locator("tr", { hasText: "env_type: staging" });
  const holderId = (await holder.count()) > 0 ? ((await holder.first().getAttribute("data-testid")) ?? "").replace(/^definition-/, "") : null;

  // Add {env_type: staging}: before saving, the impact names shop/staging shared.db.
  await page.goto("/resources/definitions/pg-staging");
  const criteria = page.getByTestId("criteria-editor");
  await criteria.getByRole("button", { name: "Add criterion" }).click();
  await criteria.getByLabel("Criterion 1 env_type").fill("staging");
  await criteria.getByRole("button", { name: "Preview impact" }).click();
  const impact = page.getByTestId("blast-radius");
  await expect(impact).toContainText("1 resource(s) in 1 environment(s) of 1 application(s) would switch definition");
  const row = impact.getByTestId("blast-radius-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("shop/staging");
  await expect(row).toContainText("shared.db");
  await expect(row.locator("td").nth(2)).toHaveText(holderId ?? "no definition");
  await expect(row.locator("td").nth(3)).toHaveText("pg-staging");
  await criteria.getByRole("button", { name: "Save criteria" }).click();

  if (holderId) {
    // Duplicate rules for a type are refused, naming the definition that holds it.
    await expect(page.getByTestId("criteria-error")).toContainText(`resource definition "${holderId}" of the same type already has this rule`);
  } else {
    await expect(criteria.getByRole("status")).toContainText("Criteria saved.");
    await expect(page.getByTestId("definition-versions")).toContainText("v2 updated");
    // The same rule on another postgres definition is refused with a clear message.
    await page.goto("/resources/definitions/incluster-postgres");
    await criteria.getByRole("button", { name: "Add criterion" }).click();
    await criteria.getByLabel("Criterion 2 env_type").fill("staging");
    await criteria.getByRole("button", { name: "Preview impact" }).click();
    await criteria.getByRole("button", { name: "Save criteria" }).click();
    await expect(page.getByTestId("criteria-error")).toContainText('resource definition "pg-staging" of the same type already has this rule');
  }

  // Explain: for shop/staging the definition holding {env_type: staging} wins; the pack's fails on env_type.
  await page.goto("/resources/explain?env=shop%2Fstaging&type=postgres&class=default&res_id=shared.db");
  await expect(page.getByTestId(`candidate-${holderId ?? "pg-staging"}`)).toContainText("selected");
  await expect(page.getByTestId("candidate-incluster-postgres")).toContainText('env_type is "development" but the environment type is "staging"');

  // The secret is never in a page or the export.
  await page.goto("/resources/definitions/pg-staging");
  await expect(page.getByTestId("definition-versions")).toContainText("v1 created");
  expect(await page.content()).not.toContain(SECRET);
  const exported = await page.request.get("/resources/definitions/export?id=pg-staging");
  expect(exported.ok()).toBe(true);
  const yaml = await exported.text();
  expect(yaml).toContain("driver_type: humanitec/echo");
  expect(yaml).not.toContain(SECRET);

  // Delete it (no active resource uses it), after seeing what would change.
  await page.getByRole("button", { name: "Check what deleting changes" }).click();
  await expect(page.getByTestId("blast-radius")).toBeVisible();
  await page.getByRole("button", { name: "Delete definition" }).click();
  await expect(page).toHaveURL(/\/resources\/definitions$/);
  await expect(page.getByTestId("definition-pg-staging")).toHaveCount(0);

  // Leave no app behind for the other specs.
  await page.goto("/apps/shop");
  const del = page.getByRole("form", { name: "Delete application" });
  await del.getByLabel('Delete application — type "shop" to confirm').fill("shop");
  await del.getByRole("button", { name: "Delete application" }).click();
  await expect(page).toHaveURL(/\/apps$/);
});
