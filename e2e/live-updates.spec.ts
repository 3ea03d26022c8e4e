import { expect, test, type Page } from "@playwright/test";
import { signIn, uniqueId } from "./fixtures";
import { approvedEngineers, bearer, customerToken, ENGINEER_PASSWORD } from "./isolated/api-client";

/** Collects what the page's own EventSource connection to /api/v1/stream receives. */
async function listen(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { heard: { ticket: number; type: string }[] };
    w.heard = [];
    new EventSource("/api/v1/stream").addEventListener("ticket", (e) =>
      w.heard.push(JSON.parse((e as MessageEvent<string>).data)),
    );
  });
  await expect(page.locator("[data-live-state=live]")).toHaveCount(1);
}
const heard = (page: Page) =>
  page.evaluate(() => (window as unknown as { heard: { ticket: number; type: string }[] }).heard);

test("a customer watching their ticket sees the engineer's reply and status change appear", async ({
  browser,
  request,
}) => {
  const prefix = uniqueId("lv").slice(0, 20);
  const { admin, engineers } = await approvedEngineers(request, prefix, 1);
  const [engineerId] = engineers;
  const customerId = `${prefix}c`;
  const customer = await customerToken(request, customerId);
  const created = await request.post("/api/v1/tickets", {
    headers: bearer(customer),
    data: { title: `Router keeps rebooting ${prefix}`, description: "Every ten minutes or so." },
  });
  const number = (await created.json()).ticket.number as number;
  const assign = await request.patch(`/api/v1/tickets/${number}`, {
    headers: bearer(admin),
    data: { assignee: engineerId },
  });
  expect(assign.status()).toBe(200);

  // Someone else's customer, also watching, to show nothing leaks across permissions.
  const otherId = `${prefix}o`;
  await customerToken(request, otherId);
  const other = await (await browser.newContext()).newPage();
  await signIn(other, otherId, "Customer#2026x");
  await expect(other).toHaveURL(/\/customer$/);
  await listen(other);

  const watcher = await (await browser.newContext()).newPage();
  await signIn(watcher, customerId, "Customer#2026x");
  await expect(watcher).toHaveURL(/\/customer$/);
  await watcher.goto(`/tickets/${number}`);
  await listen(watcher);
  await expect(watcher.getByText("You can reply once an engineer has answered")).toBeVisible();

  const engineer = await (await browser.newContext()).newPage();
  await signIn(engineer, engineerId, ENGINEER_PASSWORD);
  await expect(engineer).toHaveURL(/\/engineer$/);
  await engineer.goto(`/tickets/${number}`);
  await engineer.getByRole("button", { name: "Accept ticket" }).click();
  await engineer.getByRole("radio", { name: "Internal note" }).check();
  await engineer.getByLabel("Note for staff").fill(`Internal: suspect firmware ${prefix}`);
  await engineer.getByRole("button", { name: "Add internal note" }).click();
  await expect(engineer.getByText(`Internal: suspect firmware ${prefix}`)).toBeVisible();
  await engineer.getByRole("radio", { name: "Reply" }).check();
  await engineer.getByLabel("Reply to the customer").fill("Please try the new firmware 2.4.1.");
  await engineer.getByRole("button", { name: "Send reply" }).click();
  await expect(engineer.getByText("Please try the new firmware 2.4.1.")).toBeVisible();

  // The customer's page shows both without a reload: the reply, the status, and the reply box.
  await expect(watcher.getByText("Please try the new firmware 2.4.1.")).toBeVisible();
  await expect(watcher.getByText("In progress").first()).toBeVisible();
  await expect(watcher.getByLabel("Your reply")).toBeVisible();

  await engineer.getByLabel("Status", { exact: true }).selectOption("RESOLVED");
  await engineer.getByRole("button", { name: "Save changes" }).click();
  await expect(watcher.getByText("Resolved").first()).toBeVisible();
  await expect(watcher.getByRole("button", { name: "Reopen ticket" })).toBeVisible();

  // The customer heard of their ticket's changes but never of the internal note; the other
  // customer heard nothing of this ticket at all; the internal note never reached the page.
  const mine = await heard(watcher);
  expect(mine.some((e) => e.ticket === number && e.type === "reply")).toBe(true);
  expect(mine.some((e) => e.type === "note")).toBe(false);
  expect((await heard(other)).filter((e) => e.ticket === number)).toEqual([]);
  await expect(watcher.getByText(`Internal: suspect firmware ${prefix}`)).toHaveCount(0);
});

test("an engineer's queue shows a ticket assigned to them without reloading", async ({
  browser,
  request,
}) => {
  const prefix = uniqueId("lq").slice(0, 20);
  const { admin, engineers } = await approvedEngineers(request, prefix, 1);
  const engineer = await (await browser.newContext()).newPage();
  await signIn(engineer, engineers[0], ENGINEER_PASSWORD);
  await expect(engineer).toHaveURL(/\/engineer$/);
  await expect(engineer.locator("[data-live-state=live]")).toHaveCount(1);

  const title = `Projector flickers ${prefix}`;
  const created = await request.post("/api/v1/tickets", {
    headers: bearer(admin),
    data: { title, description: "In meeting room 3." },
  });
  const number = (await created.json()).ticket.number as number;
  await request.patch(`/api/v1/tickets/${number}`, {
    headers: bearer(admin),
    data: { assignee: engineers[0] },
  });
  await expect(
    engineer.getByRole("table", { name: "Your queue" }).getByRole("link", { name: title }),
  ).toBeVisible();
});
