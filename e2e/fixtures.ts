import type { Delivery } from "./support/servers";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
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

export type Mail = Omit<Delivery, "from">;

/**
 * Every email sent so far over SMTP to the e2e mail sink (e2e/global-setup.ts), by either server
 * under test (SQLite and PostgreSQL share the sink): tell them apart by recipient, which is unique
 * per test (uniqueId).
 */
export function sentMail(): Mail[] {
  const dir = path.resolve("data/e2e-mail");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Mail);
}

/**
 * Waits (auto-retrying) for an email to `to` whose subject matches (and whose text contains
 * `text`, when given: every email about a ticket has the same subject), and returns the newest.
 */
export async function waitForMail(
  to: string,
  subject: RegExp,
  timeout = 30_000,
  text?: string,
): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () => {
        found = sentMail()
          .filter(
            (m) =>
              m.to.includes(to.toLowerCase()) &&
              subject.test(m.subject) &&
              (text === undefined || m.text.includes(text)),
          )
          .at(-1);
        return !!found;
      },
      // The outbox worker sends within a second or two; a loaded machine may take longer.
      { message: `an email to ${to} with subject ${subject}`, timeout },
    )
    .toBe(true);
  return found!;
}

/** The first link in an email's text that starts with `prefix` (e.g. "/reset-password"). */
export function linkIn(mail: Mail, pathPrefix: string): string {
  const url = mail.text.match(new RegExp(`https?://\\S+${pathPrefix}\\S*`))?.[0];
  if (!url) throw new Error(`No ${pathPrefix} link in: ${mail.text}`);
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
