import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminPage, E2E_ADMIN, signIn, signUpInBrowser, uniqueId } from "../fixtures";
import { approvedEngineers, bearer, customerToken, ENGINEER_PASSWORD } from "./api-client";
import { countMismatches, engineerLoads } from "./db";

// These run before every other browser test, alone, so the engineers' loads are theirs to reason about.
test.describe.configure({ mode: "serial" });

const spread = (loads: { stored: number }[]) =>
  Math.max(...loads.map((l) => l.stored)) - Math.min(...loads.map((l) => l.stored));

async function createTickets(
  request: APIRequestContext,
  tokens: string[],
  n: number,
  label: string,
) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      request.post("/api/v1/tickets", {
        headers: bearer(tokens[i % tokens.length]),
        data: { title: `${label} ${i}`, description: `Burst ${label}, ticket ${i}` },
      }),
    ),
  );
}

test("concurrent creations, status changes and reassignments over HTTP keep working counts exact", async ({
  request,
}) => {
  const { admin, engineers } = await approvedEngineers(request, uniqueId("ceng").slice(0, 20), 5);
  const customers = await Promise.all(
    [0, 1, 2].map((i) => customerToken(request, uniqueId(`ccus${i}`))),
  );

  // A burst of creations: every ticket is assigned, and the load stays level.
  const burst = await createTickets(request, customers, 60, "burst");
  expect(burst.map((r) => r.status())).toEqual(Array(60).fill(201));
  let loads = engineerLoads();
  expect(loads.filter((l) => l.stored !== l.counted)).toEqual([]);
  expect(spread(loads)).toBeLessThanOrEqual(1);
  console.log(
    `after 60 concurrent creations: loads ${loads.map((l) => l.stored).join(",")} (spread ${spread(loads)})`,
  );

  // Mixed traffic at once: more creations, engineers moving their own tickets between statuses,
  // the admin reassigning, and reads.
  const list = await (
    await request.get("/api/v1/tickets?limit=100&active=true", { headers: bearer(admin) })
  ).json();
  const mine = new Map<string, number[]>();
  for (const t of list.data) mine.set(t.assignee, [...(mine.get(t.assignee) ?? []), t.number]);
  const engineerTokens = new Map<string, string>();
  for (const id of engineers) {
    const res = await request.post("/api/v1/auth/signin", {
      data: { userId: id, password: ENGINEER_PASSWORD },
    });
    engineerTokens.set(id, (await res.json()).userDetails.token);
  }
  const statuses = ["IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED", "OPEN"];
  const ops: Promise<{ status(): number }>[] = [];
  let k = 0;
  for (const [engineer, numbers] of mine) {
    for (const number of numbers.slice(0, 6)) {
      ops.push(
        request.patch(`/api/v1/tickets/${number}`, {
          headers: bearer(engineerTokens.get(engineer)!),
          data: { status: statuses[k++ % statuses.length] },
        }),
      );
    }
  }
  for (const t of list.data.slice(0, 20)) {
    ops.push(
      request.patch(`/api/v1/tickets/${t.number}`, {
        headers: bearer(admin),
        data: { assignee: engineers[k++ % engineers.length] },
      }),
    );
  }
  ops.push(
    createTickets(request, customers, 30, "mixed").then((all) => ({
      status: () => Math.max(...all.map((r) => r.status())),
    })),
  );
  const results = await Promise.all(ops);
  const codes = results.map((r) => r.status());
  expect(codes.filter((c) => c >= 500)).toEqual([]);
  expect(countMismatches()).toEqual([]);
  loads = engineerLoads();
  console.log(
    `after ${ops.length} mixed operations: loads ${loads.map((l) => l.stored).join(",")}, all equal to COUNT(*)`,
  );

  // Rejecting an engineer returns their active tickets to the others, counts still exact.
  const rejected = engineers[0];
  const before = loads.find((l) => l.userId === rejected)!.stored;
  const reject = await request.patch(`/api/v1/users/${rejected}`, {
    headers: bearer(admin),
    data: { userStatus: "REJECTED" },
  });
  expect(reject.status()).toBe(200);
  expect(countMismatches()).toEqual([]);
  const held = await (
    await request.get(`/api/v1/tickets?assignee=${rejected}&active=true`, {
      headers: bearer(admin),
    })
  ).json();
  expect(held.data).toEqual([]);
  console.log(
    `rejected ${rejected} holding ${before} working tickets: all reassigned, counts exact`,
  );
});

