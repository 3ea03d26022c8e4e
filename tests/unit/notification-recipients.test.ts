import { asc, desc, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, writeTransaction } from "@/db/client";
import { notifications, users, type Notification } from "@/db/schema";
import { env } from "@/lib/env";
import { renderEmail } from "@/lib/notifications/render";
import { HIDDEN_TOKEN, restoreSecretLink } from "@/lib/notifications/secret-links";
import type { EmailOf } from "@/lib/notifications/templates";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { createTicket } from "@/lib/tickets/create-ticket";
import { addReply } from "@/lib/tickets/replies";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { deleteUser } from "@/lib/users/delete-user";
import { signUp } from "@/lib/users/sign-up";
import { updateUser } from "@/lib/users/update-user";
import { PASSWORD } from "../helpers";
import { assignDirectly, assigneeOf, person, raise, ticketCount, type Person } from "../ticket-kit";

/** Who is emailed about what (docs/notifications.md#who-is-emailed), checked on the outbox rows each change queues. */

type Data = Record<string, unknown> & { audience?: string; decision?: string; url?: string };

/** The id of the newest outbox row (0 when empty): rows after it are what a step queued. */
async function mark(): Promise<number> {
  const [row] = await getDb()
    .select({ id: notifications.id })
    .from(notifications)
    .orderBy(desc(notifications.id))
    .limit(1);
  return row?.id ?? 0;
}

async function rowsSince(id: number): Promise<Notification[]> {
  return getDb()
    .select()
    .from(notifications)
    .where(gt(notifications.id, id))
    .orderBy(asc(notifications.id));
}

const recipientsOf = (row: Notification) => JSON.parse(row.recipientEmails) as string[];
const dataOf = (row: Notification) => JSON.parse(row.data) as Data;

/** One row per recipient (docs/notifications.md#the-outbox: nobody sees who else was told): returns the single address. */
function soleRecipient(row: Notification): string {
  const to = recipientsOf(row);
  expect(to).toHaveLength(1);
  return to[0];
}

/** The addresses rows were queued to, sorted (duplicates kept, so a double email shows). */
const addresses = (rows: Notification[]) => rows.map(soleRecipient).sort();

const sorted = (...emails: string[]) => [...emails].sort();

const ofTemplate = (rows: Notification[], template: string) =>
  rows.filter((r) => r.template === template);

const to = (rows: Notification[], email: string) =>
  rows.filter((r) => recipientsOf(r).includes(email));

const render = (row: Notification) =>
  renderEmail({ template: row.template, data: JSON.parse(row.data) } as EmailOf, row.subject);

/** A customer's ticket, assigned to the only approved engineer, with two approved admins. */
async function scene() {
  const admin = await person("ADMIN");
  const admin2 = await person("ADMIN");
  const engineer = await person("ENGINEER");
  const customer = await person("CUSTOMER");
  const n = await raise(customer, "Printer jams", "It jams on every page");
  expect(await assigneeOf(n)).toBe(engineer.userId);
  return { admin, admin2, engineer, customer, n };
}

