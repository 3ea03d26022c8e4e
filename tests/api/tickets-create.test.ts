import { describe, expect, it } from "vitest";
import { updateTicket } from "@/lib/tickets/update-ticket";
import {
  api,
  assignDirectly,
  assigneeOf,
  person,
  raise,
  setLastAssigned,
  ticketCount,
  workingCount,
} from "../ticket-kit";

const NO_ENGINEER = "No engineer is available right now; an admin has been notified";
const valid = { title: "Printer jams", description: "Error 254 on every print" };

describe("POST /tickets: who may create, and the answer", () => {
  it.each(["CUSTOMER", "ENGINEER", "ADMIN"] as const)(
    "lets an approved %s create a ticket: 201 {message, ticket} with the defaults",
    async (role) => {
      const me = await person(role);
      const res = await api.create(me.token, valid);
      expect(res.status).toBe(201);
      expect(typeof res.json.message).toBe("string");
      const t = res.json.ticket;
      expect(Number.isInteger(t.number)).toBe(true);
      expect(t.number).toBeGreaterThan(0);
      expect(typeof t.id).toBe("string");
      expect(t.id.length).toBeGreaterThan(8);
      expect(t).toMatchObject({
        title: valid.title,
        description: valid.description,
        reporter: me.userId,
        status: "OPEN",
        ticketPriority: 4,
        acceptedAt: null,
        resolvedAt: null,
        closedAt: null,
      });
      expect(await ticketCount()).toBe(1);
    },
  );

  it("numbers tickets sequentially and gives each a distinct public id", async () => {
    const me = await person("CUSTOMER");
    const a = (await api.create(me.token, valid)).json.ticket;
    const b = (await api.create(me.token, valid)).json.ticket;
    expect(b.number).toBe(a.number + 1);
    expect(b.id).not.toBe(a.id);
  });

  it("answers with the ticket as stored, and its timeline starts: created by the reporter, then assigned by the system", async () => {
    const engineer = await person("ENGINEER");
    const me = await person("CUSTOMER");
    const created = await api.create(me.token, valid);
    expect(created.status).toBe(201);
    const { number } = created.json.ticket;
    const stored = await api.get(me.token, number);
    expect(created.json.ticket).toEqual(stored.json);
    expect(created.json.ticket).toMatchObject({
      reporter: me.userId,
      reporterName: me.user.name,
      assignee: engineer.userId,
      assigneeName: engineer.user.name,
    });
    expect(created.json.message).toBe(
      `Ticket #${number} created and assigned to ${engineer.user.name}`,
    );
    const events = (await api.events(engineer.token, number)).json.data;
    expect(
      events.map((e: Record<string, unknown>) => [e.type, e.actor, e.oldValue, e.newValue]),
    ).toEqual([
      ["created", me.userId, null, null],
      ["assigned", null, null, engineer.userId],
    ]);
  });

  it("answers 401 without a token and creates nothing", async () => {
    const res = await api.create("", valid);
    expect(res.status).toBe(401);
    expect(await ticketCount()).toBe(0);
  });
});

describe("POST /tickets: validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an empty title", { ...valid, title: "" }, "title"],
    ["a blank title", { ...valid, title: "   " }, "title"],
    ["a 201-character title", { ...valid, title: "x".repeat(201) }, "title"],
    ["a missing title", { description: valid.description }, "title"],
    ["an empty description", { ...valid, description: "" }, "description"],
    [
      "a 10,001-character description",
      { ...valid, description: "y".repeat(10_001) },
      "description",
    ],
  ];
  it.each(cases)("rejects %s with 400 and details for the field", async (_, body, field) => {
    const me = await person("CUSTOMER");
    const res = await api.create(me.token, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(res.json.error.details[field]?.length).toBeGreaterThan(0);
    expect(await ticketCount()).toBe(0);
  });

  it("accepts the limits: a 200-character title and a 10,000-character description", async () => {
    const me = await person("CUSTOMER");
    const res = await api.create(me.token, {
      title: "x".repeat(200),
      description: "y".repeat(10_000),
    });
    expect(res.status).toBe(201);
    expect(res.json.ticket.title).toHaveLength(200);
    expect(res.json.ticket.description).toHaveLength(10_000);
  });

  it.each(["CUSTOMER", "ENGINEER"] as const)(
    "rejects ticketPriority from a %s with 400 and creates nothing",
    async (role) => {
      const me = await person(role);
      const res = await api.create(me.token, { ...valid, ticketPriority: 1 });
      expect(res.status).toBe(400);
      expect(res.json.error.details.ticketPriority?.length).toBeGreaterThan(0);
      expect(await ticketCount()).toBe(0);
    },
  );

  it("honours ticketPriority from an admin", async () => {
    const admin = await person("ADMIN");
    const res = await api.create(admin.token, { ...valid, ticketPriority: 1 });
    expect(res.status).toBe(201);
    expect(res.json.ticket.ticketPriority).toBe(1);
  });

  it.each([0, 5, 2.5, "high"])("rejects ticketPriority %j even from an admin", async (value) => {
    const admin = await person("ADMIN");
    const res = await api.create(admin.token, { ...valid, ticketPriority: value });
    expect(res.status).toBe(400);
    expect(res.json.error.details.ticketPriority?.length).toBeGreaterThan(0);
  });
});

