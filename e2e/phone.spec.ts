import { expect, test, type Page } from "@playwright/test";
import { PRIORITY_LABEL, STATUS_LABEL, type Priority } from "../lib/tickets/statuses";
import { E2E_ADMIN } from "./fixtures";
import { credentialsFor, pagesFor, pendingEngineer, signedIn, world, type Role } from "./pages";

// The portal on a phone (390×844): no page is wider than the screen, the main menu reaches every
// destination of the role with its badges, ticket lists keep status, priority and age in view, and
// a ticket page puts where the ticket stands and what the viewer can do before the conversation.

const PHONE = { width: 390, height: 844 };

// Dozens of full page loads per test, like every-page: one after another in one worker.
test.describe.configure({ mode: "default" });

/** Every destination of the main nav, per role (app/(portal)/layout.tsx). */
const DESTINATIONS: Record<Role, [label: string, href: string][]> = {
  customer: [
    ["Dashboard", "/customer"],
    ["My tickets", "/tickets"],
    ["Profile", "/profile"],
  ],
  engineer: [
    ["Queue", "/engineer"],
    ["Tickets", "/tickets"],
    ["Customers", "/customers"],
    ["Interactions", "/interactions"],
    ["Reports", "/reports"],
    ["Profile", "/profile"],
  ],
  admin: [
    ["Overview", "/admin"],
    ["Tickets", "/tickets"],
    ["Customers", "/customers"],
    ["Interactions", "/interactions"],
    ["Reports", "/reports"],
    ["Requests", "/admin/requests"],
    ["Users", "/admin/users"],
    ["Outbox", "/admin/outbox"],
    ["Email", "/admin/email"],
    ["Profile", "/profile"],
  ],
};

async function expectFitsTheScreen(page: Page, path: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${path} is ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThan(
    innerWidth + 1,
  );
}

for (const role of ["customer", "engineer", "admin"] as const) {
  test(`every page ${role === "customer" ? "a" : "an"} ${role} may open fits a phone, and the menu reaches every destination`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(180_000);
    const w = await world(request);
    if (role === "admin") await pendingEngineer(request);
    const [userId, password] = credentialsFor(role, w);
    const page = await signedIn(browser, PHONE, userId, password);

    for (const path of pagesFor(role, w)) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBeLessThan(400);
      await expect(page.locator("main h1").first(), path).toBeVisible();
      await expectFitsTheScreen(page, path);
    }

    // The menu: one button in the main nav, closed until asked, listing every destination.
    await page.goto(pagesFor(role, w)[0]);
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: /^Menu/ });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    const panel = page.locator(`[id="${await menu.getAttribute("aria-controls")}"]`);
    await expect(panel).toBeHidden();
    for (const [label] of DESTINATIONS[role])
      await expect(nav.getByRole("link", { name: new RegExp(`^${label}`) })).toBeHidden();

    // With work waiting (an admin's pending request) the closed menu's button says so.
    if (role === "admin") await expect(menu).toHaveAccessibleName(/something is waiting/);
    else await expect(menu).toHaveAccessibleName("Menu");

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(panel).toBeVisible();
    for (const [label, href] of DESTINATIONS[role]) {
      const link = panel.getByRole("link", { name: new RegExp(`^${label}(\\s*\\d+ waiting)?$`) });
      await expect(link, label).toBeVisible();
      await expect(link, label).toHaveAttribute("href", href);
    }
    await expect(panel.getByRole("link")).toHaveCount(DESTINATIONS[role].length);
    // Focus moves into the panel; the user's name and signing out are there too.
    await expect(panel.getByRole("link").first()).toBeFocused();
    await expect(panel.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(panel.getByText(userId, { exact: true })).toBeVisible();
    await expectFitsTheScreen(page, "the open menu");

    // A pending engineer shows on Requests.
    if (role === "admin")
      await expect(panel.getByRole("link", { name: /^Requests\s*\d+ waiting$/ })).toBeVisible();

    // Escape closes it and gives focus back to the button.
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    // Tabbing past its last control (sign out) closes it too.
    await menu.click();
    await expect(panel.getByRole("link").first()).toBeFocused();
    for (let i = 0; i < DESTINATIONS[role].length; i++) await page.keyboard.press("Tab");
    await expect(panel.getByRole("button", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(panel).toBeHidden();

    // Following a link from the menu goes there and closes the menu.
    const [label, href] = DESTINATIONS[role].at(-1)!;
    await menu.click();
    await panel.getByRole("link", { name: new RegExp(`^${label}`) }).click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(panel).toBeHidden();
    await page.context().close();
  });
}