describe("ticket created", () => {
  it("emails the reporter a receipt and the assignee and approved admins the ticket, one row each", async () => {
    const admin = await person("ADMIN");
    const admin2 = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const before = await mark();
    const n = await raise(customer, "Screen flickers", "Since this morning");
    const rows = await rowsSince(before);

    expect(rows.every((r) => r.template === "ticket-created")).toBe(true);
    expect(rows.every((r) => r.ticketNumber === n)).toBe(true);
    expect(addresses(rows)).toEqual(
      sorted(customer.user.email, engineer.user.email, admin.user.email, admin2.user.email),
    );
    const receipt = to(rows, customer.user.email);
    expect(receipt.map((r) => dataOf(r).audience)).toEqual(["reporter"]);
    for (const staff of [engineer, admin, admin2]) {
      expect(to(rows, staff.user.email).map((r) => dataOf(r).audience)).toEqual(["staff"]);
    }
    expect(rows.every((r) => r.status === "PENDING")).toBe(true);
  });

  it("gives deleted, pending and rejected admins nothing", async () => {
    const admin = await person("ADMIN");
    const pending = await person("ADMIN", "PENDING");
    const rejected = await person("ADMIN", "REJECTED");
    const gone = await person("ADMIN");
    await deleteUser(admin.actor, gone.userId);
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const before = await mark();
    await raise(customer);
    const rows = await rowsSince(before);

    expect(addresses(rows)).toEqual(
      sorted(customer.user.email, engineer.user.email, admin.user.email),
    );
    const [{ email: deletedEmail }] = await getDb()
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, gone.id))
      .limit(1);
    for (const email of [pending.user.email, rejected.user.email, gone.user.email, deletedEmail]) {
      expect(to(rows, email)).toEqual([]);
    }
  });

  it("with no engineer approved: the ticket is unassigned and admins also get no-engineer", async () => {
    const admin = await person("ADMIN");
    const admin2 = await person("ADMIN");
    const waiting = await person("ENGINEER", "PENDING");
    const customer = await person("CUSTOMER");
    const before = await mark();
    const result = await createTicket(customer.actor, {
      title: "Nobody home",
      description: "Help",
    });
    const n = result.ticket.number;
    const rows = await rowsSince(before);

    expect(await assigneeOf(n)).toBeNull();
    expect(result.assigned).toBe(false);
    expect(result.message).toMatch(
      /No engineer is available right now; an admin has been notified/,
    );

    const created = ofTemplate(rows, "ticket-created");
    expect(addresses(created)).toEqual(
      sorted(customer.user.email, admin.user.email, admin2.user.email),
    );
    expect(dataOf(to(created, customer.user.email)[0]).audience).toBe("reporter");
    const noEngineer = ofTemplate(rows, "no-engineer");
    expect(addresses(noEngineer)).toEqual(sorted(admin.user.email, admin2.user.email));
    expect(noEngineer.every((r) => r.ticketNumber === n)).toBe(true);
    expect(to(rows, waiting.user.email)).toEqual([]);
    expect(rows).toHaveLength(created.length + noEngineer.length);
  });
});

describe("ticket updated", () => {
  it("a status change by an admin goes to the reporter and the assignee, not the admin", async () => {
    const { admin, admin2, engineer, customer, n } = await scene();
    const before = await mark();
    await updateTicket(admin.actor, String(n), { status: "BLOCKED" });
    const rows = await rowsSince(before);

    expect(rows.every((r) => r.template === "ticket-updated" && r.ticketNumber === n)).toBe(true);
    expect(addresses(rows)).toEqual(sorted(customer.user.email, engineer.user.email));
    expect(to(rows, admin.user.email)).toEqual([]);
    expect(to(rows, admin2.user.email)).toEqual([]);
    expect(dataOf(rows[0]).changes).toEqual([{ label: "Status", from: "Open", to: "Blocked" }]);
  });

  it("a status change by the assignee goes to the reporter only", async () => {
    const { engineer, customer, n } = await scene();
    const before = await mark();
    await updateTicket(engineer.actor, String(n), { status: "RESOLVED" });
    expect(addresses(await rowsSince(before))).toEqual([customer.user.email]);
  });

  it("the reporter closing their own ticket tells the assignee only", async () => {
    const { engineer, customer, n } = await scene();
    const before = await mark();
    await updateTicket(customer.actor, String(n), { status: "CLOSED" });
    const rows = await rowsSince(before);
    expect(addresses(rows)).toEqual([engineer.user.email]);
    expect(rows[0].template).toBe("ticket-updated");
  });

  it("a priority change by an admin goes to the reporter and the assignee", async () => {
    const { admin, engineer, customer, n } = await scene();
    const before = await mark();
    await updateTicket(admin.actor, String(n), { ticketPriority: 1 });
    const rows = await rowsSince(before);
    expect(addresses(rows)).toEqual(sorted(customer.user.email, engineer.user.email));
    expect(dataOf(rows[0]).changes).toEqual([{ label: "Priority", from: "Low", to: "Extreme" }]);
  });

  it("an edit by the reporter tells the assignee, not the reporter", async () => {
    const { engineer, customer, n } = await scene();
    const before = await mark();
    await updateTicket(customer.actor, String(n), { title: "Printer jams on page 2" });
    const rows = await rowsSince(before);
    expect(addresses(rows)).toEqual([engineer.user.email]);
    expect(rows[0].template).toBe("ticket-updated");
  });

  it("an update that changes nothing queues nothing", async () => {
    const { admin, n } = await scene();
    const before = await mark();
    await updateTicket(admin.actor, String(n), { status: "OPEN" });
    expect(await rowsSince(before)).toEqual([]);
  });

  it("a reassignment tells the new assignee and the reporter, not the admin who made it", async () => {
    const { admin, customer, n } = await scene();
    const other = await person("ENGINEER");
    const before = await mark();
    await updateTicket(admin.actor, String(n), { assignee: other.userId });
    const rows = await rowsSince(before);

    expect(await assigneeOf(n)).toBe(other.userId);
    const told = addresses(rows);
    expect(told).toContain(other.user.email);
    expect(told).toContain(customer.user.email);
    expect(told).not.toContain(admin.user.email);
    expect(told.filter((e) => e === other.user.email)).toHaveLength(1);
    const change = dataOf(to(rows, other.user.email)[0]).changes as { label: string; to: string }[];
    expect(change).toContainEqual(
      expect.objectContaining({ label: "Assigned to", to: other.user.name }),
    );
  });

  it("an engineer accepting a pool ticket tells the reporter, not the engineer", async () => {
    const { engineer, customer, n } = await scene();
    await assignDirectly(n, null);
    const before = await mark();
    await acceptTicket(engineer.actor, String(n));
    const rows = await rowsSince(before);
    expect(await assigneeOf(n)).toBe(engineer.userId);
    expect(addresses(rows)).toEqual([customer.user.email]);
    expect(rows[0].template).toBe("ticket-updated");
  });

  it("the assignee accepting their ticket tells the reporter of the move to In progress", async () => {
    const { engineer, customer, n } = await scene();
    const before = await mark();
    await acceptTicket(engineer.actor, String(n));
    const rows = await rowsSince(before);
    expect(addresses(rows)).toEqual([customer.user.email]);
    expect(dataOf(rows[0]).changes).toEqual([{ label: "Status", from: "Open", to: "In progress" }]);
  });
});

