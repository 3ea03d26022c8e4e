import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ADMIN, PASSWORD } from "./fixtures";
import { signedIn, world } from "./pages";

// The keyboard shortcuts of the portal shell (components/shell/shortcuts.tsx): `/` search, j/k rows,
// Enter opens, r reply, ? lists them — and none of them while typing, with a modifier, or behind a
// dialog.

const DESKTOP = { width: 1440, height: 900 };

async function bearer(request: APIRequestContext, userId: string, password = PASSWORD) {
  const res = await request.post("/api/v1/auth/signin", { data: { userId, password } });
  expect(res.status(), `sign in ${userId}`).toBe(200);
  return { authorization: `Bearer ${(await res.json()).userDetails.token}` };
}

/** The world's customer with three more tickets of their own: a list whose rows nobody else moves. */
async function customerWithTickets(request: APIRequestContext) {
  const w = await world(request);
  const headers = await bearer(request, w.customer);
  for (const n of [1, 2, 3]) {
    const res = await request.post("/api/v1/tickets", {
      headers,
      data: { title: `Keyboard ${n} ${w.customer}`, description: "For the shortcuts" },
    });
    expect(res.status()).toBe(201);
  }
  return w;
}

const rows = (page: Page) => page.locator("[data-row]");
const rowLink = (page: Page, i: number) => rows(page).nth(i).locator("[data-row-link]");
const focusedHref = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("href") ?? null);

/** Wait until the shortcuts listen: the footer's button is enabled once they are hydrated. */
async function ready(page: Page) {
  await expect(page.getByRole("button", { name: /Keyboard shortcuts/ })).toBeEnabled();
}

