import { appendFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./fixtures";
import {
  credentialsFor,
  pagesFor,
  pendingEngineer,
  PUBLIC_PAGES,
  WIDTHS,
  world,
  type Role,
  type World,
} from "./pages";

// axe-core on every page, for every role and signed out, in the light and the dark theme, at a
// desktop width (every page) and a phone width (each role's main pages): 0 violations. Also a 404
// inside the shell and forms submitted empty, so their error messages are on screen.
//
// A failure names, per page, each rule's id, impact and summary, and every offending element's
// selector with axe's explanation (for colour contrast: the colours and the ratio).
// AXE_REPORT=<file> also appends one JSON line per page checked (role, theme, width, page, node
// counts by rule id) to build the before/after table of the accessibility work.

test.describe.configure({ mode: "default" });

type Theme = "light" | "dark";
const THEMES: Theme[] = ["light", "dark"];
const DESKTOP = WIDTHS.find((w) => w.name === "desktop")!;
const PHONE = WIDTHS.find((w) => w.name === "phone")!;

/** A form submitted empty: where it is, its submit button, and who may open it. */
type ErrorForm = { path: string; button: RegExp };
const PUBLIC_FORMS: ErrorForm[] = [
  { path: "/signin", button: /^Sign in$/ },
  { path: "/signup", button: /^Create account$/ },
  { path: "/forgot-password", button: /^Send me a link$/ },
];
function formsFor(role: Role): ErrorForm[] {
  const everyone = [
    { path: "/tickets/new", button: /^Raise ticket$/ },
    { path: "/profile/password", button: /^Change password$/ },
  ];
  if (role === "customer") return everyone;
  const staff = [...everyone, { path: "/interactions/new", button: /^Schedule$/ }];
  if (role === "engineer") return staff;
  return [
    ...staff,
    { path: "/customers/new", button: /^Add customer/ },
    { path: "/admin/users/new", button: /^Create admin$/ },
  ];
}

/** The pages checked at phone width too: each role's home, its lists and the ticket page. */
function mainPagesFor(role: Role, w: World): string[] {
  const main = [`/${role}`, "/tickets", `/tickets/${w.ticket}`, "/tickets/new", "/profile"];
  if (role === "customer") return main;
  const staff = [...main, "/customers", `/customers/${w.customer}`, "/interactions", "/reports"];
  if (role === "engineer") return staff;
  return [...staff, "/admin/requests", "/admin/users", "/admin/outbox", "/admin/email"];
}

async function themedPage(
  browser: Browser,
  viewport: { width: number; height: number },
  theme: Theme,
) {
  // next-themes defaults to the system theme; the stored choice ('theme' in localStorage) makes it
  // explicit, and the emulated colour scheme agrees with it.
  const context = await browser.newContext({ viewport, colorScheme: theme });
  await context.addInitScript((t) => window.localStorage.setItem("theme", t), theme);
  return context.newPage();
}

type Check = { role: Role | "signed-out"; theme: Theme; width: string };

/** Runs axe on the page as it is; returns a readable list of violations ("" when none). */
async function axe(page: Page, label: string, check: Check): Promise<string> {
  // The theme really is applied: next-themes' class on <html>.
  const dark = await page.locator("html").evaluate((el) => el.classList.contains("dark"));
  expect(dark, `${label}: <html class="dark"> in the ${check.theme} theme`).toBe(
    check.theme === "dark",
  );
  // A sandboxed frame (the outbox's preview of an email's HTML) runs no script, so axe can't look
  // inside it and waits forever: it is left out, and checked here for the title axe would want.
  const sandboxed = page.locator("iframe[sandbox]");
  for (const frame of await sandboxed.all())
    expect(await frame.getAttribute("title"), `${label}: a sandboxed frame's title`).toBeTruthy();
  const { violations } = await new AxeBuilder({ page }).exclude("iframe[sandbox]").analyze();
  if (process.env.AXE_REPORT) {
    const counts = Object.fromEntries(violations.map((v) => [v.id, v.nodes.length]));
    appendFileSync(
      process.env.AXE_REPORT,
      JSON.stringify({ ...check, page: label, counts }) + "\n",
    );
  }
  // Every tab says which page (and which record) it is, not just the product's name.
  const title = await page.title();
  const untitled = /^.+ · Caseline$/.test(title)
    ? []
    : [`  document title "${title}" names no page`];
  if (!violations.length && !untitled.length) return "";
  const lines = [`${label} [${check.role}, ${check.theme}, ${check.width}]:`, ...untitled];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}`);
    for (const node of v.nodes.slice(0, 8)) {
      const summary = (node.failureSummary ?? "")
        .replace(/^Fix (any|all) of the following:\s*/gm, "")
        .replace(/\s+/g, " ")
        .trim();
      lines.push(`    - ${node.target.join(" ")} :: ${summary.slice(0, 300)}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join("\n");
}