describe("replies and internal notes", () => {
  it("a public reply by the assignee goes to the reporter only", async () => {
    const { engineer, customer, n } = await scene();
    const before = await mark();
    await addReply(engineer.actor, String(n), { body: "On my way", internal: false });
    const rows = await rowsSince(before);
    expect(addresses(rows)).toEqual([customer.user.email]);
    expect(rows[0].template).toBe("ticket-replied");
    expect(dataOf(rows[0]).body).toBe("On my way");
  });

  it("a customer's reply goes to the assignee only", async () => {
    const { engineer, customer, n } = await scene();
    await addReply(engineer.actor, String(n), { body: "Which tray?", internal: false });
    const before = await mark();
    await addReply(customer.actor, String(n), { body: "Tray 2", internal: false });
    const rows = await rowsSince(before);
    expect(addresses(rows)).toEqual([engineer.user.email]);
    expect(rows[0].template).toBe("ticket-replied");
  });

  it("an admin's public reply goes to the reporter and the assignee, not the admin", async () => {
    const { admin, engineer, customer, n } = await scene();
    const before = await mark();
    await addReply(admin.actor, String(n), { body: "Escalated", internal: false });
    expect(addresses(await rowsSince(before))).toEqual(
      sorted(customer.user.email, engineer.user.email),
    );
  });

  it.each(["engineer", "admin"] as const)(
    "an internal note by the %s queues no email at all",
    async (who) => {
      const s = await scene();
      const before = await mark();
      await addReply(s[who].actor, String(s.n), { body: "Internal: check toner", internal: true });
      expect(await rowsSince(before)).toEqual([]);
    },
  );

  it("an internal note's body appears in none of the customer's emails, text or HTML", async () => {
    const { admin, engineer, customer, n } = await scene();
    const secret = `SECRET-NOTE-${Math.random().toString(36).slice(2)}`;
    const before = await mark();
    await addReply(engineer.actor, String(n), {
      body: `Customer is on the naughty list ${secret}`,
      internal: true,
    });
    await addReply(engineer.actor, String(n), { body: "We are on it", internal: false });
    await updateTicket(admin.actor, String(n), { ticketPriority: 2 });
    await updateTicket(engineer.actor, String(n), { status: "IN_PROGRESS" });
    const rows = await rowsSince(before);

    const customerRows = to(rows, customer.user.email);
    expect(customerRows.map((r) => r.template).sort()).toEqual([
      "ticket-replied",
      "ticket-updated",
      "ticket-updated",
    ]);
    for (const row of customerRows) {
      const email = await render(row);
      expect(email.text).toContain(`#${n}`);
      expect(email.text).not.toContain(secret);
      expect(email.html).not.toContain(secret);
      expect(email.subject).not.toContain(secret);
    }
    // Nothing of the note is stored for anyone's email either.
    for (const row of rows) expect(row.data + row.subject).not.toContain(secret);
  });
});

