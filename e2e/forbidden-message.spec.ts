import { ADMIN, expect, scoreEditor, signIn, test } from "./fixtures";

test("a refused action says which role or env-type grant it needs", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The administrator, in a browser of their own: an app with a workload, and a developer for it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN);
  await admin.goto("/apps");
  await admin.getByRole("button", { name: "Create application" }).click();
  await admin.getByLabel("Application id").fill("perm-app");
  await admin.getByRole("button", { name: "Create", exact: true }).click();
  await expect(admin).toHaveURL(/\/apps\/perm-app$/);
  await admin.getByRole("link", { name: "New workload" }).click();
  await scoreEditor(admin);
  await admin.getByRole("button", { name: "Save version" }).click();
  await expect(admin).toHaveURL(/\/workloads\/my-workload$/);

  await admin.goto("/settings/users");
  await admin.getByRole("button", { name: "Add user" }).click();
  const add = admin.getByRole("form", { name: "Add user" });
  await add.getByLabel("Email").fill("dana@example.com");
  await add.getByLabel("Name").fill("Dana Developer");
  await add.getByLabel("Initial password").fill("dana-password");
  await add.getByLabel("Organisation role").selectOption("member");
  await add.getByRole("button", { name: "Add" }).click();
  const row = admin.getByTestId("user-dana@example.com");
  const setRoles = async (deployer: boolean) => {
    await row.getByRole("button", { name: "Edit roles" }).click();
    const roles = admin.getByRole("form", { name: "Roles of dana@example.com" });
    await roles.locator("label", { hasText: "perm-app" }).locator("select").selectOption("developer");
    await roles.getByRole("checkbox", { name: "development", exact: true }).setChecked(deployer);
    await roles.getByRole("button", { name: "Save roles" }).click();
    await expect(roles).toHaveCount(0);
  };
  await setRoles(true);

  // Dana opens the deploy dialog while she may deploy to development…
  await signIn(page, { email: "dana@example.com", password: "dana-password" });
  await page.goto("/apps/perm-app/envs/development");
  await page.getByRole("button", { name: "Deploy" }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy to development" });
  await dialog.getByLabel("Image for my-workload").fill("registry.example.com/perm-app/web:1");

  // …then loses the grant, and her next click is refused with the reason.
  await setRoles(false);
  await dialog.getByRole("button", { name: "Preview changes" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    'Deploying to an environment of type "development" needs the deployer grant on environment type "development" (you have it on none).',
  );
  await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(dialog.getByRole("alert")).toContainText('needs the deployer grant on environment type "development"');
  await adminContext.close();
});
