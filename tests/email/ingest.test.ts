import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, writeTransaction } from "@/db/client";
import {
  attachments,
  inboundMessages,
  notifications,
  ticketReplies,
  tickets,
  users,
} from "@/db/schema";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { outboundMessageId, replyAddress, ticketThreadId } from "@/lib/email/addresses";
import { ingestEmail } from "@/lib/email/ingest";
import { threadHeadersFor } from "@/lib/email/threading";
import { getCustomer } from "@/lib/crm/customers";
import { addReply } from "@/lib/tickets/replies";
import { updateUser } from "@/lib/users/update-user";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { bounceFor, compose, newMessageId, PNG, setEnv, SUPPORT } from "../mail-kit";
import { person, raise, type Person } from "../ticket-kit";

/**
 * The one ingestion every way in uses (lib/email/ingest.ts; docs/email.md), on both engines:
 * new mail → ticket, replies threaded by headers, reply address and [#N] (never by subject text
 * alone), loops and noise ignored, duplicates deduplicated, bad messages quarantined.
 */

const SMTP = { channel: "smtp" } as const;

beforeAll(() => setEnv({ SUPPORT_EMAIL: SUPPORT }));
afterAll(() =>
  setEnv({
    SUPPORT_EMAIL: undefined,
    INBOUND_UNKNOWN_SENDERS: undefined,
    INBOUND_MAX_PER_SENDER_PER_HOUR: undefined,
    INBOUND_MAX_ATTACHMENTS: undefined,
    INBOUND_MAX_BYTES: undefined,
  }),
);

async function inbound(id: number) {
  const [row] = await getDb().select().from(inboundMessages).where(eq(inboundMessages.id, id));
  return row;
}

async function repliesOf(n: number) {
  return getDb()
    .select()
    .from(ticketReplies)
    .where(eq(ticketReplies.ticketNumber, n))
    .orderBy(asc(ticketReplies.id));
}

async function outboxTo(address: string) {
  const rows = await getDb().select().from(notifications).orderBy(asc(notifications.id));
  return rows.filter((r) => (JSON.parse(r.recipientEmails) as string[]).includes(address));
}

async function ticketRow(n: number) {
  const [t] = await getDb().select().from(tickets).where(eq(tickets.number, n));
  return t;
}

async function ticketCount() {
  return (await getDb().select({ n: tickets.number }).from(tickets)).length;
}

/** A customer's ticket raised by email, with the engineer it went to. */
async function emailedTicket(customer: Person, subject = "Printer on fire") {
  const messageId = newMessageId();
  const outcome = await ingestEmail(
    await compose({
      from: `"${customer.user.name}" <${customer.user.email}>`,
      subject,
      messageId,
      text: "It smokes when I print.\n\nRegards,\nAnn",
    }),
    SMTP,
  );
  expect(outcome.status).toBe("CREATED");
  return { n: outcome.ticketNumber!, messageId };
}

