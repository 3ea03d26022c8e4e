import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { ticketEvents } from "@/db/schema";
import { api, assigneeOf, person, raise, setTicket, ticketRow, workingCount } from "../ticket-kit";

const STATUSES = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"] as const;
type Status = (typeof STATUSES)[number];

/** admin, reporter (a customer), the assigned engineer, another engineer, and one ticket. */
async function scene() {
  const admin = await person("ADMIN");
  const reporter = await person("CUSTOMER");
  const assignee = await person("ENGINEER");
  const n = await raise(reporter);
  const other = await person("ENGINEER");
  expect(await assigneeOf(n)).toBe(assignee.userId);
  return { admin, reporter, assignee, other, n };
}

async function eventCount(n: number) {
  const [{ c }] = await getDb()
    .select({ c: count() })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketNumber, n));
  return c;
}

const statusOf = async (n: number) => (await ticketRow(n))!.status as Status;

describe("status: the assigned engineer and admins set any status", () => {
  const moves = STATUSES.flatMap((from) =>
    STATUSES.filter((to) => to !== from).map((to) => [from, to] as const),
  );

  it.each(moves)("the assignee moves %s → %s", async (from, to) => {
    const { assignee, n } = await scene();
    await setTicket(n, { status: from });
    const res = await api.update(assignee.token, n, { status: to });
    expect(res.status).toBe(200);
    expect(res.json.ticket.status).toBe(to);
    expect(await statusOf(n)).toBe(to);
  });

  it.each(moves)("an admin (not the assignee) moves %s → %s", async (from, to) => {
    const { admin, n } = await scene();
    await setTicket(n, { status: from });
    const res = await api.update(admin.token, n, { status: to });
    expect(res.status).toBe(200);
    expect(await statusOf(n)).toBe(to);
  });
});

describe("status: what a reporter may do", () => {
  it.each(["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED"] as const)(
    "closes their own %s ticket",
    async (from) => {
      const { reporter, n } = await scene();
      await setTicket(n, { status: from });
      const res = await api.update(reporter.token, n, { status: "CLOSED" });
      expect(res.status).toBe(200);
      expect(await statusOf(n)).toBe("CLOSED");
    },
  );

  it.each(["RESOLVED", "CLOSED"] as const)("reopens their own %s ticket to OPEN", async (from) => {
    const { reporter, n } = await scene();
    await setTicket(n, { status: from });
    const res = await api.update(reporter.token, n, { status: "OPEN" });
    expect(res.status).toBe(200);
    expect(await statusOf(n)).toBe("OPEN");
  });

  const refused: [Status, Status][] = [
    ["OPEN", "IN_PROGRESS"],
    ["OPEN", "RESOLVED"],
    ["OPEN", "BLOCKED"],
    ["IN_PROGRESS", "RESOLVED"],
    ["IN_PROGRESS", "BLOCKED"],
    ["RESOLVED", "IN_PROGRESS"],
    ["CLOSED", "RESOLVED"],
    ["CLOSED", "BLOCKED"],
    // Only a RESOLVED or CLOSED ticket can be reopened.
    ["IN_PROGRESS", "OPEN"],
    ["BLOCKED", "OPEN"],
  ];
  it.each(refused)("may not move %s → %s (403, nothing changes)", async (from, to) => {
    const { reporter, n } = await scene();
    await setTicket(n, { status: from });
    const before = await eventCount(n);
    const res = await api.update(reporter.token, n, { status: to });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(await statusOf(n)).toBe(from);
    expect(await eventCount(n)).toBe(before);
  });

  it("reopening a ticket that is already OPEN changes nothing and records nothing", async () => {
    const { reporter, n } = await scene();
    const before = await eventCount(n);
    const res = await api.update(reporter.token, n, { status: "OPEN" });
    expect(res.status).toBeLessThan(500);
    expect(await statusOf(n)).toBe("OPEN");
    expect(await eventCount(n)).toBe(before);
  });

  it("an engineer who reported a ticket they don't hold follows the reporter's rules", async () => {
    const { admin, other } = await scene();
    const n = await raise(other);
    expect((await api.update(admin.token, n, { assignee: null })).status).toBe(200);
    // The ticket is in the pool: other reported it but doesn't hold it.
    expect((await api.update(other.token, n, { status: "IN_PROGRESS" })).status).toBe(403);
    expect((await api.update(other.token, n, { status: "CLOSED" })).status).toBe(200);
  });
});

