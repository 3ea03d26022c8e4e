import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN, PASSWORD, signIn, uniqueId } from "./fixtures";
import { assignedTicket, bearer, customerToken, ENGINEER_PASSWORD } from "./isolated/api-client";
import { WIDTHS } from "./pages";

// Issue 10 §3, the agent's workspace: what each action looks like before and after it is taken.

/** Screenshots for review land here when SHOTS_DIR is set (e.g. /work/wt/shots/workspace). */
const SHOTS = process.env.SHOTS_DIR;
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

type Theme = "light" | "dark";

async function open(
  browser: Browser,
  userId: string,
  password: string,
  { viewport = WIDTHS[1].viewport, theme = "light" as Theme } = {},
) {
  const context = await browser.newContext({ viewport, colorScheme: theme });
  const page = await context.newPage();
  await signIn(page, userId, password);
  await expect(page).toHaveURL(/\/(customer|engineer|admin)$/);
  return page;
}

const toast = (page: Page) => page.locator("[data-sonner-toast]");

test("staff choose reply or internal note before writing, and a note looks like one", async ({
  browser,
  request,
}) => {
  test.slow(); // four browser contexts, one per width and theme
  const prefix = uniqueId("wsn").slice(0, 18);
  const { engineers, customerId, number } = await assignedTicket(request, prefix, {
    engineerCount: 2,
  });

  for (const { name, viewport } of WIDTHS) {
    for (const theme of ["light", "dark"] as const) {
      const page = await open(browser, engineers[0], ENGINEER_PASSWORD, { viewport, theme });
      await page.goto(`/tickets/${number}`);
      const form = page.locator("form[data-reply-mode]");
      const composer = form.locator("[data-composer]");
      // A reply by default: plain composer, "Send reply", no staff-only label.
      await expect(page.getByRole("radio", { name: "Reply" })).toBeChecked();
      await expect(form.getByRole("button", { name: "Send reply" })).toBeVisible();
      await expect(form.getByText("Internal note — only staff see this")).toHaveCount(0);
      await expect(page.locator("[data-shortcut=reply]")).toBeVisible();
      const plain = await composer.evaluate((el) => getComputedStyle(el).backgroundColor);
      await form.scrollIntoViewIfNeeded();
      await shot(page, `reply-form-reply-${name}-${theme}`);

      // The switch at the top turns it into a note before a word is written.
      await page.getByRole("radio", { name: "Internal note" }).check();
      await expect(form).toHaveAttribute("data-reply-mode", "note");
      await expect(form.getByText("Internal note — only staff see this")).toBeVisible();
      await expect(form.getByRole("button", { name: "Add internal note" })).toBeVisible();
      await expect(form.getByRole("button", { name: "Send reply" })).toHaveCount(0);
      const amber = await composer.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(amber).not.toBe(plain);
      await shot(page, `reply-form-note-${name}-${theme}`);
      await page.context().close();
    }
  }

  // Sent as a note: a toast confirms it, the note shows for staff, the mode stays a note.
  const engineer = await open(browser, engineers[0], ENGINEER_PASSWORD);
  await engineer.goto(`/tickets/${number}`);
  await engineer.getByRole("radio", { name: "Internal note" }).check();
  await engineer.getByLabel("Note for staff").fill(`Toner is empty ${prefix}`);
  await engineer.getByRole("button", { name: "Add internal note" }).click();
  await expect(toast(engineer).filter({ hasText: "Note added" })).toBeVisible();
  await expect(engineer.getByText(`Toner is empty ${prefix}`)).toBeVisible();
  await expect(engineer.getByLabel("Note for staff")).toHaveValue("");
  await expect(engineer.getByRole("radio", { name: "Internal note" })).toBeChecked();
  // The styled file picker is still a real, focusable file input that lists what was chosen.
  const files = engineer.locator("input#files");
  await expect(files).toHaveAttribute("type", "file");
  await files.setInputFiles([
    { name: "printer-status.txt", mimeType: "text/plain", buffer: Buffer.from("Offline") },
    { name: "error-log.txt", mimeType: "text/plain", buffer: Buffer.from("E42") },
  ]);
  await expect(engineer.locator("#files-chosen")).toHaveText(
    "2 files: printer-status.txt, error-log.txt",
  );
  await files.focus();
  await expect(files).toBeFocused();
  await engineer.getByRole("radio", { name: "Reply" }).check();
  await engineer.getByLabel("Reply to the customer").fill(`Refilled the toner ${prefix}`);
  await engineer.getByRole("button", { name: "Send reply" }).click();
  await expect(toast(engineer).filter({ hasText: "Reply sent with 2 attachments" })).toBeVisible();
  await expect(engineer.locator("#files-chosen")).toHaveText("No files chosen");

  // The customer never sees the switch, nor the note.
  const customer = await open(browser, customerId, "Customer#2026x");
  await customer.goto(`/tickets/${number}`);
  await expect(customer.getByText(`Refilled the toner ${prefix}`)).toBeVisible();
  await expect(customer.getByLabel("Your reply")).toBeVisible();
  await expect(customer.getByRole("radio")).toHaveCount(0);
  await expect(customer.getByText(`Toner is empty ${prefix}`)).toHaveCount(0);
  await expect(customer.getByRole("button", { name: "Send reply" })).toBeVisible();
});