describe("accounts", () => {
  it("an engineer's sign-up emails every approved admin a registration request", async () => {
    const admin = await person("ADMIN");
    const admin2 = await person("ADMIN");
    const pending = await person("ADMIN", "PENDING");
    const customer = await person("CUSTOMER");
    const before = await mark();
    const email = "new.engineer@example.test";
    await signUp({
      userId: "new.engineer",
      name: "Nia Engineer",
      email,
      password: PASSWORD,
      userType: "ENGINEER",
      company: null,
      phone: null,
    });
    const rows = await rowsSince(before);
    const requests = ofTemplate(rows, "registration-request");
    expect(addresses(requests)).toEqual(sorted(admin.user.email, admin2.user.email));
    expect(dataOf(requests[0])).toMatchObject({ userId: "new.engineer", email });
    expect(to(rows, pending.user.email)).toEqual([]);
    expect(to(rows, customer.user.email)).toEqual([]);
  });

  it("a customer's sign-up emails no admin", async () => {
    const admin = await person("ADMIN");
    const before = await mark();
    await signUp({
      userId: "new.customer",
      name: "Nora Customer",
      email: "new.customer@example.test",
      password: PASSWORD,
      userType: "CUSTOMER",
      company: null,
      phone: null,
    });
    const rows = await rowsSince(before);
    expect(ofTemplate(rows, "registration-request")).toEqual([]);
    expect(to(rows, admin.user.email)).toEqual([]);
    expect(addresses(rows)).toEqual(["new.customer@example.test"]);
  });

  it.each(["APPROVED", "REJECTED"] as const)(
    "the engineer is emailed when an admin sets them %s",
    async (decision) => {
      const admin = await person("ADMIN");
      const engineer = await person("ENGINEER", "PENDING");
      const before = await mark();
      await updateUser(admin.actor, engineer.userId, { userStatus: decision });
      const rows = await rowsSince(before);
      const decisions = ofTemplate(rows, "account-decision");
      expect(addresses(decisions)).toEqual([engineer.user.email]);
      expect(dataOf(decisions[0])).toMatchObject({ decision, role: "ENGINEER" });
      expect(decisions[0].requester).toBe(admin.userId);
      expect(to(rows, admin.user.email)).toEqual([]);
    },
  );

  it("a customer's edit by an admin sends no account decision", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const before = await mark();
    await updateUser(admin.actor, customer.userId, { name: "Renamed Customer" });
    expect(await rowsSince(before)).toEqual([]);
  });

  it("an approved engineer takes the unassigned backlog and is emailed about each ticket", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER", "PENDING");
    const n1 = await raise(customer, "First in the pool");
    const n2 = await raise(customer, "Second in the pool");
    expect([await assigneeOf(n1), await assigneeOf(n2)]).toEqual([null, null]);

    const before = await mark();
    await updateUser(admin.actor, engineer.userId, { userStatus: "APPROVED" });
    const rows = await rowsSince(before);

    expect([await assigneeOf(n1), await assigneeOf(n2)]).toEqual([
      engineer.userId,
      engineer.userId,
    ]);
    const toEngineer = to(rows, engineer.user.email);
    expect(ofTemplate(toEngineer, "account-decision")).toHaveLength(1);
    const updates = ofTemplate(toEngineer, "ticket-updated");
    expect(updates.map((r) => r.ticketNumber).sort()).toEqual([n1, n2].sort());
    // The reporter hears the ticket found someone, too.
    expect(
      ofTemplate(to(rows, customer.user.email), "ticket-updated")
        .map((r) => r.ticketNumber)
        .sort(),
    ).toEqual([n1, n2].sort());
  });
});

