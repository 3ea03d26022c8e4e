import { expect, test, type APIRequestContext } from "@playwright/test";
import { createTransport } from "nodemailer";
import { E2E_INBOUND_SMTP_PORT, E2E_SUPPORT_EMAIL } from "../playwright.config";
import { adminPage, E2E_ADMIN, PASSWORD, signIn, uniqueId, waitForMail } from "./fixtures";

/**
 * The email channel end to end (docs/email.md), on the production build: a customer mails the
 * support address over real SMTP to Caseline's own receiver; the ticket appears live in the
 * portal; the engineer answers in the portal; the email the customer gets threads under what they
 * sent (In-Reply-To, References, one [#N] subject, the ticket's reply address); the customer
 * answers that email, and the answer lands in the conversation live.
 */

const smtp = () =>
  createTransport({
    host: "127.0.0.1",
    port: E2E_INBOUND_SMTP_PORT,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 30_000,
  });

async function approvedEngineer(request: APIRequestContext, userId: string) {
  const signup = await request.post("/api/v1/auth/signup", {
    data: {
      userId,
      name: `Mail ${userId.slice(-5)}`,
      email: `${userId}@example.test`,
      password: PASSWORD,
      userType: "ENGINEER",
    },
  });
  expect(signup.status()).toBe(201);
  const signin = await request.post("/api/v1/auth/signin", {
    data: { userId: E2E_ADMIN.userId, password: E2E_ADMIN.password },
  });
  const admin = { authorization: `Bearer ${(await signin.json()).userDetails.token}` };
  const approve = await request.patch(`/api/v1/users/${userId}`, {
    headers: admin,
    data: { userStatus: "APPROVED" },
  });
  expect(approve.status()).toBe(200);
  return admin;
}

test("a customer's email becomes a ticket, the portal answer threads in their mail, and their emailed answer joins the conversation", async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const id = uniqueId("em").slice(0, 18);
  const engineerId = `${id}e`;
  const customerEmail = `${id}c@customer.example.test`;
  const subject = `Scanner shows error E42 ${id}`;
  const answer = `Hold the reset button for ten seconds, ${id}.`;
  const followUp = `That worked, thank you ${id}!`;
  const admin = await approvedEngineer(request, engineerId);

  // The admin's ticket list follows new tickets live.
  const adminView = await adminPage(browser);
  await adminView.goto("/tickets");
  await expect(adminView.locator("[data-live-state=live]")).toHaveCount(1);

  const customerMessageId = `<${id}-first@customer.example.test>`;
  const mailer = smtp();
  const sent = await mailer.sendMail({
    from: `"Casey Customer" <${customerEmail}>`,
    to: E2E_SUPPORT_EMAIL,
    subject,
    messageId: customerMessageId,
    text: "The scanner beeps and shows E42 at start.\n\n-- \nCasey, Accounts",
  });
  expect(sent.response).toMatch(/^250 .*created #\d+/);
  const number = Number(/#(\d+)/.exec(sent.response)![1]);

  await test.step("the ticket appears live, from the new customer, and goes to our engineer", async () => {
    await expect(adminView.getByRole("link", { name: subject })).toBeVisible({ timeout: 30_000 });
    // Other specs' engineers may be less loaded: the admin hands the ticket to ours, as the
    // lifecycle spec does.
    const assign = await request.patch(`/api/v1/tickets/${number}`, {
      headers: admin,
      data: { assignee: engineerId },
    });
    expect(assign.status()).toBe(200);
    await adminView.context().close();
  });

  const engineer = await (await browser.newContext()).newPage();
  await signIn(engineer, engineerId);
  await test.step("the engineer's queue shows it, and the engineer answers in the portal", async () => {
    await engineer
      .getByRole("table", { name: "Your queue" })
      .getByRole("link", { name: subject })
      .click({ timeout: 30_000 });
    await expect(engineer).toHaveURL(new RegExp(`/tickets/${number}$`));
    await expect(engineer.getByText("The scanner beeps and shows E42 at start.")).toBeVisible();
    // The signature is not part of the description.
    await expect(engineer.getByText("Casey, Accounts")).toHaveCount(0);
    await engineer.getByLabel("Reply to the customer").fill(answer);
    await engineer.getByRole("button", { name: "Send reply" }).click();
    await expect(engineer.getByText(answer)).toBeVisible();
  });

  const mail = await waitForMail(customerEmail, new RegExp(`^\\[#${number}\\] `), 30_000, answer);
  await test.step("the customer's mail client threads the answer under their message", async () => {
    expect(mail.subject).toBe(`[#${number}] ${subject}`);
    expect(mail.inReplyTo).toBe(customerMessageId);
    expect(mail.references).toContain(customerMessageId);
    expect(mail.messageId).toMatch(/^<nr_[\w-]+@e2e\.test>$/);
    expect(mail.replyTo).toMatch(new RegExp(`^support\\+t${number}-[0-9a-f]{12}@e2e\\.test$`));
  });

  await test.step("the customer answers that email, and it lands in the conversation live", async () => {
    const reply = await mailer.sendMail({
      from: customerEmail,
      to: mail.replyTo!,
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      references: [customerMessageId, mail.messageId!],
      text: `${followUp}\n\nOn Tue, Caseline wrote:\n> ${answer}\n`,
    });
    expect(reply.response).toMatch(new RegExp(`^250 .*threaded #${number}`));
    await expect(engineer.getByText(followUp)).toBeVisible({ timeout: 30_000 });
    // The quoted history is not repeated in the conversation.
    await expect(engineer.getByText(answer)).toHaveCount(1);
  });
  mailer.close();
  await engineer.context().close();
});