describe("status: engineers who don't hold the ticket", () => {
  it("can't change the status of a pool ticket they can see (403)", async () => {
    const { admin, other, n } = await scene();
    await api.update(admin.token, n, { assignee: null });
    expect((await api.get(other.token, n)).status).toBe(200);
    const res = await api.update(other.token, n, { status: "CLOSED" });
    expect(res.status).toBe(403);
    expect(await statusOf(n)).toBe("OPEN");
  });

  it("get 404 for another engineer's ticket", async () => {
    const { other, n } = await scene();
    const res = await api.update(other.token, n, { status: "CLOSED" });
    expect(res.status).toBe(404);
    expect(await statusOf(n)).toBe("OPEN");
  });
});

describe("timestamps follow the status", () => {
  it("sets resolvedAt on RESOLVED, closedAt on CLOSED, and clears both on reopen", async () => {
    const { assignee, reporter, n } = await scene();
    const resolved = (await api.update(assignee.token, n, { status: "RESOLVED" })).json.ticket;
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.closedAt).toBeNull();
    const closed = (await api.update(reporter.token, n, { status: "CLOSED" })).json.ticket;
    expect(closed.closedAt).not.toBeNull();
    expect(closed.resolvedAt).toBe(resolved.resolvedAt);
    const reopened = (await api.update(reporter.token, n, { status: "OPEN" })).json.ticket;
    expect(reopened.resolvedAt).toBeNull();
    expect(reopened.closedAt).toBeNull();
    expect(await ticketRow(n)).toMatchObject({ resolved_at: null, closed_at: null });
  });

  it("closing straight from OPEN sets closedAt and resolvedAt", async () => {
    const { assignee, n } = await scene();
    const t = (await api.update(assignee.token, n, { status: "CLOSED" })).json.ticket;
    expect(t.closedAt).not.toBeNull();
    expect(t.resolvedAt).not.toBeNull();
  });

  it("moving a resolved ticket back to IN_PROGRESS clears resolvedAt", async () => {
    const { assignee, n } = await scene();
    await api.update(assignee.token, n, { status: "RESOLVED" });
    const t = (await api.update(assignee.token, n, { status: "IN_PROGRESS" })).json.ticket;
    expect(t.resolvedAt).toBeNull();
  });

  it("a status change moves the working count of the assignee", async () => {
    const { assignee, reporter, n } = await scene();
    expect(await workingCount(assignee)).toBe(1);
    await api.update(assignee.token, n, { status: "BLOCKED" });
    expect(await workingCount(assignee)).toBe(0);
    await api.update(assignee.token, n, { status: "IN_PROGRESS" });
    expect(await workingCount(assignee)).toBe(1);
    await api.update(reporter.token, n, { status: "CLOSED" });
    expect(await workingCount(assignee)).toBe(0);
    await api.update(reporter.token, n, { status: "OPEN" });
    expect(await workingCount(assignee)).toBe(1);
  });
});

describe("priority: admins only", () => {
  it("lets an admin set the priority", async () => {
    const { admin, n } = await scene();
    const res = await api.update(admin.token, n, { ticketPriority: 1 });
    expect(res.status).toBe(200);
    expect(res.json.ticket.ticketPriority).toBe(1);
  });

  it.each(["reporter", "assignee"] as const)("refuses the %s with 403", async (who) => {
    const s = await scene();
    const res = await api.update(s[who].token, s.n, { ticketPriority: 1 });
    expect(res.status).toBe(403);
    expect((await ticketRow(s.n))!.ticket_priority).toBe(4);
  });

  it.each([0, 5, "urgent"])("rejects priority %j with 400", async (value) => {
    const { admin, n } = await scene();
    expect((await api.update(admin.token, n, { ticketPriority: value })).status).toBe(400);
  });
});