describe("a new email makes a ticket", () => {
  it("from a customer: subject → title, text → description, assigned, a receipt sent", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n } = await emailedTicket(customer, "Fwd: Printer on fire");
    const t = await ticketRow(n);
    expect(t.title).toBe("Printer on fire");
    expect(t.description).toContain("It smokes when I print.");
    expect(t.reporterId).toBe(customer.id);
    expect(t.assigneeId).toBe(engineer.id);
    const receipt = (await outboxTo(customer.user.email)).find((r) => r.ticketNumber === n);
    expect(receipt?.template).toBe("ticket-created");
    expect(receipt?.subject).toBe(`[#${n}] Printer on fire`);
  });

  it("keeps images and text files, leaves out what the portal refuses and says so", async () => {
    const customer = await person("CUSTOMER");
    const outcome = await ingestEmail(
      await compose({
        from: customer.user.email,
        subject: "Screenshots",
        text: "See attached",
        attachments: [
          { filename: "screen.png", content: PNG, contentType: "image/png" },
          { filename: "log.txt", content: "line 1\nline 2\n" },
          { filename: "tool.exe", content: Buffer.from([0x4d, 0x5a, 0, 1, 2, 3, 0xff, 0xfe]) },
          { filename: "logo.png", content: PNG, cid: "logo@x", contentDisposition: "inline" },
        ],
      }),
      SMTP,
    );
    expect(outcome.status).toBe("CREATED");
    const files = await getDb()
      .select()
      .from(attachments)
      .where(eq(attachments.ticketNumber, outcome.ticketNumber!));
    expect(files.map((f) => f.filename).sort()).toEqual(["log.txt", "logo.png", "screen.png"]);
    const t = await ticketRow(outcome.ticketNumber!);
    expect(t.description).toMatch(/Not kept from the email[\s\S]*tool\.exe/);
  });

  it("from an unknown address: a new customer, approved, unverified and invited (the default)", async () => {
    await person("ENGINEER");
    const outcome = await ingestEmail(
      await compose({ from: '"Zoe New" <zoe@newcomer.example.test>', subject: "Hello there" }),
      SMTP,
    );
    expect(outcome.status).toBe("CREATED");
    const [zoe] = await getDb()
      .select()
      .from(users)
      .where(eq(users.email, "zoe@newcomer.example.test"));
    expect(zoe).toMatchObject({
      name: "Zoe New",
      userType: "CUSTOMER",
      userStatus: "APPROVED",
      emailVerifiedAt: null,
      passwordHash: NO_PASSWORD_YET,
    });
    expect((await ticketRow(outcome.ticketNumber!)).reporterId).toBe(zoe.id);
    const templates = (await outboxTo(zoe.email)).map((r) => r.template);
    expect(templates).toContain("invitation");
    expect(templates).toContain("ticket-created");
  });

  it("from an unknown address when unknown senders are refused: a polite refusal, no account", async () => {
    setEnv({ INBOUND_UNKNOWN_SENDERS: "refuse" });
    try {
      const before = await ticketCount();
      const outcome = await ingestEmail(
        await compose({ from: "stranger@else.example.test", subject: "Let me in" }),
        SMTP,
      );
      expect(outcome.status).toBe("REFUSED");
      expect(outcome.reason).toMatch(/no account/);
      expect(await ticketCount()).toBe(before);
      expect(
        await getDb().select().from(users).where(eq(users.email, "stranger@else.example.test")),
      ).toEqual([]);
      const [refusal] = await outboxTo("stranger@else.example.test");
      expect(refusal.template).toBe("email-refused");
    } finally {
      setEnv({ INBOUND_UNKNOWN_SENDERS: undefined });
    }
  });

  it("from a deactivated customer: refused, nothing created", async () => {
    const customer = await person("CUSTOMER");
    await writeTransaction(
      async () =>
        await getDb()
          .update(users)
          .set({ deactivatedAt: new Date() })
          .where(eq(users.id, customer.id)),
    );
    const before = await ticketCount();
    const outcome = await ingestEmail(
      await compose({ from: customer.user.email, subject: "Hi" }),
      SMTP,
    );
    expect(outcome.status).toBe("REFUSED");
    expect(outcome.reason).toMatch(/deactivated/);
    expect(await ticketCount()).toBe(before);
  });
});

