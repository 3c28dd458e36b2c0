import { ADMIN, expect, signIn, test } from "./fixtures";

test("an administrator creates a service user's API token in Settings, which then acts as that user, and revokes it", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill("pipeline@service.example.com");
  await form.getByLabel("Name").fill("Pipeline");
  await form.getByLabel("Kind").selectOption("service");
  await form.getByLabel("Organisation role").selectOption("member");
  await form.getByRole("button", { name: "Add" }).click();
  const row = page.getByTestId("user-pipeline@service.example.com");
  await expect(row).toContainText("service");
  // People have no such link: their tokens are theirs alone.
  await expect(page.getByTestId(`user-${ADMIN.email}`).getByRole("link", { name: "API tokens" })).toHaveCount(0);

  await row.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens of Pipeline" })).toBeVisible();
  await page.getByRole("button", { name: "Create token" }).click();
  const create = page.getByRole("form", { name: "Create token" });
  await create.getByLabel("Description").fill("GitHub Actions");
  await create.getByRole("button", { name: "Create" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^baton_/);

  const me = await request.get("/api/v1/current-user", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: "pipeline@service.example.com", type: "service" });

  await page.getByRole("button", { name: "Done" }).click();
  const listed = page.getByRole("row", { name: /GitHub Actions/ });
  await expect(listed).toContainText("active");
  await listed.getByRole("button", { name: "Revoke" }).click();
  await expect(listed).toContainText("revoked");
  expect((await request.get("/api/v1/current-user", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

  // The administrator's own token page does not list the service user's token.
  await page.goto("/settings/tokens");
  await expect(page.getByRole("row", { name: /GitHub Actions/ })).toHaveCount(0);
});