test("j/k move the selection through a ticket list and Enter opens the selected ticket", async ({
  browser,
  request,
}) => {
  const w = await customerWithTickets(request);
  const page = await signedIn(browser, DESKTOP, w.customer, PASSWORD);
  await page.goto("/tickets");
  await expect(rows(page)).toHaveCount(4);
  await ready(page);

  await page.keyboard.press("j");
  await expect(rowLink(page, 0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(rowLink(page, 1)).toBeFocused();
  await page.keyboard.press("j");
  await expect(rowLink(page, 2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rowLink(page, 1)).toBeFocused();

  // The selected row is visibly marked: a ring around the whole row, not just the link.
  const outline = await rows(page)
    .nth(1)
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe("solid");
  const other = await rows(page)
    .nth(0)
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(other).toBe("none");

  // Modifiers belong to the browser: Ctrl+J / Alt+K / Shift+J leave the selection alone.
  for (const key of ["Control+j", "Alt+k", "Shift+J", "Meta+k"]) {
    await page.keyboard.press(key);
    await expect(rowLink(page, 1), key).toBeFocused();
  }

  // The ends hold: k on the first row stays there.
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await expect(rowLink(page, 0)).toBeFocused();
  await page.keyboard.press("j");

  const href = await rowLink(page, 1).getAttribute("href");
  expect(href).toMatch(/^\/tickets\/\d+$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator("main h1")).toBeVisible();

  // After a click on the page (focus on nothing), j goes on from the row last selected, and
  // Enter opens it.
  await page.goBack();
  await expect(rows(page)).toHaveCount(4);
  await ready(page);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(rowLink(page, 1)).toBeFocused();
  await page.locator("main h1").click();
  await page.keyboard.press("j");
  await expect(rowLink(page, 2)).toBeFocused();
  await page.locator("main h1").click();
  const third = await rowLink(page, 2).getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${third}$`));
  await page.context().close();
});

test("/ focuses the search box, and keys typed there are text, not shortcuts", async ({
  browser,
  request,
}) => {
  const w = await world(request);
  const page = await signedIn(browser, DESKTOP, w.engineer, PASSWORD);
  await page.goto("/tickets");
  await expect(rows(page).first()).toBeVisible();
  await ready(page);
  const url = page.url();

  const search = page.locator('[data-shortcut="search"]');
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue(""); // the "/" itself is not typed

  await page.keyboard.type("jk?r/");
  await page.keyboard.press("Enter"); // inside the field: submits the search, opens no row
  await expect(page).toHaveURL(/[?&]q=jk%3Fr%2F/);
  await expect(search).toHaveValue("jk?r/");
  await expect(page.getByRole("dialog")).toBeHidden();
  expect(url).not.toBe(page.url());
  expect(await focusedHref(page)).toBeNull();

  // Ctrl+/ is the browser's, not ours.
  await page.locator("main h1").click();
  await page.keyboard.press("Control+/");
  await expect(search).not.toBeFocused();

  // The customers list has its own search box.
  await page.goto("/customers");
  await ready(page);
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeFocused();
  await page.keyboard.type("j");
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("j");
  await expect(page.locator("[data-row-link]:focus")).toHaveCount(0);
  await page.context().close();
});

test("r focuses the reply composer on a ticket, for the engineer and for the customer once answered", async ({
  browser,
  request,
}) => {
  const w = await world(request);

  // The customer may not reply before staff has: r finds no composer and does nothing.
  const customer = await signedIn(browser, DESKTOP, w.customer, PASSWORD);
  await customer.goto(`/tickets/${w.ticket}`);
  await ready(customer);
  await expect(customer.locator('[data-shortcut="reply"]')).toHaveCount(0);
  await customer.keyboard.press("r");
  await expect(customer).toHaveURL(new RegExp(`/tickets/${w.ticket}$`));

  const engineer = await signedIn(browser, DESKTOP, w.engineer, PASSWORD);
  await engineer.goto(`/tickets/${w.ticket}`);
  await ready(engineer);
  const composer = engineer.locator('[data-shortcut="reply"]');
  await expect(composer).not.toBeFocused();
  await engineer.keyboard.press("r");
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue(""); // the "r" is not typed into it
  await engineer.keyboard.type("reply typed after r");
  await expect(composer).toHaveValue("reply typed after r");
  await engineer.context().close();

  const answered = await request.post(`/api/v1/tickets/${w.ticket}/replies`, {
    headers: await bearer(request, w.engineer),
    data: { body: "We are on it" },
  });
  expect(answered.status()).toBe(201);
  await customer.reload();
  await ready(customer);
  const theirs = customer.locator('[data-shortcut="reply"]');
  await expect(theirs).toBeVisible();
  await customer.keyboard.press("r");
  await expect(theirs).toBeFocused();
  await customer.context().close();
});

test("? opens the shortcuts dialog; Escape closes it and gives the focus back", async ({
  browser,
  request,
}) => {
  const w = await customerWithTickets(request);
  const page = await signedIn(browser, DESKTOP, w.customer, PASSWORD);
  await page.goto("/tickets");
  await ready(page);
  await page.keyboard.press("j");
  await expect(rowLink(page, 0)).toBeFocused();

  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  for (const what of ["Search this list", "Next row", "Previous row", "Open the selected row"])
    await expect(dialog.getByText(what)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();

  // Behind the dialog, list shortcuts are off.
  await page.keyboard.press("j");
  await page.keyboard.press("Enter"); // on the focused Close button: closes the dialog
  await expect(dialog).toBeHidden();
  await expect(rowLink(page, 0)).toBeFocused();

  await page.keyboard.press("Shift+?");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("j");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(rowLink(page, 0)).toBeFocused();

  // The footer's button opens it for those who don't know the key.
  await page.getByRole("button", { name: /Keyboard shortcuts/ }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: /Keyboard shortcuts/ })).toBeFocused();
  await page.context().close();
});

test("j and Enter open a row on the customers and interactions lists", async ({
  browser,
  request,
}) => {
  const w = await world(request);
  const page = await signedIn(browser, DESKTOP, E2E_ADMIN.userId, E2E_ADMIN.password);

  for (const list of ["/customers", "/interactions?view=all", "/admin/users", "/admin/outbox"]) {
    await page.goto(list);
    await expect(rows(page).first(), list).toBeVisible();
    await ready(page);
    await page.keyboard.press("j");
    const href = await focusedHref(page);
    expect(href, list).toBeTruthy();
    await expect(rows(page).first().locator("[data-row-link]"), list).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page, list).toHaveURL(new RegExp(`${href!.replace(/[?]/g, "\\?")}$`));
  }

  // The world's own customer and interaction, found through the search and opened from the row.
  await page.goto(`/customers?q=${w.customer}`);
  await expect(page.locator("tbody [data-row]")).toHaveCount(1); // beside the companies list
  await ready(page);
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/customers/${w.customer}$`));

  await page.goto(`/interactions?view=all&customer=${w.customer}`);
  await expect(rows(page)).toHaveCount(1);
  await ready(page);
  // Its filter form has no search box: "/" offers the form's text field, not a select.
  await page.keyboard.press("/");
  await expect(page.getByRole("textbox", { name: "Customer user ID" })).toBeFocused();
  await page.keyboard.press("Tab"); // leave the field, and the shortcuts work again
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/interactions/${w.interaction}$`));
  await page.context().close();
});
