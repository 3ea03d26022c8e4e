import { expect, test, type Page } from "@playwright/test";
import { PASSWORD } from "./fixtures";
import { credentialsFor, forbiddenFor, HOME, pagesFor, signedIn, WIDTHS, world } from "./pages";

// Every page of the portal, opened by every role that may open it, at a phone and a desktop width:
// each answers < 400, shows its heading inside the portal shell (one <main>, the main nav), and no
// error boundary. Pages a role may not open send it elsewhere (its home, or a 404 in the shell).

// Dozens of full page loads per test: run this file's tests one after another in one worker, so the
// other worker's specs keep a server that isn't saturated by two of these at once.
test.describe.configure({ mode: "default" });

async function expectInShell(page: Page, path: string) {
  // The shell: its header with the main navigation, one <main>, and the page's own heading in it.
  // On a phone the navigation is its "Menu" button; on a desktop, its row of links.
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav, path).toBeVisible();
  const phone = (page.viewportSize()?.width ?? 1440) < 640;
  if (phone) await expect(nav.getByRole("button", { name: /^Menu/ }), path).toBeVisible();
  else await expect(nav.getByRole("link").first(), path).toBeVisible();
  await expect(page.locator("main"), path).toHaveCount(1);
  await expect(page.locator("main h1").first(), path).toBeVisible();
  await expect(page.getByText("Something went wrong showing this page"), path).toHaveCount(0);
  await expect(page.getByText(/Application error/), path).toHaveCount(0);
  expect(await page.locator("html").getAttribute("lang"), path).toBe("en");
  await expect(page, path).toHaveTitle(/Caseline/);
}

for (const { name, viewport } of WIDTHS) {
  for (const role of ["customer", "engineer", "admin"] as const) {
    test(`every page a ${role} may open works on a ${name} (${viewport.width}px)`, async ({
      browser,
      request,
    }) => {
      test.setTimeout(180_000);
      const w = await world(request);
      const [userId, password] = credentialsFor(role, w);
      const page = await signedIn(browser, viewport, userId, password);

      for (const path of pagesFor(role, w)) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expectInShell(page, path);
      }
      // A detail page's tab names its record.
      await page.goto(`/tickets/${w.ticket}`);
      await expect(page).toHaveTitle(new RegExp(`^#${w.ticket} `));

      // A bad cursor shows the first page with a notice, never an error.
      const lists =
        role === "customer"
          ? ["/tickets"]
          : role === "engineer"
            ? ["/tickets", "/customers", "/interactions"]
            : [
                "/tickets",
                "/customers",
                "/interactions",
                "/admin/users",
                "/admin/outbox",
                "/admin/email",
              ];
      for (const list of lists) {
        const path = `${list}?cursor=not-a-cursor`;
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expectInShell(page, path);
        await expect(
          page.getByText("That page link is out of date or was changed"),
          path,
        ).toBeVisible();
      }

      // Pages this role may not open send it home instead of failing.
      for (const path of forbiddenFor(role)) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expect(page, path).toHaveURL(HOME[role]);
        await expectInShell(page, path);
      }

      // Records that don't exist, or that this role may not see, are a 404 inside the shell.
      const missing = [
        "/tickets/999999",
        ...(role === "customer" ? [] : ["/customers/nobody-here", "/interactions/999999"]),
        ...(role === "admin"
          ? [
              "/admin/users/nobody-here",
              "/admin/outbox/nobody-here",
              "/admin/email/999999",
              "/admin/email/not-a-number",
            ]
          : []),
      ];
      for (const path of missing) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(404);
        await expect(page.getByRole("heading", { name: "Nothing here" }), path).toBeVisible();
        await expect(page.getByRole("navigation", { name: "Main" }), path).toBeVisible();
        await expect(page.locator("main"), path).toHaveCount(1);
        await expect(page, path).toHaveTitle(/Not found/);
      }
      await page.context().close();
    });
  }
}

test("the engineer's ticket list and search work from the nav, the quick view and the search box", async ({
  browser,
  request,
}) => {
  const w = await world(request);
  const page = await signedIn(browser, { width: 1440, height: 900 }, w.engineer, PASSWORD);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Tickets" })
    .click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tickets" })).toBeVisible();
  await page.getByRole("link", { name: /^Unassigned/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Unassigned" })).toBeVisible();
  await page.getByRole("link", { name: "All tickets" }).click();
  await page.getByLabel("Search").fill(w.customer);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${w.customer}`));
  await expect(
    page.getByRole("table").getByRole("link", { name: new RegExp(w.customer) }),
  ).toHaveCount(1);
  await page.context().close();
});
