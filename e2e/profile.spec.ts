import { expect, test } from "@playwright/test";
import { formMessage, PASSWORD, signIn, signUpInBrowser, uniqueId } from "./fixtures";

test("a customer edits their profile, changes their password and signs out", async ({ page }) => {
  const userId = uniqueId("prof");
  await signUpInBrowser(page, { userId, name: "Pia Profile", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Profile" })
    .click();
  await page.getByLabel("Company").fill("Initech");
  await page.getByLabel("Phone").fill("+1 555 0199");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();

  await page.goto("/profile/password");
  await page.getByLabel("Current password").fill("Not-the-one#1");
  await page.getByLabel("New password", { exact: true }).fill("Brand-new#2027");
  await page.getByLabel("Repeat the new password").fill("Brand-new#2027");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#currentPassword-error")).toContainText("not right");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("Brand-new#2027");
  await page.getByLabel("Repeat the new password").fill("Brand-new#2027");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/^Password changed/)).toBeVisible();

  // Still signed in on this browser with the fresh session.
  await page.goto("/profile");
  await expect(page.getByLabel("Company")).toHaveValue("Initech");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, userId, PASSWORD);
  await expect(formMessage(page)).toContainText("Incorrect");
  await signIn(page, userId, "Brand-new#2027");
  await expect(page).toHaveURL(/\/customer$/);
});
