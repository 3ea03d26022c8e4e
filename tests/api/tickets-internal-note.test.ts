import { describe, expect, it } from "vitest";
import { api, numbersOf, person, raise, setTicket } from "../ticket-kit";

/** What a customer sees of their tickets: each one's updatedAt, and the list sorted by update. */
async function customerView(customer: { token: string }, numbers: number[]) {
  const list = await api.list(customer.token, "sort=updated");
  expect(list.status, list.text).toBe(200);
  const tickets = await Promise.all(numbers.map((n) => api.get(customer.token, n)));
  return {
    order: numbersOf(list.json),
    listed: list.json.data.map((t: { updatedAt: string }) => t.updatedAt),
    updatedAt: tickets.map((t) => t.json.updatedAt),
  };
}

describe("an internal note changes nothing a customer sees", () => {
  it("keeps the ticket's updatedAt and the customer's list order; a public reply still moves it", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const older = await raise(customer, "Printer jams", "Paper stuck");
    const newer = await raise(customer, "Wifi drops", "Every hour");
    // Known, distinct update times well in the past.
    await setTicket(older, { updated_at: Date.parse("2026-01-01T10:00:00Z") });
    await setTicket(newer, { updated_at: Date.parse("2026-01-02T10:00:00Z") });
    const before = await customerView(customer, [older, newer]);
    expect(before.order).toEqual([newer, older]);

    for (const staff of [engineer, admin]) {
      const note = await api.reply(staff.token, older, {
        body: "Internal: check the fuser",
        internal: true,
      });
      expect(note.status, note.text).toBe(201);
    }
    expect(await customerView(customer, [older, newer])).toEqual(before);
    // Staff still find the note, with its own time, in the conversation.
    const staffReplies = await api.replies(admin.token, older);
    expect(JSON.stringify(staffReplies.json)).toContain("Internal: check the fuser");

    const reply = await api.reply(engineer.token, older, { body: "We're on it" });
    expect(reply.status, reply.text).toBe(201);
    const after = await customerView(customer, [older, newer]);
    expect(after.order).toEqual([older, newer]);
    expect(after.updatedAt[0]).not.toBe(before.updatedAt[0]);
  });
});
