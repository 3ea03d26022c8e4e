import { expect, test } from "@playwright/test";
import {
  adminPage,
  linkIn,
  PASSWORD,
  sentMail,
  signIn,
  signUpInBrowser,
  uniqueId,
  waitForMail,
} from "./fixtures";

test("a new customer confirms their address from the emailed link", async ({ page }) => {
  const userId = uniqueId("ver");
  const email = `${userId}@example.test`;
  await signUpInBrowser(page, { userId, name: "Vera Verify", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);
  const banner = page.getByRole("region", { name: "Email confirmation" });
  await expect(banner).toContainText(email);

  const mail = await waitForMail(email, /Confirm your email address/);
  await page.goto(linkIn(mail, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText("Your email address is confirmed")).toBeVisible();
  await page.goto("/customer");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(banner).toHaveCount(0);
});

test("forgot password: the emailed link sets a new password once, and the old one stops working", async ({
  page,
}) => {
  const userId = uniqueId("fgt");
  const email = `${userId}@example.test`;
  await signUpInBrowser(page, { userId, name: "Fern Forgot", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();

  // An unknown address gets the very same answer, and no email is sent anywhere for it.
  const before = sentMail().length;
  await page.reload();
  await page.getByLabel("Email address").fill(`nobody-${userId}@example.test`);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();

  const mail = await waitForMail(email, /Reset your Caseline password/);
  expect(
    sentMail()
      .slice(before)
      .some((m) => m.to.includes(`nobody-${userId}@example.test`)),
  ).toBe(false);
  const link = linkIn(mail, "/reset-password");
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("weak");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 8 characters").first()).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("Brand-new#2026");
  await page.getByLabel("Repeat the new password").fill("Brand-new#2026");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password is changed")).toBeVisible();

  // The link worked once.
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("Another-one#2026");
  await page.getByLabel("Repeat the new password").fill("Another-one#2026");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(
    page.getByText("This link is invalid, has expired or was already used"),
  ).toBeVisible();

  await signIn(page, userId, PASSWORD);
  await expect(page.getByText("Incorrect user ID, email or password")).toBeVisible();
  await signIn(page, userId, "Brand-new#2026");
  await expect(page).toHaveURL(/\/customer$/);
});

test("an admin reads a sent email in the outbox", async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Outbox" })
    .click();
  await expect(admin.getByRole("heading", { name: "Outbox" })).toBeVisible();
  await admin.getByRole("link", { name: /^Sent/ }).click();
  await expect(admin).toHaveURL(/status=SENT/);
  const first = admin.getByRole("table").getByRole("link").first();
  const subject = await first.innerText();
  await first.click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(subject);
  await expect(admin.getByText("Plain-text part")).toBeVisible();
  await expect(
    admin.frameLocator('iframe[title="The email\'s HTML part"]').getByText("Caseline").first(),
  ).toBeVisible();
});
