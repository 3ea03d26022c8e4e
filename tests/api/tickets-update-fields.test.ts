import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { ticketEvents } from "@/db/schema";
import { api, assigneeOf, person, raise, ticketRow, workingCount } from "../ticket-kit";

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

/** A ticket's events, oldest first, under their column names. */
const eventRows = (n: number) =>
  getDb()
    .select({
      type: ticketEvents.type,
      field: ticketEvents.field,
      old_value: ticketEvents.oldValue,
      new_value: ticketEvents.newValue,
      actor_id: ticketEvents.actorId,
    })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketNumber, n))
    .orderBy(ticketEvents.id);

describe("reassignment: admins only, to an approved engineer", () => {
  it("lets an admin hand a ticket to another approved engineer; counts follow", async () => {
    const { admin, assignee, other, n } = await scene();
    const res = await api.update(admin.token, n, { assignee: other.userId });
    expect(res.status).toBe(200);
    expect(res.json.ticket.assignee).toBe(other.userId);
    expect([await workingCount(assignee), await workingCount(other)]).toEqual([0, 1]);
  });

  it("returns the ticket to the pool with assignee: null", async () => {
    const { admin, assignee, n } = await scene();
    const res = await api.update(admin.token, n, { assignee: null });
    expect(res.status).toBe(200);
    expect(res.json.ticket.assignee).toBeNull();
    expect(await assigneeOf(n)).toBeNull();
    expect(await workingCount(assignee)).toBe(0);
  });

  it.each(["reporter", "assignee", "other"] as const)(
    "refuses a reassignment by the %s with 403",
    async (who) => {
      const s = await scene();
      await api.update(s.admin.token, s.n, { assignee: null });
      const res = await api.update(s[who].token, s.n, { assignee: s.other.userId });
      expect(res.status).toBe(403);
      expect(await assigneeOf(s.n)).toBeNull();
    },
  );

  const targets = [
    ["a customer", () => person("CUSTOMER")],
    ["an admin", () => person("ADMIN")],
    ["a pending engineer", () => person("ENGINEER", "PENDING")],
    ["a rejected engineer", () => person("ENGINEER", "REJECTED")],
  ] as const;
  it.each(targets)("refuses %s as assignee with 400", async (_, make) => {
    const { admin, assignee, n } = await scene();
    const target = await make();
    const res = await api.update(admin.token, n, { assignee: target.userId });
    expect(res.status).toBe(400);
    expect(res.json.error.details.assignee?.length).toBeGreaterThan(0);
    expect(await assigneeOf(n)).toBe(assignee.userId);
  });

  it("refuses an unknown userId and a deleted engineer with 400", async () => {
    const { admin, assignee, other, n } = await scene();
    expect((await api.update(admin.token, n, { assignee: "nobody-here" })).status).toBe(400);
    await api.deleteUser(admin.token, other.userId);
    expect((await api.update(admin.token, n, { assignee: other.userId })).status).toBe(400);
    expect(await assigneeOf(n)).toBe(assignee.userId);
  });
});

describe("never the assignee and the status in one request", () => {
  it.each([
    ["another engineer", "other"],
    ["the pool", null],
  ] as const)(
    "answers 400 to an admin moving the ticket to %s and closing it at once; nothing changes",
    async (_, target) => {
      const s = await scene();
      const before = { ...(await ticketRow(s.n)) };
      const events = (await eventRows(s.n)).length;
      const res = await api.update(s.admin.token, s.n, {
        assignee: target ? s[target].userId : null,
        status: "CLOSED",
      });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(/separate|one, then the other/i);
      expect(await ticketRow(s.n)).toEqual(before);
      expect(await eventRows(s.n)).toHaveLength(events);
    },
  );
});

describe("history: every change is an event with actor, field, old and new value", () => {
  it("records a status change", async () => {
    const { assignee, n } = await scene();
    await api.update(assignee.token, n, { status: "RESOLVED" });
    expect((await eventRows(n)).at(-1)).toMatchObject({
      type: "status",
      field: "status",
      old_value: "OPEN",
      new_value: "RESOLVED",
      actor_id: assignee.id,
    });
  });

  it("records a priority change, a reassignment and text edits, one event each", async () => {
    const { admin, assignee, other, n } = await scene();
    const before = (await eventRows(n)).length;
    await api.update(admin.token, n, {
      ticketPriority: 2,
      title: "Printer jams badly",
      description: "Now on every page",
    });
    await api.update(admin.token, n, { assignee: other.userId });
    const added = (await eventRows(n)).slice(before);
    expect(added).toHaveLength(4);
    expect(added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "priority",
          field: "ticketPriority",
          old_value: "4",
          new_value: "2",
          actor_id: admin.id,
        }),
        expect.objectContaining({
          type: "edit",
          field: "title",
          old_value: "Printer jams",
          new_value: "Printer jams badly",
        }),
        expect.objectContaining({ type: "edit", field: "description" }),
        expect.objectContaining({
          type: "assigned",
          field: "assignee",
          old_value: assignee.userId,
          new_value: other.userId,
          actor_id: admin.id,
        }),
      ]),
    );
  });

  it("shows the events with the actor's userId through GET /events", async () => {
    const { assignee, n } = await scene();
    await api.update(assignee.token, n, { status: "BLOCKED" });
    const res = await api.events(assignee.token, n);
    expect(res.json.data.at(-1)).toMatchObject({
      type: "status",
      actor: assignee.userId,
      field: "status",
      oldValue: "OPEN",
      newValue: "BLOCKED",
    });
    expect(typeof res.json.data.at(-1).createdAt).toBe("string");
  });

  it("records nothing when a request changes nothing", async () => {
    const { assignee, n } = await scene();
    const before = (await eventRows(n)).length;
    const res = await api.update(assignee.token, n, { status: "OPEN", title: "Printer jams" });
    expect(res.status).toBe(200);
    expect(await eventRows(n)).toHaveLength(before);
  });
});