test("a ticket list on a phone shows each ticket's status, priority and age", async ({
  browser,
  request,
}) => {
  const w = await world(request);
  const signin = await request.post("/api/v1/auth/signin", {
    data: { userId: E2E_ADMIN.userId, password: E2E_ADMIN.password },
  });
  const admin = { authorization: `Bearer ${(await signin.json()).userDetails.token}` };
  const found = await request.get(`/api/v1/tickets/${w.ticket}`, { headers: admin });
  expect(found.status()).toBe(200);
  type Shown = { title: string; status: keyof typeof STATUS_LABEL; ticketPriority: Priority };
  const body = (await found.json()) as Shown | { ticket: Shown };
  const ticket = "ticket" in body ? body.ticket : body;

  for (const role of ["customer", "engineer", "admin"] as const) {
    const [userId, password] = credentialsFor(role, w);
    const page = await signedIn(browser, PHONE, userId, password);
    await page.goto(`/tickets?q=${encodeURIComponent(ticket.title)}`);
    const row = page
      .locator("[data-row]")
      .filter({ has: page.getByRole("link", { name: ticket.title }) });
    await expect(row, role).toHaveCount(1);
    // Laid out as a card, still a row of a table for screen readers.
    await expect(row, role).toHaveRole("row");
    await expect(page.getByRole("table", { name: "Tickets" }), role).toBeVisible();
    const inView = [
      row.locator("[data-row-link]"),
      row.getByText(STATUS_LABEL[ticket.status], { exact: true }),
      row.getByText(PRIORITY_LABEL[ticket.ticketPriority], { exact: true }),
      row.locator("time"),
    ];
    for (const part of inView) {
      await expect(part, role).toBeVisible();
      const box = (await part.boundingBox())!;
      expect(box.x, role).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, role).toBeLessThanOrEqual(PHONE.width);
    }
    await expect(row.locator("time"), role).toHaveText(/ago|now/);
    if (role === "admin") {
      // The bulk-change checkbox is still there, and still ticks.
      const box = row.getByRole("checkbox", { name: `Select ticket #${w.ticket}` });
      await box.check();
      await expect(box).toBeChecked();
    }
    await page.context().close();
  }
});

test("on a phone the ticket page shows its status and the viewer's actions before the conversation", async ({
  browser,
  request,
}) => {
  const w = await world(request);
  for (const role of ["customer", "engineer", "admin"] as const) {
    const [userId, password] = credentialsFor(role, w);
    const page = await signedIn(browser, PHONE, userId, password);
    await page.goto(`/tickets/${w.ticket}`);
    const main = page.locator("main");
    const conversation = (await main.getByRole("heading", { name: "Conversation" }).boundingBox())!;
    const status = main.locator("dt", { hasText: "Status" });
    const actions = main.getByRole("heading", { name: "Actions" });
    for (const [what, part] of [
      ["status", status],
      ["actions", actions],
    ] as const) {
      await expect(part, `${role}: ${what}`).toBeVisible();
      const box = (await part.boundingBox())!;
      expect(box.y + box.height, `${role}: ${what} above the conversation`).toBeLessThan(
        conversation.y,
      );
    }
    await expectFitsTheScreen(page, `/tickets/${w.ticket} as ${role}`);
    await page.context().close();
  }
});