describe("replies thread into their ticket", () => {
  it("by In-Reply-To naming one of Caseline's emails; before a staff reply it is kept as an addition", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n } = await emailedTicket(customer);
    const receipt = (await outboxTo(customer.user.email)).find((r) => r.ticketNumber === n)!;
    const outcome = await ingestEmail(
      await compose({
        from: customer.user.email,
        subject: "Re: whatever the client made of it",
        inReplyTo: `<${outboundMessageId(receipt.requestId)}>`,
        text: "Also, it beeps.\n\nOn Mon, Support wrote:\n> We received your ticket\n> #1",
      }),
      SMTP,
    );
    expect(outcome).toMatchObject({ status: "THREADED", ticketNumber: n });
    expect(outcome.reason).toMatch(/In-Reply-To/);
    const [reply] = await repliesOf(n);
    expect(reply).toMatchObject({
      authorId: customer.id,
      source: "email",
      addition: true,
      internal: false,
    });
    expect(reply.body).toBe("Also, it beeps.");
  });

  it("by References holding the customer's own first message", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n, messageId } = await emailedTicket(customer);
    const outcome = await ingestEmail(
      await compose({ from: customer.user.email, subject: "more", references: [messageId] }),
      SMTP,
    );
    expect(outcome).toMatchObject({ status: "THREADED", ticketNumber: n });
  });

  it("by the ticket's signed reply address; a forged signature threads nothing", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n } = await emailedTicket(customer);
    const address = replyAddress(n)!;
    expect(address).toMatch(new RegExp(`^support\\+t${n}-[0-9a-f]{12}@help\\.example\\.test$`));
    const threaded = await ingestEmail(
      await compose({ from: customer.user.email, to: address, subject: "no headers" }),
      SMTP,
    );
    expect(threaded).toMatchObject({ status: "THREADED", ticketNumber: n });
    expect(threaded.reason).toMatch(/reply address/);

    const forged = address.replace(/-[0-9a-f]{12}@/, "-000000000000@");
    const other = await ingestEmail(
      await compose({ from: customer.user.email, to: forged, subject: "forged" }),
      SMTP,
    );
    expect(other.status).toBe("CREATED");
    expect(other.ticketNumber).not.toBe(n);
  });

  it("by [#N] in the subject only for a sender who may see #N; subject text alone never threads", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const stranger = await person("CUSTOMER");
    const { n } = await emailedTicket(customer, "Printer on fire");
    const byTag = await ingestEmail(
      await compose({ from: customer.user.email, subject: `Re: [#${n}] Printer on fire` }),
      SMTP,
    );
    expect(byTag).toMatchObject({ status: "THREADED", ticketNumber: n });

    const notTheirs = await ingestEmail(
      await compose({ from: stranger.user.email, subject: `Re: [#${n}] Printer on fire` }),
      SMTP,
    );
    expect(notTheirs.status).toBe("CREATED");
    expect(notTheirs.ticketNumber).not.toBe(n);
    expect((await repliesOf(n)).map((r) => r.authorId)).toEqual([customer.id]);

    const sameSubject = await ingestEmail(
      await compose({ from: customer.user.email, subject: "Re: Printer on fire" }),
      SMTP,
    );
    expect(sameSubject.status).toBe("CREATED");
    expect(sameSubject.ticketNumber).not.toBe(n);
  });

  it("a staff member's email reply is a staff reply and lets the customer reply in the portal", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n } = await emailedTicket(customer);
    expect((await ticketRow(n)).assigneeId).toBe(engineer.id);
    const outcome = await ingestEmail(
      await compose({
        from: engineer.user.email,
        to: replyAddress(n)!,
        subject: "Re: it",
        text: "Unplug it.",
      }),
      SMTP,
    );
    expect(outcome.status).toBe("THREADED");
    const [reply] = await repliesOf(n);
    expect(reply).toMatchObject({ authorId: engineer.id, addition: false, internal: false });
    expect((await ticketRow(n)).firstStaffReplyAt).not.toBeNull();
    // The portal rule now lets the customer answer.
    await expect(
      addReply(customer.actor, String(n), { body: "Done", internal: false }),
    ).resolves.toBeTruthy();
  });

  it("a reply to a resolved or closed ticket reopens it", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    for (const status of ["RESOLVED", "CLOSED"] as const) {
      const { n } = await emailedTicket(customer);
      await addReply(engineer.actor, String(n), { body: "Fixed", internal: false });
      await updateTicket(engineer.actor, String(n), { status });
      const outcome = await ingestEmail(
        await compose({ from: customer.user.email, subject: `Re: [#${n}]`, text: "It is back" }),
        SMTP,
      );
      expect(outcome.status).toBe("THREADED");
      const t = await ticketRow(n);
      expect(t.status).toBe("OPEN");
      expect(t.resolvedAt).toBeNull();
      const replies = await repliesOf(n);
      expect(replies.at(-1)).toMatchObject({ body: "It is back", addition: false });
    }
  });
});