describe("POST /tickets: least-loaded auto-assignment", () => {
  it("gives the new ticket to the engineer with the fewest working tickets", async () => {
    const customer = await person("CUSTOMER");
    const [e1, e2, e3] = [
      await person("ENGINEER"),
      await person("ENGINEER"),
      await person("ENGINEER"),
    ];
    for (const [engineer, n] of [
      [e1, 3],
      [e2, 1],
      [e3, 2],
    ] as const) {
      for (let i = 0; i < n; i++) await assignDirectly(await raise(customer), engineer);
    }
    // e2 was assigned most recently, so only the count can make it win.
    await setLastAssigned(e1, 1_000);
    await setLastAssigned(e3, 2_000);
    await setLastAssigned(e2, 3_000);
    const res = await api.create(customer.token, valid);
    expect(res.json.ticket.assignee).toBe(e2.userId);
    expect(res.json.message).toContain(`#${res.json.ticket.number}`);
    expect([await workingCount(e1), await workingCount(e2), await workingCount(e3)]).toEqual([
      3, 2, 2,
    ]);
  });

  it("breaks a tie in favour of the engineer assigned least recently", async () => {
    const customer = await person("CUSTOMER");
    const [e1, e2, e3] = [
      await person("ENGINEER"),
      await person("ENGINEER"),
      await person("ENGINEER"),
    ];
    await setLastAssigned(e1, 3_000);
    await setLastAssigned(e2, 1_000);
    await setLastAssigned(e3, 2_000);
    expect((await api.create(customer.token, valid)).json.ticket.assignee).toBe(e2.userId);
  });

  it("puts a never-assigned engineer ahead of everyone in a tie", async () => {
    const customer = await person("CUSTOMER");
    const [e1, e2, e3] = [
      await person("ENGINEER"),
      await person("ENGINEER"),
      await person("ENGINEER"),
    ];
    await setLastAssigned(e1, 1_000);
    await setLastAssigned(e2, null);
    await setLastAssigned(e3, 500);
    expect((await api.create(customer.token, valid)).json.ticket.assignee).toBe(e2.userId);
  });

  it("keeps the least-recently-assigned order when assignments land in the same millisecond", async () => {
    const customer = await person("CUSTOMER");
    const admin = await person("ADMIN");
    // Repeated because a clash of millisecond stamps only happens some of the time.
    for (let round = 0; round < 25; round++) {
      const late = await person("ENGINEER"); // lower id
      const early = await person("ENGINEER");
      await setLastAssigned(late, 2_000);
      await setLastAssigned(early, 1_000);
      const first = await raise(customer);
      const second = await raise(customer);
      const third = await raise(customer);
      expect([await assigneeOf(first), await assigneeOf(second)]).toEqual([
        early.userId,
        late.userId,
      ]);
      // Both hold one ticket now; `early` got theirs first, so the next one is theirs.
      expect(await assigneeOf(third)).toBe(early.userId);
      await api.updateUser(admin.token, late.userId, { userStatus: "REJECTED" });
      await api.updateUser(admin.token, early.userId, { userStatus: "REJECTED" });
    }
  });

  it("doesn't count RESOLVED, CLOSED or BLOCKED tickets as working", async () => {
    const customer = await person("CUSTOMER");
    const admin = await person("ADMIN");
    const busy = await person("ENGINEER");
    const idle = await person("ENGINEER");
    await assignDirectly(await raise(customer), busy);
    for (const status of ["RESOLVED", "CLOSED", "BLOCKED"] as const) {
      const n = await raise(customer);
      await assignDirectly(n, idle);
      await updateTicket(admin.actor, String(n), { status });
    }
    expect(await workingCount(idle)).toBe(0);
    expect(await workingCount(busy)).toBe(1);
    // `idle` was assigned most recently, so had any of those three counted, `busy` would win.
    await setLastAssigned(busy, 1_000);
    await setLastAssigned(idle, 2_000);
    expect((await api.create(customer.token, valid)).json.ticket.assignee).toBe(idle.userId);
  });

  it("never assigns to pending, rejected or deleted engineers, admins or customers", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    await person("ENGINEER", "PENDING");
    await person("ENGINEER", "REJECTED");
    const deleted = await person("ENGINEER");
    expect((await api.deleteUser(admin.token, deleted.userId)).status).toBe(200);
    const ok = await person("ENGINEER");
    for (let i = 0; i < 5; i++) {
      const res = await api.create(customer.token, valid);
      expect(res.json.ticket.assignee).toBe(ok.userId);
    }
  });

  it("creates the ticket unassigned, and says so, when no engineer is approved", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    await person("ENGINEER", "PENDING");
    await person("ENGINEER", "REJECTED");
    const deleted = await person("ENGINEER");
    await api.deleteUser(admin.token, deleted.userId);
    const res = await api.create(customer.token, valid);
    expect(res.status).toBe(201);
    expect(res.json.ticket.assignee).toBeNull();
    expect(res.json.ticket.status).toBe("OPEN");
    expect(res.json.message).toContain(NO_ENGINEER);
    expect(await ticketCount()).toBe(1);
  });

  it("leaves the no-engineer notice out when an engineer took the ticket", async () => {
    const customer = await person("CUSTOMER");
    await person("ENGINEER");
    const res = await api.create(customer.token, valid);
    expect(res.json.message).not.toContain(NO_ENGINEER);
  });
});