test("an accepted ticket stays accepted, and leaves the pool with a toast", async ({
  browser,
  request,
}) => {
  const prefix = uniqueId("wsa").slice(0, 18);
  const { admin, engineers, number } = await assignedTicket(request, prefix, { engineerCount: 2 });
  const engineer = await open(browser, engineers[0], ENGINEER_PASSWORD);

  // From the ticket page: accepted, confirmed, and gone for good — blocked and back included.
  await engineer.goto(`/tickets/${number}`);
  await engineer.getByRole("button", { name: "Accept ticket" }).click();
  await expect(toast(engineer).filter({ hasText: `You accepted ticket #${number}` })).toBeVisible();
  await expect(engineer.getByRole("button", { name: "Accept ticket" })).toHaveCount(0);
  // The panel starts from the refreshed ticket (In progress) before anything is chosen in it.
  await expect(engineer.getByLabel("Status", { exact: true })).toHaveValue("IN_PROGRESS");
  await engineer.getByLabel("Status", { exact: true }).selectOption("BLOCKED");
  await engineer.getByRole("button", { name: "Save changes" }).click();
  await expect(toast(engineer).filter({ hasText: "Status: In progress → Blocked" })).toBeVisible();
  await expect(engineer.getByRole("button", { name: "Accept ticket" })).toHaveCount(0);
  await engineer.reload();
  await expect(engineer.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(engineer.getByRole("button", { name: "Accept ticket" })).toHaveCount(0);

  // From the pool: the newest unassigned ticket is taken and leaves the pool. Another spec that
  // approves an engineer meanwhile hands the whole pool out (docs/tickets.md#assignment), so a
  // ticket that went that way before the click is replaced by a fresh one, a few times at most.
  const pool = engineer.locator("section", {
    has: engineer.getByRole("heading", { name: "Unassigned pool" }),
  });
  let pooled = 0;
  let title = "";
  await expect(async () => {
    title = `Pool ticket ${prefix} ${Date.now().toString(36)}`;
    const raised = await request.post("/api/v1/tickets", {
      headers: bearer(admin),
      // Extreme: the pool lists the most urgent first, so it shows whatever else is waiting.
      data: {
        title,
        description: "Nobody has it yet.",
        ticketPriority: 1,
      },
    });
    pooled = (await raised.json()).ticket.number as number;
    const unassign = await request.patch(`/api/v1/tickets/${pooled}`, {
      headers: bearer(admin),
      data: { assignee: null },
    });
    expect(unassign.status()).toBe(200);
    await engineer.goto("/engineer");
    await pool.getByRole("button", { name: `Accept #${pooled}` }).click({ timeout: 10_000 });
    await expect(toast(engineer).filter({ hasText: `You accepted ticket #${pooled}` })).toBeVisible(
      {
        timeout: 10_000,
      },
    );
  }).toPass({ timeout: 90_000 });
  await expect(pool.getByRole("button", { name: `Accept #${pooled}` })).toHaveCount(0);
  await expect(pool.getByRole("link", { name: new RegExp(title) })).toHaveCount(0);
  await expect(
    engineer.getByRole("table", { name: "Your queue" }).getByRole("link", { name: title }),
  ).toBeVisible();
});

test("an admin changes status, priority and assignee in one form and is told what changed", async ({
  browser,
  request,
}) => {
  test.slow(); // four browser contexts, one per width and theme
  const prefix = uniqueId("wsp").slice(0, 18);
  const { engineers, number } = await assignedTicket(request, prefix, { engineerCount: 2 });
  const second = `Engineer ${prefix.toUpperCase()}1`;

  for (const theme of ["light", "dark"] as const) {
    for (const { name, viewport } of WIDTHS) {
      const admin = await open(browser, E2E_ADMIN.userId, E2E_ADMIN.password, { viewport, theme });
      await admin.goto(`/tickets/${number}`);
      const panel = admin.getByRole("form", { name: "Ticket fields" });
      await panel.scrollIntoViewIfNeeded();
      await shot(admin, `actions-panel-${name}-${theme}`);
      await admin.context().close();
    }
  }

  const admin = await open(browser, E2E_ADMIN.userId, E2E_ADMIN.password);
  await admin.goto(`/tickets/${number}`);
  const panel = admin.getByRole("form", { name: "Ticket fields" });
  // One Save for all of it, and nothing to save until something changes.
  await expect(panel.getByRole("button", { name: /^Save/ })).toHaveCount(1);
  const save = panel.getByRole("button", { name: "Save changes" });
  await expect(save).toBeDisabled();
  await panel.getByLabel("Status").selectOption("BLOCKED");
  await panel.getByLabel("Priority").selectOption("2");
  await panel.getByLabel("Assignee").selectOption(engineers[1]);
  // Full names and the load, where nothing clips.
  await expect(panel.locator("#ticket-assignee-load")).toHaveText(
    new RegExp(`^${second} \\(${engineers[1]}\\) is working on \\d+ tickets?$`),
  );
  await expect(save).toBeEnabled();
  await save.click();
  await expect(
    toast(admin).filter({
      hasText: `Status: Open → Blocked · Priority: Low → High · Assignee: Engineer ${prefix.toUpperCase()}0 → ${second}`,
    }),
  ).toBeVisible();
  await shot(admin, "actions-panel-saved-toast-desktop-light");
  await expect(save).toBeDisabled();
  const facts = admin.locator("dl").first();
  await expect(facts).toContainText("Blocked");
  await expect(facts).toContainText("High");
  await expect(facts).toContainText(second);
  // The timeline names the people it mentions.
  const timeline = admin.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText(`assigned it to ${second}`);
  await expect(timeline).not.toContainText(`assigned it to ${engineers[1]}`);
});

test("a customer confirms before closing a ticket, and may keep it open", async ({
  browser,
  request,
}) => {
  const prefix = uniqueId("wsc").slice(0, 18);
  const { customerId, number } = await assignedTicket(request, prefix, { engineerCount: 2 });
  const customer = await open(browser, customerId, "Customer#2026x");
  await customer.goto(`/tickets/${number}`);
  await customer.getByRole("button", { name: "Close ticket" }).click();
  const dialog = customer.getByRole("dialog", { name: `Close ticket #${number}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep open" })).toBeFocused();
  await shot(customer, "close-confirmation-desktop-light");
  await dialog.getByRole("button", { name: "Keep open" }).click();
  await expect(dialog).toBeHidden();
  await expect(customer.locator("dl").first()).toContainText("Open");

  await customer.getByRole("button", { name: "Close ticket" }).click();
  await dialog.getByRole("button", { name: "Close ticket" }).click();
  await expect(toast(customer).filter({ hasText: `Ticket #${number} closed` })).toBeVisible();
  await expect(customer.locator("dl").first()).toContainText("Closed");
  await expect(customer.getByRole("button", { name: "Reopen ticket" })).toBeVisible();

  // Dark and phone, for the record.
  const phone = await open(browser, customerId, "Customer#2026x", {
    viewport: WIDTHS[0].viewport,
    theme: "dark",
  });
  await phone.goto(`/tickets/${number}`);
  await phone.getByRole("button", { name: "Reopen ticket" }).click();
  await expect(phone.getByRole("button", { name: "Close ticket" })).toBeVisible();
  await phone.getByRole("button", { name: "Close ticket" }).click();
  await expect(phone.getByRole("dialog")).toBeVisible();
  await shot(phone, "close-confirmation-phone-dark");
});

test("bulk change: select all with a count, and a clear word when nothing is selected", async ({
  browser,
  request,
}) => {
  const tag = uniqueId("wsb");
  const token = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token as string;
  for (const title of ["Badge reader", "Badge printer"]) {
    const res = await request.post("/api/v1/tickets", {
      headers: bearer(token),
      data: { title: `${title} ${tag}`, description: `Filed by ${tag}` },
    });
    expect(res.status()).toBe(201);
  }
  const admin = await open(browser, E2E_ADMIN.userId, E2E_ADMIN.password);
  await admin.goto("/tickets");
  await admin.getByLabel("Search").fill(tag);
  await admin.getByRole("button", { name: "Apply filters" }).click();
  // The address carries the filters that were set, not every empty one.
  await expect(admin).toHaveURL(new RegExp(`q=${tag}`));
  const query = new URL(admin.url()).search;
  expect(query).not.toMatch(/=(&|$)/);
  expect(query).not.toContain("ticketPriority");

  const bulk = admin.getByRole("form", { name: "Bulk change" });
  await expect(bulk.getByText("0 of 2 selected")).toBeVisible();
  await bulk.getByRole("button", { name: "Apply" }).click();
  await expect(bulk.getByText("Select at least one ticket")).toBeVisible();
  await expect(admin.getByText("Check the highlighted fields")).toHaveCount(0);

  await bulk.getByLabel("Select all").check();
  await expect(bulk.getByText("2 of 2 selected")).toBeVisible();
  await expect(bulk.getByText("Select at least one ticket")).toHaveCount(0);
  const rows = admin.getByRole("checkbox", { name: /Select ticket/ });
  for (const box of await rows.all()) await expect(box).toBeChecked();
  await rows.first().uncheck();
  await expect(bulk.getByText("1 of 2 selected")).toBeVisible();
  await bulk.getByLabel("Select all").check();
  await expect(bulk.getByText("2 of 2 selected")).toBeVisible();
  await expect(bulk.getByLabel("Field")).toContainText("Priority");
  await bulk.getByLabel("Field").selectOption("ticketPriority");
  await bulk.getByLabel("Value").selectOption("2");
  await shot(admin, "bulk-toolbar-desktop-light");
  await bulk.getByRole("button", { name: "Apply to 2" }).click();
  await expect(toast(admin).filter({ hasText: "Updated 2 of 2 tickets." })).toBeVisible();
  await expect(admin.getByRole("table").getByText("High")).toHaveCount(2);
  await bulk.getByLabel("Select all").uncheck();
  await expect(bulk.getByText("0 of 2 selected")).toBeVisible();
  for (const box of await rows.all()) await expect(box).not.toBeChecked();

  const dark = await open(browser, E2E_ADMIN.userId, E2E_ADMIN.password, { theme: "dark" });
  await dark.goto(`/tickets?q=${tag}`);
  await dark.getByRole("form", { name: "Bulk change" }).getByLabel("Select all").check();
  await shot(dark, "bulk-toolbar-desktop-dark");
});

test("an approved engineer leaves the requests list with a toast", async ({ browser, request }) => {
  const userId = uniqueId("wsr");
  const signup = await request.post("/api/v1/auth/signup", {
    data: {
      userId,
      name: `Rita ${userId}`,
      email: `${userId}@example.test`,
      password: PASSWORD,
      userType: "ENGINEER",
    },
  });
  expect(signup.status()).toBe(201);

  // Waiting for approval reads as information, not as a mistake.
  const waiting = await (await browser.newContext()).newPage();
  await signIn(waiting, userId, PASSWORD);
  const notice = waiting.getByRole("status").filter({ hasText: "waiting for an admin's approval" });
  await expect(notice).toBeVisible();
  await expect(waiting.getByRole("alert").filter({ hasText: "approval" })).toHaveCount(0);

  const admin = await open(browser, E2E_ADMIN.userId, E2E_ADMIN.password);
  await admin.goto("/admin/requests");
  await admin.getByRole("button", { name: `Approve Rita ${userId}` }).click();
  await expect(
    toast(admin).filter({ hasText: `Approved Rita ${userId}: they can sign in now` }),
  ).toBeVisible();
  await expect(admin.locator("main").getByText(`Rita ${userId}`)).toHaveCount(0);
  await expect(admin.getByRole("button", { name: `Approve Rita ${userId}` })).toHaveCount(0);
});

test("forms say only what is missing, and customers get a list without the power-user bar", async ({
  page,
  request,
}) => {
  const userId = uniqueId("wsf");
  await customerToken(request, userId);
  // An empty user ID: one message.
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#userId-error :is(p, li)")).toHaveText([
    "Enter your user ID or email",
  ]);

  await signIn(page, userId, "Customer#2026x");
  await expect(page).toHaveURL(/\/customer$/);
  await page.goto("/profile/password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#currentPassword-error :is(p, li)")).toHaveText([
    "Enter your current password",
  ]);
  await expect(page.locator("#newPassword-error :is(p, li)")).toHaveText(["Enter a new password"]);
  await expect(page.locator("#confirmPassword-error :is(p, li)")).toHaveText([
    "Repeat the new password",
  ]);
  await expect(page.getByText("Choose a password different from the current one")).toHaveCount(0);

  // Two tickets: the list, no filter bar to work through.
  const token = (
    await (
      await request.post("/api/v1/auth/signin", {
        data: { userId, password: "Customer#2026x" },
      })
    ).json()
  ).userDetails.token as string;
  for (const title of ["Laptop fan", "Laptop hinge"]) {
    await request.post("/api/v1/tickets", {
      headers: bearer(token),
      data: { title: `${title} ${userId}`, description: "Noisy." },
    });
  }
  await page.goto("/tickets");
  await expect(page.getByRole("link", { name: new RegExp(`Laptop fan ${userId}`) })).toBeVisible();
  await expect(page.getByRole("search", { name: "Filter tickets" })).toHaveCount(0);
  await expect(page.getByLabel("Priority")).toHaveCount(0);
  // Asking for a filter by address still gets the simple one: words and status.
  await page.goto("/tickets?q=hinge");
  const filters = page.getByRole("search", { name: "Filter tickets" });
  await expect(filters).toBeVisible();
  await expect(filters.getByLabel("Search")).toHaveValue("hinge");
  await expect(filters.getByLabel("Status")).toBeVisible();
  await expect(filters.getByLabel("Sort by")).toHaveCount(0);
  await expect(filters.getByLabel("Priority")).toHaveCount(0);
});

test("companies count in words, and labels are Title case everywhere", async ({
  browser,
  request,
}) => {
  const userId = uniqueId("wsk");
  // Digits sort first: the company is among the first listed whatever else exists.
  const company = `0 Workspace ${userId}`;
  const signup = await request.post("/api/v1/auth/signup", {
    data: {
      userId,
      name: `Kim ${userId}`,
      email: `${userId}@example.test`,
      password: PASSWORD,
      company,
    },
  });
  expect(signup.status()).toBe(201);
  const admin = await open(browser, E2E_ADMIN.userId, E2E_ADMIN.password);
  await admin.goto("/customers");
  await expect(admin.getByRole("listitem").filter({ hasText: company })).toContainText(
    "1 customer · 0 active tickets",
  );
  await admin.goto("/admin/users");
  await expect(admin.getByLabel("Role").locator("option")).toHaveText([
    "All roles",
    "Customer",
    "Engineer",
    "Admin",
  ]);
  await admin.goto("/interactions?view=all");
  await expect(admin.getByLabel("Status", { exact: true }).locator("option")).toHaveText([
    "Any status",
    "Planned",
    "Done",
    "Cancelled",
  ]);
});
