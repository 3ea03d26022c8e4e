import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn, uniqueId } from "./fixtures";
import { assignedTicket, ENGINEER_PASSWORD } from "./isolated/api-client";
import { WIDTHS } from "./pages";

// Issue 13 §5, rich replies: Markdown with a preview in the composer, rendered safely in the
// conversation (docs/tickets.md#formatting).

/** Screenshots for review land here when SHOTS_DIR is set. */
const SHOTS = process.env.SHOTS_DIR;
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

type Theme = "light" | "dark";
const CUSTOMER_PASSWORD = "Customer#2026x";

async function open(
  browser: Browser,
  userId: string,
  password: string,
  { viewport = WIDTHS[1].viewport, theme = "light" as Theme } = {},
) {
  const context = await browser.newContext({ viewport, colorScheme: theme });
  await context.addInitScript((t) => window.localStorage.setItem("theme", t), theme);
  const page = await context.newPage();
  await signIn(page, userId, password);
  await expect(page).toHaveURL(/\/(customer|engineer|admin)$/);
  return page;
}

const LONG_LINE = `lpstat -t && cancel -a && sudo systemctl restart cups.service --no-block ${"--verbose ".repeat(6)}`;
const reply = (tag: string) =>
  [
    `Thanks for the details, ${tag}. Please try this:`,
    "",
    "1. Open **Settings → Printers**",
    "2. Remove the printer and add it again",
    "",
    "```",
    LONG_LINE,
    "```",
    "",
    "> It jams on every page",
    "",
    "That quote is from your first message. The [driver guide](https://help.example/drivers) has more.",
    "",
    "Typed as text, never run: <script>window.__pwned = 1</script> <img src=x onerror=window.__pwned=2>",
  ].join("\n");

/** axe-core on the page as it is: no violation. */
async function expectAccessible(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const lines = violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.slice(0, 5).map((n) => `  - ${n.target.join(" ")} :: ${n.failureSummary ?? ""}`),
  ]);
  expect(lines, label).toEqual([]);
}

test("the composer previews Markdown from the server, and the conversation shows it rendered and safe", async ({
  browser,
  request,
}) => {
  test.slow(); // several browser contexts, one per width and theme
  const prefix = uniqueId("rr").slice(0, 18);
  const { engineer, customerId, number } = await assignedTicket(request, prefix);
  const text = reply(prefix);

  const page = await open(browser, engineer, ENGINEER_PASSWORD);
  await page.goto(`/tickets/${number}`);
  const form = page.locator("form[data-reply-mode]");
  const write = form.getByRole("tab", { name: "Write" });
  const previewTab = form.getByRole("tab", { name: "Preview" });
  const box = form.getByLabel("Reply to the customer");
  await expect(write).toHaveAttribute("aria-selected", "true");
  await expect(form.getByText("Markdown supported")).toBeVisible();

  // An empty box previews as nothing, without asking the server.
  await previewTab.click();
  await expect(form.getByRole("tabpanel", { name: "Preview" })).toContainText("Nothing to preview");
  await write.click();
  await box.fill(text);

  // The keyboard: one tab stop, the arrow keys move and select.
  await write.focus();
  const rendered = page.waitForResponse(
    (r) => r.url().endsWith("/api/v1/render/markdown") && r.request().method() === "POST",
  );
  await page.keyboard.press("ArrowRight");
  await expect(previewTab).toBeFocused();
  await expect(previewTab).toHaveAttribute("aria-selected", "true");
  expect((await rendered).status()).toBe(200);
  await expect(box).toBeHidden();
  const panel = form.getByRole("tabpanel", { name: "Preview" });
  await expect(panel.locator("ol > li")).toHaveCount(2);
  await expect(panel.locator("ol strong")).toHaveText("Settings → Printers");
  await expect(panel.locator("pre code")).toContainText("lpstat -t");
  await expect(panel.locator("blockquote")).toHaveText("It jams on every page");
  const guide = panel.getByRole("link", { name: "driver guide" });
  await expect(guide).toHaveAttribute("href", "https://help.example/drivers");
  await expect(guide).toHaveAttribute("target", "_blank");
  await expect(guide).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(panel).toContainText("<script>window.__pwned = 1</script>");
  await expectAccessible(page, "the ticket page with the preview open");
  await page.keyboard.press("ArrowLeft");
  await expect(write).toBeFocused();
  await expect(box).toBeVisible();
  await expect(box).toHaveValue(text);

  // Sent from the preview: the reply shows rendered, and the composer is back to an empty Write.
  await previewTab.click();
  await expect(panel.locator("pre")).toBeVisible();
  await form.getByRole("button", { name: "Send reply" }).click();
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.locator("li pre code")).toContainText("lpstat -t");
  await expect(write).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveValue("");
  await page.context().close();

  // The customer sees it rendered, the HTML typed into it as text, and nothing ran.
  for (const { name, viewport } of WIDTHS) {
    for (const theme of ["light", "dark"] as const) {
      const customer = await open(browser, customerId, CUSTOMER_PASSWORD, { viewport, theme });
      await customer.goto(`/tickets/${number}`);
      const message = customer.getByRole("list", { name: "Conversation" }).locator("li").first();
      await expect(message.locator("ol > li")).toHaveCount(2);
      await expect(message.locator("blockquote")).toHaveText("It jams on every page");
      await expect(message.getByRole("link", { name: "driver guide" })).toHaveAttribute(
        "target",
        "_blank",
      );
      await expect(message).toContainText("<img src=x onerror=window.__pwned=2>");
      await expect(message.locator("img, script")).toHaveCount(0);
      expect(
        await customer.evaluate(() => (window as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      // A long line scrolls inside its code block, never the page, and the keyboard can scroll it.
      const pre = message.locator("pre");
      const sizes = await pre.evaluate((el) => ({
        scroll: el.scrollWidth,
        client: el.clientWidth,
        page: document.documentElement.scrollWidth,
        screen: window.innerWidth,
      }));
      expect(sizes.page, `the page at ${name}`).toBeLessThanOrEqual(sizes.screen);
      if (name === "phone") expect(sizes.scroll).toBeGreaterThan(sizes.client);
      await expect(pre).toHaveAttribute("tabindex", "0");
      await expectAccessible(customer, `the ticket page with a rendered reply, ${name}, ${theme}`);
      await message.scrollIntoViewIfNeeded();
      await shot(customer, `rich-reply-${name}-${theme}`);
      await customer.context().close();
    }
  }
});
