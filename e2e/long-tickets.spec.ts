import { expect, test } from "@playwright/test";
import { signIn, uniqueId } from "./fixtures";
import { WIDTHS } from "./pages";
import {
  assignedTicket,
  bearer,
  CUSTOMER_PASSWORD,
  ENGINEER_PASSWORD,
  tokenOf,
} from "./isolated/api-client";

// Issue 14 §2: a long conversation and timeline render a page of the latest, with links back
// through the earlier ones, instead of every row (docs/tickets.md#long-conversations).

const SHOWN = 50;
const REPLIES = SHOWN + 5;

test("a long ticket shows its latest replies and history, and steps back to the earlier ones", async ({
  page,
  browser,
  request,
}) => {
  test.slow(); // fifty-five replies over the API first
  const prefix = uniqueId("lt").slice(0, 18);
  const { engineers, customerId, number } = await assignedTicket(request, prefix, {
    title: `Long thread ${prefix}`,
  });
  const engineer = await tokenOf(request, engineers[0], ENGINEER_PASSWORD);
  for (let i = 0; i < REPLIES; i++) {
    const res = await request.post(`/api/v1/tickets/${number}/replies`, {
      headers: bearer(engineer),
      data: { body: `Update number ${i} from the engineer` },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  await signIn(page, engineers[0], ENGINEER_PASSWORD);
  await expect(page).toHaveURL(/\/engineer$/);
  await page.goto(`/tickets/${number}`);
  const conversation = page.getByRole("list", { name: "Conversation" });
  const replies = conversation.locator(":scope > li");
  await expect(replies).toHaveCount(SHOWN);
  await expect(replies.first()).toContainText(`Update number ${REPLIES - SHOWN} from`);
  await expect(replies.last()).toContainText(`Update number ${REPLIES - 1} from`);
  await expect(page.getByRole("link", { name: "Back to the latest replies" })).toHaveCount(0);

  await page.getByRole("link", { name: "Show earlier replies" }).click();
  await expect(page).toHaveURL(
    new RegExp(`/tickets/${number}\\?replies=\\d+#conversation-heading$`),
  );
  await expect(replies).toHaveCount(REPLIES - SHOWN);
  await expect(replies.first()).toContainText("Update number 0 from");
  await expect(page.getByRole("link", { name: "Show earlier replies" })).toHaveCount(0);
  // The reply form is still there, below the earlier replies.
  await expect(page.getByLabel("Reply to the customer")).toBeVisible();

  // Each reply is an event too, so the history has more than a page of them as well; stepping
  // back through it keeps the conversation where it is.
  const timeline = page.getByRole("list", { name: "Timeline" }).locator(":scope > li");
  await expect(timeline).toHaveCount(SHOWN);
  await page.getByRole("link", { name: "Show earlier events" }).click();
  await expect(page).toHaveURL(/\?replies=\d+&events=\d+#timeline-heading$/);
  await expect(timeline.first()).toContainText(/created|raised|opened/i);
  await expect(replies).toHaveCount(REPLIES - SHOWN);

  await page.getByRole("link", { name: "Back to the latest replies" }).click();
  await expect(replies).toHaveCount(SHOWN);
  await expect(replies.last()).toContainText(`Update number ${REPLIES - 1} from`);
  await expect(page).toHaveURL(/\?events=\d+#conversation-heading$/);

  // The reporter on a phone: the same window of the same replies, and the step back.
  const phone = await browser.newContext({ viewport: WIDTHS[0].viewport });
  try {
    const theirs = await phone.newPage();
    await signIn(theirs, customerId, CUSTOMER_PASSWORD);
    await expect(theirs).toHaveURL(/\/customer$/);
    await theirs.goto(`/tickets/${number}`);
    const list = theirs.getByRole("list", { name: "Conversation" }).locator(":scope > li");
    await expect(list).toHaveCount(SHOWN);
    await theirs.getByRole("link", { name: "Show earlier replies" }).click();
    await expect(list).toHaveCount(REPLIES - SHOWN);
    await expect(theirs.getByRole("link", { name: "Back to the latest replies" })).toBeVisible();
  } finally {
    await phone.close();
  }
});
