import { expect, test } from "@playwright/test";
import { adminPage, E2E_ADMIN, uniqueId, waitForMail } from "./fixtures";

test("an admin schedules a meeting, raises a ticket from it, and sees both on the customer's page", async ({
  browser,
  request,
}) => {
  const userId = uniqueId("crm");
  const email = `${userId}@example.test`;
  const name = `Nora ${userId.slice(-4)}`;
  const token = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token;
  const added = await request.post("/api/v1/customers", {
    headers: { authorization: `Bearer ${token}` },
    data: { userId, name, email, company: "Northwind" },
  });
  expect(added.status()).toBe(201);

  const admin = await adminPage(browser);
  await admin.goto(`/customers/${userId}`);
  await expect(admin.getByRole("heading", { name })).toBeVisible();
  await admin.getByRole("link", { name: "Schedule", exact: true }).click();
  await expect(admin).toHaveURL(new RegExp(`/interactions/new\\?customer=${userId}`));
  await expect(admin.getByLabel("Customer (user ID)")).toHaveValue(userId);
  await admin.getByLabel("Title").fill("Onboarding review");
  await admin.getByLabel("Notes (optional)").fill("Walk through the new VPN setup.");
  await admin.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(admin).toHaveURL(/\/interactions\/\d+$/);
  const interactionId = admin.url().match(/interactions\/(\d+)/)![1];
  await expect(admin.getByText(`${name} is being emailed the details`)).toBeVisible();

  // The customer is invited by email (through the outbox, over SMTP).
  const invite = await waitForMail(email, /Scheduled: meeting "Onboarding review"/);
  expect(invite.text).toContain("Walk through the new VPN setup.");

  // A ticket raised from the meeting is the customer's, and links back to it.
  await admin.getByText("Raise a ticket from this meeting").click();
  await admin.getByLabel("Ticket title").fill("VPN profile missing after onboarding");
  await admin.getByLabel("What is the problem?").fill("The VPN profile wasn't installed.");
  await admin.getByRole("button", { name: `Raise ticket for ${name}` }).click();
  await expect(admin).toHaveURL(/\/tickets\/\d+/);
  const ticketNumber = admin.url().match(/tickets\/(\d+)/)![1];
  await expect(admin.getByText(`${name} (${userId})`)).toBeVisible();
  await expect(admin.getByRole("link", { name: `Interaction #${interactionId}` })).toBeVisible();

  // Both show on the customer's page.
  await admin.goto(`/customers/${userId}`);
  await expect(
    admin.getByRole("table", { name: "Their tickets" }).getByRole("link", {
      name: "VPN profile missing after onboarding",
    }),
  ).toBeVisible();
  await expect(admin.getByRole("link", { name: "Onboarding review" })).toBeVisible();
  await admin.goto(`/interactions/${interactionId}`);
  await expect(
    admin.getByRole("link", { name: new RegExp(`#${ticketNumber} VPN profile`) }),
  ).toBeVisible();
});

test("an admin deactivates a customer after confirming, and can turn them back on", async ({
  browser,
  request,
}) => {
  const userId = uniqueId("deact");
  const token = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token;
  await request.post("/api/v1/customers", {
    headers: { authorization: `Bearer ${token}` },
    data: { userId, name: "Otto Offboard", email: `${userId}@example.test` },
  });
  const admin = await adminPage(browser);
  await admin.goto(`/customers?q=${userId}`);
  await admin.getByRole("link", { name: "Otto Offboard" }).click();
  await admin.getByRole("button", { name: "Deactivate" }).click();
  const dialog = admin.getByRole("dialog");
  await expect(dialog).toContainText("can no longer sign in");
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(admin.getByText("This account is deactivated")).toBeVisible();
  await admin.getByRole("button", { name: "Reactivate" }).click();
  await expect(admin.getByText("This account is deactivated")).toHaveCount(0);
  await expect(admin.getByText("Active", { exact: true })).toBeVisible();
});
