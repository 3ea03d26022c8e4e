import { expect, test } from "@playwright/test";
import { adminPage, formMessage, PASSWORD, signIn, signUpInBrowser, uniqueId } from "./fixtures";

test("a customer signs up and lands on their dashboard", async ({ page }) => {
  const userId = uniqueId("cust");
  await signUpInBrowser(page, { userId, name: "Casey Customer", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);
  await expect(page.getByRole("heading", { name: "Welcome, Casey Customer" })).toBeVisible();
  await expect(page.getByText(userId, { exact: true }).first()).toBeVisible();
});

test("the sign-up form says which password rule failed, before anything is sent", async ({
  page,
}) => {
  await page.goto("/signup");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  const errors = page.locator("#password-error");
  await expect(errors).toContainText("Use at least 8 characters");
  await expect(errors).toContainText("Add an upper-case letter");
  await expect(errors).toContainText("Add a digit");
  await expect(errors).toContainText("Add a special character");
  await expect(page).toHaveURL(/\/signup$/);
});

test("an engineer waits for approval, an admin approves them, then they sign in", async ({
  page,
  browser,
}) => {
  const userId = uniqueId("eng");
  await signUpInBrowser(page, { userId, name: "Erin Engineer", role: "Engineer" });
  await expect(page.getByText("An admin has to approve it")).toBeVisible();

  await signIn(page, userId);
  await expect(formMessage(page)).toContainText("waiting for an admin's approval");
  await expect(page).toHaveURL(/\/signin/);

  const admin = await adminPage(browser);
  await admin.getByRole("link", { name: /Requests/ }).click();
  await admin.getByRole("button", { name: "Approve Erin Engineer" }).click();
  await expect(admin.getByRole("button", { name: "Approve Erin Engineer" })).toHaveCount(0);

  await signIn(page, userId);
  await expect(page).toHaveURL(/\/engineer$/);
  await expect(page.getByRole("heading", { name: "Your queue" })).toBeVisible();
});

test("a rejected engineer is refused with a clear message", async ({ page, browser }) => {
  const userId = uniqueId("rej");
  await signUpInBrowser(page, { userId, name: "Rex Rejected", role: "Engineer" });
  await expect(page.getByText("An admin has to approve it")).toBeVisible();

  const admin = await adminPage(browser);
  await admin.goto("/admin/requests");
  await admin.getByRole("button", { name: "Reject Rex Rejected" }).click();
  const dialog = admin.getByRole("dialog", { name: "Reject Rex Rejected?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByRole("button", { name: "Reject Rex Rejected" })).toHaveCount(0);

  await signIn(page, userId);
  await expect(formMessage(page)).toContainText("rejected");
  await expect(page).toHaveURL(/\/signin/);
});

test("a wrong password and an unknown user get the same answer", async ({ page }) => {
  await signIn(page, "nobody-here", PASSWORD);
  const unknown = await formMessage(page).textContent();
  await signIn(page, "admin", "Wrong#Password1");
  await expect(formMessage(page)).toHaveText(unknown ?? "");
});

test("each role is kept to its own portal", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Fusers/);

  const userId = uniqueId("nosy");
  await signUpInBrowser(page, { userId, name: "Nosy Customer", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/customer$/);
  await page.goto("/engineer");
  await expect(page).toHaveURL(/\/customer$/);
});
