import { expect, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

export { E2E_ADMIN };
export const PASSWORD = "Caseline#2026";

/** A unique, valid user ID per call, so parallel tests never collide. */
export function uniqueId(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(
    0,
    32,
  );
}

export async function signUpInBrowser(
  page: Page,
  user: { userId: string; name: string; role: "Customer" | "Engineer" },
) {
  await page.goto("/signup");
  await page.getByText(user.role, { exact: true }).click();
  await page.getByLabel("Full name").fill(user.name);
  await page.getByLabel("User ID").fill(user.userId);
  await page.getByLabel("Email").fill(`${user.userId}@example.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, userId: string, password = PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("User ID or email").fill(userId);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A signed-in admin in a browser context of its own. */
export async function adminPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, E2E_ADMIN.userId, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/** The message a form shows after submitting (an Alert inside the page's main content). */
export const formMessage = (page: Page) =>
  page.locator("main").locator("[role=alert], [role=status]").first();
