import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminPage, E2E_ADMIN, PASSWORD, signIn, uniqueId } from "./fixtures";

async function tokenOf(request: APIRequestContext, userId: string, password: string) {
  const res = await request.post("/api/v1/auth/signin", { data: { userId, password } });
  expect(res.status(), `sign in ${userId}`).toBe(200);
  return (await res.json()).userDetails.token as string;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An engineer signed up over REST and approved by the admin; answers the userId. */
async function approvedEngineer(request: APIRequestContext, admin: string, name: string) {
  const userId = uniqueId("rep");
  const signup = await request.post("/api/v1/auth/signup", {
    data: {
      userId,
      name,
      email: `${userId}@example.test`,
      password: PASSWORD,
      userType: "ENGINEER",
    },
  });
  expect(signup.status()).toBe(201);
  const approve = await request.patch(`/api/v1/users/${userId}`, {
    headers: bearer(admin),
    data: { userStatus: "APPROVED" },
  });
  expect(approve.status()).toBe(200);
  return userId;
}

test("an engineer opens Reports and downloads the resolved tickets as CSV", async ({
  page,
  request,
}) => {
  const admin = await tokenOf(request, E2E_ADMIN.userId, E2E_ADMIN.password);
  const userId = await approvedEngineer(request, admin, "Rita Reports");

  // A ticket she raised (so it is hers to see, whoever works on it), resolved by the admin.
  const engineer = await tokenOf(request, userId, PASSWORD);
  const title = `Quarterly "export", ${userId}`;
  const created = await request.post("/api/v1/tickets", {
    headers: bearer(engineer),
    data: { title, description: "Line one, with a comma\nLine two: naïve café" },
  });
  expect(created.status()).toBe(201);
  const ticket = (await created.json()).ticket as { id: string; number: number };
  const resolved = await request.patch(`/api/v1/tickets/${ticket.number}`, {
    headers: bearer(admin),
    data: { status: "RESOLVED" },
  });
  expect(resolved.status()).toBe(200);

  await signIn(page, userId);
  await expect(page).toHaveURL(/\/engineer$/);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Reports" })
    .click();
  await expect(page.getByRole("heading", { name: "Resolved tickets" })).toBeVisible();
  await expect(page.getByLabel("From")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByLabel("To (included)")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByText(/\d+ tickets? resolved from/)).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    /^resolved-tickets-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const text = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  expect(text.split("\n")[0]).toBe(
    "ticketId,number,title,description,status,assignee,resolvedAt,createdAt",
  );
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  expect(rows.find((r) => r.ticketId === ticket.id)).toMatchObject({
    number: String(ticket.number),
    title,
    description: "Line one, with a comma\nLine two: naïve café",
    status: "RESOLVED",
  });
});

test("an admin sees the overview's numbers and charts", async ({ browser, request }) => {
  const token = await tokenOf(request, E2E_ADMIN.userId, E2E_ADMIN.password);
  // At least one approved engineer to chart, and a ticket raised today.
  await approvedEngineer(request, token, "Olga Overview");
  const customer = uniqueId("ovc");
  await request.post("/api/v1/auth/signup", {
    data: {
      userId: customer,
      name: "Otto Overview",
      email: `${customer}@example.test`,
      password: PASSWORD,
    },
  });
  const customerToken = await tokenOf(request, customer, PASSWORD);
  const raised = await request.post("/api/v1/tickets", {
    headers: bearer(customerToken),
    data: { title: "Overview check", description: "Counts should include me" },
  });
  expect(raised.status()).toBe(201);
  // A staff reply on it and a second ticket resolved, so both median charts have a point to draw
  // whichever tests ran before this one (the first stays active for the Active card).
  const { ticket } = await raised.json();
  const replied = await request.post(`/api/v1/tickets/${ticket.number}/replies`, {
    headers: bearer(token),
    data: { body: "Looking into it." },
  });
  expect(replied.status()).toBe(201);
  const second = await request.post("/api/v1/tickets", {
    headers: bearer(customerToken),
    data: { title: "Overview check, solved", description: "Counts as resolved today" },
  });
  const resolved = await request.put(`/api/v1/tickets/${(await second.json()).ticket.number}`, {
    headers: bearer(token),
    data: { status: "RESOLVED" },
  });
  expect(resolved.status()).toBe(200);

  const overview = await request.get("/api/v1/reports/overview", { headers: bearer(token) });
  expect(overview.status()).toBe(200);
  const today = (await overview.json()).window.to as string;

  const admin = await adminPage(browser);
  await expect(admin.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  for (const label of ["Active tickets", "Open", "Unassigned", "Waiting for approval"]) {
    await expect(admin.getByRole("heading", { name: label, exact: true })).toBeVisible();
  }
  const activeCard = admin.locator("section", {
    has: admin.getByRole("heading", { name: "Active tickets" }),
  });
  await expect(activeCard.getByRole("link")).toHaveText(/^[1-9][\d,]*$/);

  for (const name of [
    "Created vs resolved per day",
    "Median time to first reply",
    "Median time to resolution",
    "Tickets per engineer",
  ]) {
    const figure = admin.getByRole("figure", { name });
    await expect(figure).toBeVisible();
    // Recharts draws into an SVG once it has measured its box.
    await expect(figure.locator("svg.recharts-surface").first()).toBeVisible();
  }

  const created = admin.getByRole("figure", { name: "Created vs resolved per day" });
  await created.getByText("Show the numbers").click();
  const todayRow = created.getByRole("row", { name: new RegExp(`^${today}`) });
  await expect(todayRow).toBeVisible();
  const createdToday = Number(await todayRow.getByRole("cell").first().textContent());
  expect(createdToday).toBeGreaterThanOrEqual(1);
  await expect(
    created.locator(".recharts-line").first(),
    "the created line is drawn",
  ).toBeVisible();
});
