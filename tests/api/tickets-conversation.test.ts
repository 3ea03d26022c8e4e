import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { ticketEvents, ticketReplies } from "@/db/schema";
import {
  api,
  assignDirectly,
  assigneeOf,
  person,
  raise,
  setTicket,
  ticketRow,
} from "../ticket-kit";

async function scene() {
  const admin = await person("ADMIN");
  const customer = await person("CUSTOMER");
  const engineer = await person("ENGINEER");
  const n = await raise(customer);
  const other = await person("ENGINEER");
  return { admin, customer, engineer, other, n };
}

async function replyCount(n: number) {
  const [{ c }] = await getDb()
    .select({ c: count() })
    .from(ticketReplies)
    .where(eq(ticketReplies.ticketNumber, n));
  return c;
}

describe("who may reply, and when", () => {
  it("refuses a customer's reply before any staff reply, with 403 saying why", async () => {
    const { customer, n } = await scene();
    const res = await api.reply(customer.token, n, { body: "Any news?" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(res.json.error.message).toMatch(/once an engineer has (answered|replied)/i);
    expect(await replyCount(n)).toBe(0);
  });

  it("an internal note doesn't unlock the customer's replies", async () => {
    const { customer, engineer, n } = await scene();
    const note = await api.reply(engineer.token, n, { body: "Check toner", internal: true });
    expect(note.status).toBe(201);
    expect(note.json.reply.internal).toBe(true);
    expect((await api.reply(customer.token, n, { body: "Any news?" })).status).toBe(403);
  });

  it.each(["engineer", "admin"] as const)(
    "after a public reply by the %s, the customer may reply",
    async (who) => {
      const s = await scene();
      const staff = await api.reply(s[who].token, s.n, { body: "Looking into it" });
      expect(staff.status).toBe(201);
      expect(staff.json.reply).toMatchObject({ author: s[who].userId, internal: false });
      const res = await api.reply(s.customer.token, s.n, { body: "Thanks!" });
      expect(res.status).toBe(201);
      expect(res.json.reply).toMatchObject({ author: s.customer.userId, body: "Thanks!" });
      expect(await replyCount(s.n)).toBe(2);
    },
  );

  it("refuses internal: true from a customer with 403, even once replies are open", async () => {
    const { customer, engineer, n } = await scene();
    await api.reply(engineer.token, n, { body: "Hello" });
    const res = await api.reply(customer.token, n, { body: "Psst", internal: true });
    expect(res.status).toBe(403);
    expect(await replyCount(n)).toBe(1);
  });

  it("lets an engineer or admin reply at once, publicly or as a note", async () => {
    const { admin, engineer, n } = await scene();
    expect((await api.reply(engineer.token, n, { body: "Public" })).status).toBe(201);
    expect((await api.reply(admin.token, n, { body: "Note", internal: true })).status).toBe(201);
  });

  it("records a reply event for a public reply and a hidden note event for a note", async () => {
    const { engineer, n } = await scene();
    await api.reply(engineer.token, n, { body: "Note", internal: true });
    await api.reply(engineer.token, n, { body: "Public" });
    const events = await getDb()
      .select({ type: ticketEvents.type, internal: ticketEvents.internal })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketNumber, n))
      .orderBy(ticketEvents.id);
    expect(events.slice(-2)).toEqual([
      { type: "note", internal: true },
      { type: "reply", internal: false },
    ]);
  });

  it.each([
    ["an empty body", ""],
    ["a blank body", "   "],
    ["a 10,001-character body", "z".repeat(10_001)],
  ])("answers 400 to %s", async (_, body) => {
    const { engineer, n } = await scene();
    const res = await api.reply(engineer.token, n, { body });
    expect(res.status).toBe(400);
    expect(res.json.error.details.body?.length).toBeGreaterThan(0);
    expect(await replyCount(n)).toBe(0);
  });

  it("accepts replies of 1 and 10,000 characters", async () => {
    const { engineer, n } = await scene();
    expect((await api.reply(engineer.token, n, { body: "k" })).status).toBe(201);
    expect((await api.reply(engineer.token, n, { body: "z".repeat(10_000) })).status).toBe(201);
  });

  it("lists replies oldest first with author details", async () => {
    const { customer, engineer, n } = await scene();
    await api.reply(engineer.token, n, { body: "First" });
    await api.reply(customer.token, n, { body: "Second" });
    const res = await api.replies(customer.token, n);
    expect(res.json.data.map((r: { body: string; author: string }) => [r.author, r.body])).toEqual([
      [engineer.userId, "First"],
      [customer.userId, "Second"],
    ]);
  });
});

describe("POST /tickets/:id/accept", () => {
  it("lets an engineer take an unassigned pool ticket: assignee, IN_PROGRESS, acceptedAt", async () => {
    const { admin, other, n } = await scene();
    await api.update(admin.token, n, { assignee: null });
    const res = await api.accept(other.token, n);
    expect(res.status).toBe(200);
    expect(res.json.ticket).toMatchObject({ assignee: other.userId, status: "IN_PROGRESS" });
    expect(res.json.ticket.acceptedAt).not.toBeNull();
    expect(await assigneeOf(n)).toBe(other.userId);
  });

  it("lets the assigned engineer accept their own ticket", async () => {
    const { engineer, n } = await scene();
    expect(await assigneeOf(n)).toBe(engineer.userId);
    const res = await api.accept(engineer.token, n);
    expect(res.status).toBe(200);
    expect(res.json.ticket).toMatchObject({ assignee: engineer.userId, status: "IN_PROGRESS" });
    expect(res.json.ticket.acceptedAt).not.toBeNull();
  });

  it("lets the holder take a BLOCKED ticket back to IN_PROGRESS", async () => {
    const { engineer, n } = await scene();
    await setTicket(n, { status: "BLOCKED" });
    expect((await api.accept(engineer.token, n)).json.ticket.status).toBe("IN_PROGRESS");
  });

  it("answers 409 to an engineer taking a ticket another engineer holds", async () => {
    const { engineer, other, n } = await scene();
    // other reported it, so they can see it, but engineer holds it.
    const mine = await raise(other);
    await assignDirectly(mine, engineer);
    const res = await api.accept(other.token, mine);
    expect(res.status).toBe(409);
    expect(await ticketRow(mine)).toMatchObject({ assignee_id: engineer.id, status: "OPEN" });
    // And the ticket they can't see at all answers 404.
    expect((await api.accept(other.token, n)).status).toBe(404);
  });

  it.each(["customer", "admin"] as const)("answers 403 to the %s", async (who) => {
    const s = await scene();
    const res = await api.accept(s[who].token, s.n);
    expect(res.status).toBe(403);
    expect((await ticketRow(s.n))!.status).toBe("OPEN");
  });

  it.each(["CLOSED", "RESOLVED"])("answers 409 to accepting a %s ticket", async (status) => {
    const { engineer, n } = await scene();
    await setTicket(n, { status });
    const res = await api.accept(engineer.token, n);
    expect(res.status).toBe(409);
    expect((await ticketRow(n))!.status).toBe(status);
  });

  it("records assigned, accepted and status events when taking from the pool", async () => {
    const { admin, other, n } = await scene();
    await api.update(admin.token, n, { assignee: null });
    const before = (await api.events(admin.token, n)).json.data.length;
    await api.accept(other.token, n);
    const added = (await api.events(admin.token, n)).json.data.slice(before);
    expect(added.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ["assigned", other.userId],
      ["accepted", other.userId],
      ["status", other.userId],
    ]);
  });
});
