import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_INBOUND_SMTP_PORT, E2E_SUPPORT_EMAIL } from "../playwright.config";
import { adminPage, E2E_ADMIN, uniqueId } from "./fixtures";
import { inboundId, mailSupport, tooManyAttachments } from "./pages";

/**
 * The admin's Email screen (docs/email.md#the-inbound-log, #mailboxes) on the production build:
 * the ways in as this server runs them; a mailbox added, tested, disabled, edited and removed; a
 * quarantined email found in the log, retried and discarded; an email that made a ticket.
 */

const toast = (page: Page) => page.locator("[data-sonner-toast]");

async function adminHeaders(request: APIRequestContext) {
  const res = await request.post("/api/v1/auth/signin", {
    data: { userId: E2E_ADMIN.userId, password: E2E_ADMIN.password },
  });
  expect(res.status()).toBe(200);
  return { authorization: `Bearer ${(await res.json()).userDetails.token}` };
}

test("an admin sees the ways in, and adds, tests, disables, edits and removes a mailbox", async ({
  browser,
}) => {
  const admin = await adminPage(browser);
  await admin
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Email/ })
    .click();
  await expect(admin).toHaveURL(/\/admin\/email$/);
  await expect(admin.getByRole("heading", { name: "Email", level: 1 })).toBeVisible();

  const waysIn = admin.getByRole("region", { name: "Ways in" });
  await test.step("the support address and the SMTP receiver, as this server runs them", async () => {
    await expect(waysIn.getByText(E2E_SUPPORT_EMAIL, { exact: true })).toBeVisible();
    await expect(waysIn.getByText("Listening", { exact: true })).toBeVisible();
    await expect(waysIn.getByText(`127.0.0.1:${E2E_INBOUND_SMTP_PORT}`)).toBeVisible();
  });

  const name = `Box ${uniqueId("mb").slice(-8)}`;
  const renamed = `${name} renamed`;
  const url = "imap://u:p@127.0.0.1:1/INBOX";
  await test.step("an unreachable address fails its test before it is saved, and after", async () => {
    await admin.getByLabel("Name", { exact: true }).fill(name);
    await admin.getByLabel("IMAP address", { exact: true }).fill(url);
    await admin.getByRole("button", { name: "Test connection to this address" }).click();
    const form = admin.locator("form").filter({ has: admin.getByLabel("IMAP address") });
    await expect(form.getByRole("status")).toContainText("Could not read the mailbox", {
      timeout: 40_000,
    });
    await admin.getByRole("button", { name: "Add mailbox" }).click();
    await expect(toast(admin).filter({ hasText: `Added ${name}` })).toBeVisible();
  });

  const item = admin.getByRole("list", { name: "Mailboxes" }).getByRole("listitem");
  const box = item.filter({ hasText: name });
  await test.step("it is listed without its password, and its own test fails too", async () => {
    await expect(box).toHaveCount(1);
    await expect(box.getByText("imap://u@127.0.0.1:1/INBOX", { exact: true })).toBeVisible();
    await expect(box).not.toContainText("u:p@");
    await expect(box.getByText("Enabled", { exact: true })).toBeVisible();
    await expect(box.getByText("Marks taken messages as read")).toBeVisible();
    await box.getByRole("button", { name: `Test connection to ${name}` }).click();
    await expect(box.getByRole("status")).toContainText("Could not read the mailbox", {
      timeout: 40_000,
    });
  });

  await test.step("disabled, then edited: a new name and a folder, the address kept", async () => {
    await box.getByRole("button", { name: `Disable ${name}` }).click();
    await expect(toast(admin).filter({ hasText: `Disabled ${name}` })).toBeVisible();
    await expect(box.getByText("Disabled", { exact: true })).toBeVisible();

    await box.getByRole("button", { name: `Edit ${name}` }).click();
    await expect(box.getByLabel("IMAP address")).toHaveValue("");
    await expect(box.getByText("Left empty, the stored address")).toBeVisible();
    await box.getByLabel("Name", { exact: true }).fill(renamed);
    await box.getByLabel("Move taken messages to folder (optional)").fill("Done");
    await box.getByRole("button", { name: "Save mailbox" }).click();
    await expect(toast(admin).filter({ hasText: `Saved ${renamed}` })).toBeVisible();
  });

  const edited = item.filter({ hasText: renamed });
  await test.step("removed, after confirming", async () => {
    await expect(edited.getByText("Moves taken messages to Done")).toBeVisible();
    await expect(edited.getByText("imap://u@127.0.0.1:1/INBOX", { exact: true })).toBeVisible();
    await edited.getByRole("button", { name: `Remove ${renamed}` }).click();
    const dialog = admin.getByRole("dialog");
    await expect(dialog).toContainText(`Remove ${renamed}?`);
    await dialog.getByRole("button", { name: "Remove mailbox" }).click();
    await expect(toast(admin).filter({ hasText: `Removed ${renamed}` })).toBeVisible();
    await expect(edited).toHaveCount(0);
  });
  await admin.context().close();
});

