import { ADMIN, expect, scoreEditor, signIn, test } from "./fixtures";

test("deploying with the image left empty: the field is marked required, and the click says so in browser words, once, with the cursor in the field", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.getByLabel("Application id").fill("image-app");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/image-app$/);
  // The new-workload template runs `image: .`: the deployment has to name the image.
  await page.getByRole("link", { name: "New workload" }).click();
  await scoreEditor(page);
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page).toHaveURL(/\/workloads\/my-workload$/);

  await page.goto("/apps/image-app/envs/development");
  await page.getByRole("button", { name: "Deploy" }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy to development" });
  const image = dialog.getByLabel("Image for my-workload");
  await expect(image).toHaveAttribute("required", "");
  await expect(dialog.getByText("required", { exact: true })).toBeVisible();

  await dialog.getByRole("button", { name: "Preview changes" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toHaveText('Enter the image to deploy for my-workload: its Score file leaves the image of container "main" to the deployment (image: .).');
  await expect(alert).not.toContainText("--image");
  await expect(image).toBeFocused();
  await expect(image).toHaveAttribute("aria-invalid", "true");

  // Clicking again, either button, replaces the message instead of adding copies.
  await dialog.getByRole("button", { name: "Preview changes" }).click();
  await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
  await dialog.getByRole("button", { name: "Preview changes" }).click();
  await expect(alert).toHaveCount(1);
  await expect(image).toBeFocused();

  // Typing the image clears the mark; the preview then plans the workload.
  await image.fill("registry.example.com/image-app/web:1.0");
  await expect(alert).toHaveCount(0);
  await expect(image).toHaveAttribute("aria-invalid", "false");
  await dialog.getByRole("button", { name: "Preview changes" }).click();
  await expect(dialog.getByTestId("preview-summary")).toContainText("+ my-workload");
});