/** The page as the report names it: the world's records by kind, not by their generated IDs. */
function shown(path: string, w: World) {
  return path
    .replace(`/tickets/${w.ticket}`, "/tickets/:ticket")
    .replace(`/interactions/${w.interaction}`, "/interactions/:id")
    .replace(`/customers/${w.customer}`, "/customers/:customer")
    .replace(`/admin/users/${w.engineer}`, "/admin/users/:engineer")
    .replace(`/admin/outbox/${w.message}`, "/admin/outbox/:message")
    .replace(`/admin/email/${w.inbound}`, "/admin/email/:inbound");
}

/** Opens `path` and waits until its content (the page's heading) is there. */
async function open(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(500);
  await expect(page.locator("h1").first(), path).toBeVisible();
}

/** Submits the form empty and waits for its error messages. */
async function submitEmpty(page: Page, form: ErrorForm) {
  await open(page, form.path);
  const button = page.locator("main").getByRole("button", { name: form.button });
  await expect(button, form.path).toBeEnabled();
  await button.click();
  await expect(page.locator("main [aria-invalid=true]").first(), form.path).toBeVisible();
}

function expectNone(failures: string[]) {
  const found = failures.filter(Boolean);
  expect(
    found.length,
    `axe violations on ${found.length} page(s):\n\n${found.join("\n\n")}\n`,
  ).toBe(0);
}

for (const theme of THEMES) {
  for (const { name, viewport } of [DESKTOP, PHONE]) {
    test(`signed-out pages have no axe violations, ${theme} theme, ${name}`, async ({
      browser,
    }) => {
      test.setTimeout(180_000);
      const page = await themedPage(browser, viewport, theme);
      const check: Check = { role: "signed-out", theme, width: name };
      const failures: string[] = [];
      for (const path of PUBLIC_PAGES) {
        await open(page, path);
        failures.push(await axe(page, path, check));
      }
      for (const form of PUBLIC_FORMS) {
        await submitEmpty(page, form);
        failures.push(await axe(page, `${form.path} (submitted empty)`, check));
      }
      await page.context().close();
      expectNone(failures);
    });
  }

  for (const role of ["customer", "engineer", "admin"] as const) {
    test(`every page a ${role} may open has no axe violations, ${theme} theme, desktop`, async ({
      browser,
      request,
    }) => {
      test.setTimeout(role === "admin" ? 480_000 : 300_000);
      const w = await world(request);
      if (role === "admin") await pendingEngineer(request);
      const page = await themedPage(browser, DESKTOP.viewport, theme);
      await signIn(page, ...credentialsFor(role, w));
      await expect(page).toHaveURL(/\/(customer|engineer|admin)$/);
      const check: Check = { role, theme, width: "desktop" };
      const failures: string[] = [];
      for (const path of pagesFor(role, w)) {
        await open(page, path);
        failures.push(await axe(page, shown(path, w), check));
      }
      // A record that doesn't exist: the 404 inside the portal shell.
      await open(page, "/tickets/999999");
      failures.push(await axe(page, "/tickets/999999 (404)", check));
      for (const form of formsFor(role)) {
        await submitEmpty(page, form);
        failures.push(await axe(page, `${form.path} (submitted empty)`, check));
      }
      await page.context().close();
      expectNone(failures);
    });

    test(`a ${role}'s main pages have no axe violations, ${theme} theme, phone`, async ({
      browser,
      request,
    }) => {
      test.setTimeout(300_000);
      const w = await world(request);
      if (role === "admin") await pendingEngineer(request);
      const page = await themedPage(browser, PHONE.viewport, theme);
      await signIn(page, ...credentialsFor(role, w));
      await expect(page).toHaveURL(/\/(customer|engineer|admin)$/);
      const check: Check = { role, theme, width: "phone" };
      const failures: string[] = [];
      for (const path of mainPagesFor(role, w)) {
        await open(page, path);
        failures.push(await axe(page, shown(path, w), check));
      }
      await open(page, "/tickets/999999");
      failures.push(await axe(page, "/tickets/999999 (404)", check));
      await submitEmpty(page, formsFor(role)[0]);
      failures.push(await axe(page, `${formsFor(role)[0].path} (submitted empty)`, check));
      await page.context().close();
      expectNone(failures);
    });
  }
}