describe("methods, addressing and input", () => {
  it.each(["PUT", "PATCH"] as const)("%s updates a ticket", async (method) => {
    const { assignee, n } = await scene();
    const res = await api.update(assignee.token, n, { status: "IN_PROGRESS" }, method);
    expect(res.status).toBe(200);
    expect((await ticketRow(n))!.status).toBe("IN_PROGRESS");
  });

  it("addresses a ticket by its public id as well as by its number", async () => {
    const { assignee, n } = await scene();
    const id = (await ticketRow(n))!.id as string;
    const got = await api.get(assignee.token, id);
    expect(got.status).toBe(200);
    expect(got.json.number).toBe(n);
    expect((await api.get(assignee.token, n)).json.id).toBe(id);
    expect((await api.update(assignee.token, id, { status: "BLOCKED" })).status).toBe(200);
    expect((await ticketRow(n))!.status).toBe("BLOCKED");
  });

  it("answers 404 for an unknown public id or number", async () => {
    const { admin } = await scene();
    expect((await api.get(admin.token, "tdoesnotexist")).status).toBe(404);
    expect((await api.get(admin.token, 999)).status).toBe(404);
    expect((await api.update(admin.token, 999, { status: "CLOSED" })).status).toBe(404);
  });

  it.each([
    ["an unknown field", { status: "CLOSED", reporter: "someone" }],
    ["only an unknown field", { color: "red" }],
    ["an empty body", {}],
    ["a bad status", { status: "DONE" }],
    ["a 201-character title", { title: "x".repeat(201) }],
    ["an empty description", { description: "" }],
  ])("answers 400 to %s and changes nothing", async (_, body) => {
    const { admin, n } = await scene();
    const before = { ...(await ticketRow(n)) };
    const res = await api.update(admin.token, n, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(await ticketRow(n)).toEqual(before);
  });

  it("lets the reporter and the assignee edit title and description", async () => {
    const { reporter, assignee, n } = await scene();
    expect((await api.update(reporter.token, n, { title: "New title" })).status).toBe(200);
    expect((await api.update(assignee.token, n, { description: "More detail" })).status).toBe(200);
    expect(await ticketRow(n)).toMatchObject({ title: "New title", description: "More detail" });
  });

  it("refuses a text edit by an engineer who only sees the ticket in the pool (403)", async () => {
    const { admin, other, n } = await scene();
    await api.update(admin.token, n, { assignee: null });
    expect((await api.update(other.token, n, { title: "Hijacked" })).status).toBe(403);
    expect((await ticketRow(n))!.title).toBe("Printer jams");
  });

  it("answers 401 without a token", async () => {
    const { n } = await scene();
    expect((await api.update("", n, { status: "CLOSED" })).status).toBe(401);
  });
});

describe("reopening a ticket whose engineer can no longer work it", () => {
  it("gives a reopened ticket of a rejected engineer to the least-loaded approved engineer", async () => {
    const { admin, reporter, assignee, other, n } = await scene();
    await api.update(assignee.token, n, { status: "RESOLVED" });
    await api.updateUser(admin.token, assignee.userId, { userStatus: "REJECTED" });
    expect(await assigneeOf(n)).toBe(assignee.userId); // a resolved ticket keeps its history
    const res = await api.update(reporter.token, n, { status: "OPEN" });
    expect(res.status).toBe(200);
    expect(res.json.ticket.assignee).toBe(other.userId);
    expect([await workingCount(assignee), await workingCount(other)]).toEqual([0, 1]);
  });

  it("returns it to the pool when nobody is approved, and the next approval picks it up", async () => {
    const { admin, reporter, assignee, other, n } = await scene();
    await api.update(admin.token, n, { status: "CLOSED" });
    await api.deleteUser(admin.token, other.userId);
    await api.deleteUser(admin.token, assignee.userId);
    expect((await api.update(reporter.token, n, { status: "OPEN" })).json.ticket.assignee).toBe(
      null,
    );
    const fresh = await person("ENGINEER", "PENDING");
    await api.updateUser(admin.token, fresh.userId, { userStatus: "APPROVED" });
    expect(await assigneeOf(n)).toBe(fresh.userId);
  });
});