test("a ticket's whole life across a customer, an engineer and an admin", async ({
  browser,
  request,
}) => {
  // The customer raises a ticket in the browser.
  const customer = await (await browser.newContext()).newPage();
  const customerId = uniqueId("life");
  await signUpInBrowser(customer, { userId: customerId, name: "Lena Lifecycle", role: "Customer" });
  await expect(customer).toHaveURL(/\/customer$/);
  const loadsBefore = engineerLoads();
  const least = Math.min(...loadsBefore.map((l) => l.stored));
  await customer.getByRole("link", { name: "Raise a ticket" }).click();
  await customer.getByLabel("Title").fill("Invoice PDF is blank");
  await customer
    .getByLabel("What happened?")
    .fill("Downloading invoice 2026-11 gives an empty PDF.");
  await customer.getByRole("button", { name: "Raise ticket" }).click();
  await expect(customer).toHaveURL(/\/tickets\/\d+/);
  const number = Number(new URL(customer.url()).pathname.split("/").pop());
  // The confirmation is a toast (work that happened), outside the page's content.
  await expect(customer.getByText(`Ticket #${number} created and assigned to`)).toBeVisible();
  await expect(customer.getByText("You can reply once an engineer has answered")).toBeVisible();

  // It went to an engineer who had the fewest working tickets.
  const admin = await adminPage(browser);
  const ticket = await (
    await request.get(`/api/v1/tickets/${number}`, { headers: bearer(await adminToken(request)) })
  ).json();
  const assignee = ticket.assignee as string;
  expect(loadsBefore.find((l) => l.userId === assignee)?.stored).toBe(least);

  // The engineer finds it in their queue, accepts and replies.
  const engineer = await (await browser.newContext()).newPage();
  await signIn(engineer, assignee, ENGINEER_PASSWORD);
  await expect(engineer).toHaveURL(/\/engineer$/);
  await engineer.getByRole("link", { name: "Invoice PDF is blank" }).click();
  await engineer.getByRole("button", { name: "Accept ticket" }).click();
  await expect(engineer.getByText("In progress").first()).toBeVisible();
  await engineer.getByLabel("Reply to the customer").fill("Looking into the PDF renderer now.");
  await engineer.getByRole("button", { name: "Send" }).click();
  await expect(engineer.getByText("Looking into the PDF renderer now.")).toBeVisible();

  // The customer sees the reply and answers.
  await customer.reload();
  await expect(customer.getByText("Looking into the PDF renderer now.")).toBeVisible();
  await customer.getByLabel("Your reply").fill("Thanks, it happens in Firefox and Chrome.");
  await customer.getByRole("button", { name: "Send" }).click();
  await expect(customer.getByText("Thanks, it happens in Firefox and Chrome.")).toBeVisible();

  // The engineer resolves it.
  await engineer.reload();
  await expect(engineer.getByText("Thanks, it happens in Firefox and Chrome.")).toBeVisible();
  await engineer.getByLabel("Status", { exact: true }).selectOption("RESOLVED");
  await engineer.getByRole("button", { name: "Save changes" }).click();
  await expect(engineer.getByText("Status: In progress → Resolved")).toBeVisible();

  // The customer closes it.
  await customer.reload();
  await customer.getByRole("button", { name: "Close ticket" }).click();
  await customer.getByRole("dialog").getByRole("button", { name: "Close ticket" }).click();
  await expect(customer.getByText(`Ticket #${number} closed`)).toBeVisible();

  // The admin reads the whole timeline.
  await admin.goto(`/tickets/${number}`);
  const timeline = admin.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("Lena Lifecycle raised the ticket");
  await expect(timeline).toContainText(`Auto-assigned to ${ticket.assigneeName}`);
  await expect(timeline).toContainText("accepted the ticket");
  await expect(timeline).toContainText("changed the status from Open to In progress");
  await expect(timeline).toContainText("Lena Lifecycle replied");
  await expect(timeline).toContainText("changed the status from In progress to Resolved");
  await expect(timeline).toContainText("Lena Lifecycle changed the status from Resolved to Closed");
});

async function adminToken(request: APIRequestContext) {
  const res = await request.post("/api/v1/auth/signin", { data: E2E_ADMIN });
  return (await res.json()).userDetails.token as string;
}