describe("no loops, no duplicates, no noise", () => {
  it.each([
    ["Auto-Submitted: auto-replied", { "Auto-Submitted": "auto-replied" }],
    ["Precedence: bulk", { Precedence: "bulk" }],
    ["Precedence: junk", { Precedence: "junk" }],
    ["Precedence: list", { Precedence: "list" }],
    ["X-Autoreply", { "X-Autoreply": "yes" }],
    ["Caseline's own loop header", { "X-Caseline-Loop": "nr_abc" }],
  ])("an automatic message (%s) makes no ticket and no answer", async (_label, headers) => {
    const customer = await person("CUSTOMER");
    const before = await ticketCount();
    const mailBefore = (await outboxTo(customer.user.email)).length;
    const outcome = await ingestEmail(
      await compose({ from: customer.user.email, subject: "Out of office", headers }),
      SMTP,
    );
    expect(outcome.status).toBe("IGNORED");
    expect(await ticketCount()).toBe(before);
    expect(await outboxTo(customer.user.email)).toHaveLength(mailBefore);
  });

  it("an automatic reply to a ticket adds nothing to it", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n } = await emailedTicket(customer);
    const outcome = await ingestEmail(
      await compose({
        from: customer.user.email,
        to: replyAddress(n)!,
        subject: `Automatic reply: [#${n}]`,
        headers: { "Auto-Submitted": "auto-replied" },
      }),
      SMTP,
    );
    expect(outcome.status).toBe("IGNORED");
    expect(await repliesOf(n)).toEqual([]);
  });

  it("mail from Caseline's own address is ignored", async () => {
    const outcome = await ingestEmail(
      await compose({ from: "support+t1-abc@help.example.test", subject: "loop?" }),
      SMTP,
    );
    expect(outcome.status).toBe("IGNORED");
    expect(outcome.reason).toMatch(/own address/);
  });

  it("a bounce marks the address and makes no ticket", async () => {
    const customer = await person("CUSTOMER");
    const before = await ticketCount();
    const outcome = await ingestEmail(bounceFor(customer.user.email, newMessageId()), SMTP);
    expect(outcome.status).toBe("IGNORED");
    expect(outcome.reason).toMatch(new RegExp(`bounce \\(5\\.1\\.1\\) for ${customer.user.email}`));
    expect(await ticketCount()).toBe(before);
    const [u] = await getDb().select().from(users).where(eq(users.id, customer.id));
    expect(u.emailBouncedAt).toBeInstanceOf(Date);
    // Staff see it on the customer's page (and the API); a new address clears it.
    const admin = await person("ADMIN");
    expect((await getCustomer(admin.actor, customer.userId)).emailBouncedAt).toBe(
      u.emailBouncedAt!.toISOString(),
    );
    await updateUser(admin.actor, customer.userId, { email: `new-${customer.user.email}` });
    expect((await getCustomer(admin.actor, customer.userId)).emailBouncedAt).toBeNull();
  });

  it("one message delivered twice (fetched again, or by both ways in) is one ticket", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const raw = await compose({ from: customer.user.email, subject: "Twice" });
    const first = await ingestEmail(raw, SMTP);
    const again = await ingestEmail(raw, { channel: "imap" });
    expect(first.status).toBe("CREATED");
    expect(again).toMatchObject({
      status: "DUPLICATE",
      id: first.id,
      ticketNumber: first.ticketNumber,
    });
    const both = await Promise.all([
      ingestEmail(
        await compose({ from: customer.user.email, subject: "Race", messageId: "<race-1@x.test>" }),
        SMTP,
      ),
      ingestEmail(
        await compose({ from: customer.user.email, subject: "Race", messageId: "<race-1@x.test>" }),
        { channel: "imap" },
      ),
    ]);
    expect(both.map((o) => o.status).sort()).toEqual(["CREATED", "DUPLICATE"]);
    const raced = await getDb().select().from(tickets).where(eq(tickets.title, "Race"));
    expect(raced).toHaveLength(1);
  });

  it("a reply delivered twice is one reply", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n } = await emailedTicket(customer);
    const raw = await compose({
      from: customer.user.email,
      to: replyAddress(n)!,
      subject: "again",
    });
    await ingestEmail(raw, SMTP);
    await ingestEmail(raw, { channel: "imap" });
    expect(await repliesOf(n)).toHaveLength(1);
  });

  it("a sender over the hourly limit is refused", async () => {
    setEnv({ INBOUND_MAX_PER_SENDER_PER_HOUR: "3" });
    try {
      const customer = await person("CUSTOMER");
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const o = await ingestEmail(
          await compose({ from: customer.user.email, subject: `Flood ${i}` }),
          SMTP,
        );
        statuses.push(o.status);
      }
      expect(statuses).toEqual(["CREATED", "CREATED", "CREATED", "REFUSED", "REFUSED"]);
    } finally {
      setEnv({ INBOUND_MAX_PER_SENDER_PER_HOUR: undefined });
    }
  });
});