describe("an engineer who leaves", () => {
  it("a rejected engineer's active tickets go to another engineer, who is emailed", async () => {
    const { admin, engineer, customer, n } = await scene();
    const other = await person("ENGINEER", "PENDING");
    await updateUser(admin.actor, other.userId, { userStatus: "APPROVED" });
    const before = await mark();
    await updateUser(admin.actor, engineer.userId, { userStatus: "REJECTED" });
    const rows = await rowsSince(before);

    expect(await assigneeOf(n)).toBe(other.userId);
    expect(
      ofTemplate(to(rows, other.user.email), "ticket-updated").map((r) => r.ticketNumber),
    ).toEqual([n]);
    expect(ofTemplate(to(rows, customer.user.email), "ticket-updated")).toHaveLength(1);
    expect(addresses(ofTemplate(rows, "account-decision"))).toEqual([engineer.user.email]);
    expect(dataOf(ofTemplate(rows, "account-decision")[0]).decision).toBe("REJECTED");
  });

  it("with nobody left to take them, admins are told the ticket found no engineer", async () => {
    const { admin, admin2, engineer, n } = await scene();
    const before = await mark();
    await updateUser(admin.actor, engineer.userId, { userStatus: "REJECTED" });
    const rows = await rowsSince(before);
    expect(await assigneeOf(n)).toBeNull();
    const noEngineer = ofTemplate(rows, "no-engineer");
    expect(addresses(noEngineer)).toEqual(sorted(admin.user.email, admin2.user.email));
    expect(noEngineer.every((r) => r.ticketNumber === n)).toBe(true);
  });
});

describe("verification emails", () => {
  it("sign-up queues a verify-email with a /verify-email?token= link to the new address", async () => {
    const before = await mark();
    await signUp({
      userId: "fresh.user",
      name: "Fresh User",
      email: "fresh.user@example.test",
      password: PASSWORD,
      userType: "CUSTOMER",
      company: null,
      phone: null,
    });
    const rows = await rowsSince(before);
    expect(rows.map((r) => r.template)).toEqual(["verify-email"]);
    expect(soleRecipient(rows[0])).toBe("fresh.user@example.test");
    // Stored redacted; the real link is sealed for the worker (lib/notifications/secret-links.ts).
    const shown = String(dataOf(rows[0]).url);
    expect(shown).toBe(`${env().APP_URL}/verify-email?token=${HIDDEN_TOKEN}`);
    const link = restoreSecretLink({ template: "verify-email", data: dataOf(rows[0]) } as never);
    expect(link?.real.startsWith(`${env().APP_URL}/verify-email?token=`)).toBe(true);
    expect(link!.real.split("token=")[1].length).toBeGreaterThanOrEqual(20);
    const email = await render(rows[0]);
    expect(email.text).toContain(shown);
    expect(email.html).toContain(`href="${shown}"`);
  });

  it("changing the email through updateUser sends a new link to the new address only", async () => {
    const customer = await person("CUSTOMER");
    const before = await mark();
    await updateUser(customer.actor, customer.userId, { email: "moved.elsewhere@example.test" });
    const rows = await rowsSince(before);
    expect(rows.map((r) => r.template)).toEqual(["verify-email"]);
    expect(soleRecipient(rows[0])).toBe("moved.elsewhere@example.test");
    expect(String(dataOf(rows[0]).url)).toContain("/verify-email?token=");
    expect(to(rows, customer.user.email)).toEqual([]);
  });

  it("an edit that keeps the email sends no verification", async () => {
    const customer = await person("CUSTOMER");
    const before = await mark();
    await updateUser(customer.actor, customer.userId, {
      email: customer.user.email,
      name: "Same Address",
    });
    expect(await rowsSince(before)).toEqual([]);
  });
});

describe("every queued row rolls back with its change", () => {
  it("updateTicket with assignee and status together throws 400 and leaves no new row", async () => {
    const { admin, n } = await scene();
    const other = await person("ENGINEER");
    const before = await mark();
    await expect(
      updateTicket(admin.actor, String(n), { assignee: other.userId, status: "RESOLVED" }),
    ).rejects.toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(await rowsSince(before)).toEqual([]);
    expect(await assigneeOf(n)).not.toBe(other.userId);
  });

  it("a ticket creation rolled back by its enclosing transaction leaves no email", async () => {
    await person("ADMIN");
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const tickets0 = await ticketCount();
    const before = await mark();
    await expect(
      writeTransaction(
        async () => {
          await createTicket(customer.actor, { title: "Doomed", description: "Rolled back" });
          expect((await rowsSince(before)).length).toBeGreaterThan(0);
          throw new Error("abort");
        },
        { assigns: true },
      ),
    ).rejects.toThrow("abort");
    expect(await ticketCount()).toBe(tickets0);
    expect(await rowsSince(before)).toEqual([]);
  });

  it("an approval rolled back takes its decision and backlog emails with it", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER", "PENDING");
    const n = await raise(customer);
    const before = await mark();
    await expect(
      writeTransaction(
        async () => {
          await updateUser(admin.actor, engineer.userId, { userStatus: "APPROVED" });
          throw new Error("abort");
        },
        { assigns: true },
      ),
    ).rejects.toThrow("abort");
    expect(await rowsSince(before)).toEqual([]);
    expect(await assigneeOf(n)).toBeNull();
    const [{ s: status }] = await getDb()
      .select({ s: users.userStatus })
      .from(users)
      .where(eq(users.id, engineer.id))
      .limit(1);
    expect(status).toBe("PENDING");
  });
});