test("a quarantined email is found in the log, retried, and discarded after confirming", async ({
  browser,
  request,
}) => {
  const admin = await adminPage(browser);
  const mail = tooManyAttachments({ from: `${uniqueId("qs")}@sender.example.test` });
  const { messageId } = await mailSupport(mail);
  const id = await inboundId(request, await adminHeaders(request), messageId);

  await test.step("the Quarantined tab lists it, with its reason", async () => {
    await admin.goto("/admin/email");
    await admin
      .getByRole("navigation", { name: "Filter the log by status" })
      .getByRole("link", { name: /^Quarantined/ })
      .click();
    await expect(admin).toHaveURL(/status=QUARANTINED/);
    const row = admin.locator("tr[data-row]").filter({ hasText: mail.subject as string });
    await expect(row).toContainText("11 attachments, more than the limit of 10");
    await expect(row.getByText("Quarantined", { exact: true })).toBeVisible();
    await row.getByRole("link", { name: mail.subject as string }).click();
    await expect(admin).toHaveURL(new RegExp(`/admin/email/${id}$`));
  });

  const main = admin.locator("main");
  await test.step("its page: the facts, the reason, and the message as it came in", async () => {
    await expect(admin.getByRole("heading", { name: mail.subject as string })).toBeVisible();
    await expect(main.getByRole("alert")).toContainText(
      "Reason: 11 attachments, more than the limit of 10",
    );
    await expect(main.getByText(mail.from as string)).toBeVisible();
    await expect(main.getByText("SMTP receiver")).toBeVisible();
    const download = admin.waitForEvent("download");
    await main.getByRole("link", { name: "Download .eml" }).click();
    expect((await download).suggestedFilename()).toBe(`email-${id}.eml`);
  });

  await test.step("retried: quarantined again, for the same reason, one attempt more", async () => {
    const attempts = main.locator("dt", { hasText: "Retries" }).locator("+ dd");
    const before = Number(await attempts.textContent());
    await main.getByRole("button", { name: "Retry" }).click();
    await expect(
      toast(admin).filter({ hasText: "Quarantined again: 11 attachments, more than the limit" }),
    ).toBeVisible();
    await expect(attempts).toHaveText(String(before + 1));
  });

  await test.step("discarded after confirming: no more retry, no more copy", async () => {
    await main.getByRole("button", { name: "Discard" }).click();
    const dialog = admin.getByRole("dialog");
    await expect(dialog).toContainText("Discard this email?");
    await dialog.getByRole("button", { name: "Discard email" }).click();
    await expect(toast(admin).filter({ hasText: "Discarded" })).toBeVisible();
    await expect(main.getByText("Discarded", { exact: true })).toBeVisible();
    await expect(main.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expect(main.getByRole("button", { name: "Discard" })).toHaveCount(0);
    await expect(main.getByRole("link", { name: "Download .eml" })).toHaveCount(0);
    await expect(main.getByText("Its stored copy was removed")).toBeVisible();
  });
  await admin.context().close();
});

test("an email that raised a ticket shows as Created, with its ticket", async ({ browser }) => {
  const admin = await adminPage(browser);
  const subject = `Printer jams ${uniqueId("cr")}`;
  const { response } = await mailSupport({
    from: `${uniqueId("cs")}@customer.example.test`,
    subject,
    text: "The printer jams on every second page.",
  });
  const number = Number(/created #(\d+)/.exec(response)?.[1]);
  expect(number, response).toBeGreaterThan(0);

  await admin.goto("/admin/email");
  const row = admin.locator("tr[data-row]").filter({ hasText: subject });
  await expect(row.getByText("Created", { exact: true })).toBeVisible();
  await row.getByRole("link", { name: `#${number}`, exact: true }).click();
  await expect(admin).toHaveURL(new RegExp(`/tickets/${number}$`));
  await expect(admin.getByText("The printer jams on every second page.")).toBeVisible();
  await admin.context().close();
});