describe("what can't be handled is quarantined, and never stops the next message", () => {
  it("malformed messages, then a good one", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const bad = [
      Buffer.from("this is not an email at all\u0000\u0001 just bytes"),
      Buffer.from(
        `Subject: nobody sent this\r\nMessage-ID: ${newMessageId()}\r\n\r\nNo From header.`,
      ),
    ];
    for (const raw of bad) {
      const o = await ingestEmail(raw, SMTP);
      expect(o.status).toBe("QUARANTINED");
      expect(o.reason).toMatch(/malformed/);
      expect((await inbound(o.id)).rawKey).toBeTruthy();
    }
    const good = await ingestEmail(
      await compose({ from: customer.user.email, subject: "After the bad ones" }),
      SMTP,
    );
    expect(good.status).toBe("CREATED");
  });

  it("too many attachments, or too large", async () => {
    const customer = await person("CUSTOMER");
    setEnv({ INBOUND_MAX_ATTACHMENTS: "2" });
    try {
      const o = await ingestEmail(
        await compose({
          from: customer.user.email,
          subject: "Many",
          attachments: [1, 2, 3].map((i) => ({ filename: `f${i}.txt`, content: `file ${i}` })),
        }),
        SMTP,
      );
      expect(o).toMatchObject({ status: "QUARANTINED" });
      expect(o.reason).toMatch(/3 attachments, more than the limit of 2/);
    } finally {
      setEnv({ INBOUND_MAX_ATTACHMENTS: undefined });
    }
    setEnv({ INBOUND_MAX_BYTES: "2000" });
    try {
      const o = await ingestEmail(
        await compose({ from: customer.user.email, subject: "Big", text: "x".repeat(5000) }),
        SMTP,
      );
      expect(o.status).toBe("QUARANTINED");
      expect(o.reason).toMatch(/larger than the/);
    } finally {
      setEnv({ INBOUND_MAX_BYTES: undefined });
    }
  });
});

describe("outgoing ticket emails thread in the customer's mail client", () => {
  it("a ticket raised by email: In-Reply-To and References name the customer's message", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const { n, messageId } = await emailedTicket(customer);
    const receipt = (await outboxTo(customer.user.email)).find((r) => r.ticketNumber === n)!;
    const headers = await threadHeadersFor(receipt);
    expect(headers.messageId).toBe(`<${receipt.requestId}@help.example.test>`);
    expect(headers.inReplyTo).toBe(messageId);
    expect(headers.references).toEqual([messageId]);
    expect(headers.replyTo).toBe(replyAddress(n));
    expect(headers.extra["Auto-Submitted"]).toBe("auto-generated");
  });

  it("a ticket raised in the portal threads on a root id of its own", async () => {
    const customer = await person("CUSTOMER");
    const n = await raise(customer);
    const [row] = await getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketNumber, n)));
    const t = await ticketRow(n);
    const headers = await threadHeadersFor(row);
    expect(headers.inReplyTo).toBe(`<${ticketThreadId(t.id)}>`);
  });
});