describe("templates render real HTML and plain text", () => {
  async function hostileTicket(): Promise<{ customer: Person; admin: Person; n: number }> {
    const admin = await person("ADMIN");
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const n = await raise(
      customer,
      `<script>alert("title")</script> Broken`,
      `<img src=x onerror=alert(1)> in the description`,
    );
    return { customer, admin, n };
  }

  it("ticket-created: subject, ticket number and link in both parts; user HTML escaped", async () => {
    const before = await mark();
    const { admin, n } = await hostileTicket();
    const row = ofTemplate(to(await rowsSince(before), admin.user.email), "ticket-created")[0];
    const email = await render(row);
    const url = `${env().APP_URL}/tickets/${n}`;

    expect(email.subject).toBe(`[#${n}] <script>alert("title")</script> Broken`);
    expect(email.subject).toBe(row.subject);
    expect(email.html).toMatch(/^<!DOCTYPE html/i);
    expect(email.html).toContain("<html");
    expect(email.html).toContain(`href="${url}"`);
    expect(email.html).toContain(`#${n}`);
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.html).toContain("&lt;img src=x");

    expect(email.text).not.toMatch(/<(html|body|table|p|div)\b/i);
    expect(email.text).toContain(`#${n}`);
    expect(email.text).toContain(url);
    expect(email.text).toContain("in the description");
  });

  it("ticket-replied: the reply body is escaped in HTML and kept in the text", async () => {
    const { admin, customer, n } = await hostileTicket();
    const before = await mark();
    await addReply(admin.actor, String(n), {
      body: `Try <b onclick="x()">this</b>\nsecond line`,
      internal: false,
    });
    const row = to(await rowsSince(before), customer.user.email)[0];
    const email = await render(row);
    expect(email.subject).toContain(`[#${n}] `);
    expect(email.html).not.toContain(`<b onclick`);
    expect(email.html).toContain("&lt;b onclick");
    expect(email.text).toContain("second line");
    expect(email.text).toContain(`${env().APP_URL}/tickets/${n}`);
  });

  it("ticket-updated names the change and links the ticket", async () => {
    const { admin, customer, n } = await hostileTicket();
    const before = await mark();
    await updateTicket(admin.actor, String(n), { status: "RESOLVED" });
    const row = to(await rowsSince(before), customer.user.email)[0];
    const email = await render(row);
    expect(email.subject).toMatch(new RegExp(`^\\[#${n}\\] `));
    expect(email.text).toContain("was updated");
    expect(email.text).toMatch(/Status: Open → Resolved/);
    expect(email.html).toContain(`href="${env().APP_URL}/tickets/${n}"`);
    expect(email.html).not.toContain("<script>");
  });

  it("custom content without HTML has its text escaped into the HTML part", async () => {
    const email = await renderEmail(
      { template: "custom", data: { text: `Hi <script>alert(1)</script> & bye` } },
      "Maintenance tonight",
    );
    expect(email.subject).toBe("Maintenance tonight");
    expect(email.text).toBe(`Hi <script>alert(1)</script> & bye`);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&#60;script&#62;alert(1)&#60;/script&#62; &#38; bye");
  });

  it("password-reset and account-decision render their links", async () => {
    const reset = await renderEmail({
      template: "password-reset",
      data: {
        name: "Ann <b>",
        url: "http://localhost:3000/reset-password?token=abc",
        expiresInMinutes: 60,
      },
    });
    expect(reset.subject).toMatch(/reset/i);
    expect(reset.text).toContain("http://localhost:3000/reset-password?token=abc");
    expect(reset.text).toContain("60 minutes");
    expect(reset.html).toContain('href="http://localhost:3000/reset-password?token=abc"');
    expect(reset.html).not.toContain("Ann <b>");

    const decision = await renderEmail({
      template: "account-decision",
      data: {
        name: "Eve",
        decision: "APPROVED",
        role: "ENGINEER",
        signinUrl: "http://localhost:3000/signin",
      },
    });
    expect(decision.subject).toMatch(/approved/i);
    expect(decision.html).toContain('href="http://localhost:3000/signin"');
  });
});