describe("approving an engineer assigns the unassigned backlog", () => {
  it("gives the whole backlog, oldest first, to the first engineer approved", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const backlog = [];
    for (let i = 0; i < 3; i++) backlog.push((await api.create(customer.token, valid)).json);
    expect(backlog.every((b) => b.ticket.assignee === null)).toBe(true);
    const engineer = await person("ENGINEER", "PENDING");
    const res = await api.updateUser(admin.token, engineer.userId, { userStatus: "APPROVED" });
    expect(res.status).toBe(200);
    for (const b of backlog) expect(await assigneeOf(b.ticket.number)).toBe(engineer.userId);
    expect(await workingCount(engineer)).toBe(3);
  });

  it("spreads the backlog over the newcomer and those already approved, by the same rule", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const a = await person("ENGINEER");
    const backlog = [await raise(customer), await raise(customer)];
    backlog.push(
      await raise(customer),
      await raise(customer),
      await raise(customer),
      await raise(customer),
    );
    // a keeps the first two; the other four go back to the pool.
    for (const n of backlog.slice(2)) {
      expect((await api.update(admin.token, n, { assignee: null })).status).toBe(200);
    }
    expect(await workingCount(a)).toBe(2);
    await setLastAssigned(a, 1_000);
    const c = await person("ENGINEER", "PENDING");
    await api.updateUser(admin.token, c.userId, { userStatus: "APPROVED" });
    // c: 0 → 1 → 2; then a tie at 2 goes to a (assigned least recently); then c (2 < 3).
    expect(await Promise.all(backlog.slice(2).map(assigneeOf))).toEqual([
      c.userId,
      c.userId,
      a.userId,
      c.userId,
    ]);
    expect([await workingCount(a), await workingCount(c)]).toEqual([3, 3]);
  });

  it("a rejected engineer's tickets wait in the pool; re-approval deals them round, oldest first", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const busy = await person("ENGINEER");
    await assignDirectly(await raise(customer), busy);
    await assignDirectly(await raise(customer), busy);
    await api.updateUser(admin.token, busy.userId, { userStatus: "REJECTED" });
    // busy's two went back to the pool (nobody else approved), and two more queue up.
    const third = await raise(customer);
    const fourth = await raise(customer);
    expect(await Promise.all([1, 2, third, fourth].map(assigneeOf))).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const fresh = await person("ENGINEER");
    const other = await person("ENGINEER");
    await setLastAssigned(fresh, 1_000);
    await setLastAssigned(other, 2_000);
    await setLastAssigned(busy, 3_000);
    await api.updateUser(admin.token, busy.userId, { userStatus: "APPROVED" });
    expect(await Promise.all([1, 2, third, fourth].map(assigneeOf))).toEqual([
      fresh.userId,
      other.userId,
      busy.userId,
      fresh.userId,
    ]);
    expect([
      await workingCount(fresh),
      await workingCount(other),
      await workingCount(busy),
    ]).toEqual([2, 1, 1]);
  });
});
