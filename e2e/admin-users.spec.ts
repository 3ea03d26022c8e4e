import { expect, test } from "@playwright/test";
import { adminPage, signIn, signUpInBrowser, uniqueId } from "./fixtures";

test("an admin finds a user, promotes them (pending until approved) and deletes another", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const promoted = uniqueId("promo");
  await signUpInBrowser(page, { userId: promoted, name: "Paula Promoted", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  const doomed = uniqueId("gone");
  await signUpInBrowser(page, { userId: doomed, name: "Gus Gone", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);

  const admin = await adminPage(browser);
  await admin.goto("/admin/users");
  await admin.getByRole("searchbox").fill(promoted);
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin).toHaveURL(new RegExp(`q=${promoted}`));
  const link = admin.getByRole("link", { name: "Paula Promoted" });
  await expect(link).toHaveCount(1);
  // Load the user's page in full (not a client transition that may still swap the form after we
  // choose a role), then wait for the form to be interactive.
  await admin.goto((await link.getAttribute("href"))!);
  await expect(admin.getByLabel("Role")).toBeEnabled();

  await admin.getByLabel("Role").selectOption("ADMIN");
  await admin.getByRole("button", { name: "Save role and status" }).click();
  await expect(admin.getByText("is now an admin, pending approval")).toBeVisible();
  await expect(admin.getByText("This promotion to admin waits for approval.")).toBeVisible();
  await admin.getByRole("button", { name: "Approve Paula Promoted" }).click();
  await expect(admin.getByText("This promotion to admin waits for approval.")).toHaveCount(0);

  await admin.goto(`/admin/users?q=${doomed}`);
  await admin.goto((await admin.getByRole("link", { name: "Gus Gone" }).getAttribute("href"))!);
  await admin.getByRole("button", { name: "Delete user" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Delete user" }).click();
  await expect(admin).toHaveURL(/\/admin\/users$/);
  await expect(admin.getByText(`User ${doomed} was deleted`)).toBeVisible();

  // The deleted user's browser session stops working at once.
  await page.goto("/customer");
  await expect(page).toHaveURL(/\/signin/);

  // The promoted admin can now sign in to the admin portal.
  await signIn(page, promoted);
  await expect(page).toHaveURL(/\/admin$/);
});
