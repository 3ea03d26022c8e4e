import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { attachments, inboundMessages, tickets } from "@/db/schema";
import { replyAddress } from "@/lib/email/addresses";
import { SmtpReceiver } from "@/lib/email/smtp-receiver";
import { newMessageId, PNG, setEnv, SUPPORT } from "../mail-kit";
import { person } from "../ticket-kit";

/**
 * Caseline's own SMTP receiver (lib/email/smtp-receiver.ts) fed by a real SMTP client
 * (nodemailer), on both engines: it takes mail for the support address and its plus-addresses
 * only, hands each message to the ingestion, answers 250 once it is recorded, refuses what is too
 * large while it is sent, and a message sent both ways in is one ticket.
 */

let receiver: SmtpReceiver;

beforeAll(() => setEnv({ SUPPORT_EMAIL: SUPPORT }));
afterAll(() => setEnv({ SUPPORT_EMAIL: undefined, INBOUND_MAX_BYTES: undefined }));
afterEach(async () => {
  await receiver?.stop();
});

/** A receiver on a free port of this test's own; the environment is read when it starts. */
async function startReceiver() {
  receiver = new SmtpReceiver("127.0.0.1", 0);
  await receiver.start();
  return createTransport({
    host: "127.0.0.1",
    port: receiver.status.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 20_000,
  });
}

describe("the built-in SMTP receiver", () => {
  it("takes a customer's message into a ticket and a reply to its reply address into the ticket", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const smtp = await startReceiver();
    const sent = await smtp.sendMail({
      from: customer.user.email,
      to: SUPPORT,
      subject: "Router keeps rebooting",
      text: "Every ten minutes.",
      messageId: newMessageId(),
      attachments: [{ filename: "photo.png", content: PNG }],
    });
    expect(sent.response).toMatch(/^250 .*created #\d+/);
    const number = Number(/#(\d+)/.exec(sent.response)![1]);
    const [ticket] = await getDb().select().from(tickets).where(eq(tickets.number, number));
    expect(ticket).toMatchObject({ title: "Router keeps rebooting", reporterId: customer.id });
    const files = await getDb()
      .select()
      .from(attachments)
      .where(eq(attachments.ticketNumber, number));
    expect(files.map((f) => f.filename)).toEqual(["photo.png"]);

    const reply = await smtp.sendMail({
      from: customer.user.email,
      to: replyAddress(number)!,
      subject: "Re: Router keeps rebooting",
      text: "Now every five.",
    });
    expect(reply.response).toMatch(new RegExp(`^250 .*threaded #${number}`));
    expect(receiver.status.received).toBe(2);
    smtp.close();
  });

  it("refuses recipients other than the support address, with 550", async () => {
    const customer = await person("CUSTOMER");
    const smtp = await startReceiver();
    await expect(
      smtp.sendMail({ from: customer.user.email, to: "someone@else.example.test", text: "relay?" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(await getDb().select().from(inboundMessages)).toEqual([]);
    smtp.close();
  });

  it("refuses a message over INBOUND_MAX_BYTES while it is sent (552), and takes the next", async () => {
    setEnv({ INBOUND_MAX_BYTES: String(64 * 1024) });
    try {
      await person("ENGINEER");
      const customer = await person("CUSTOMER");
      const smtp = await startReceiver();
      await expect(
        smtp.sendMail({
          from: customer.user.email,
          to: SUPPORT,
          subject: "Huge",
          text: "x".repeat(200 * 1024),
        }),
      ).rejects.toMatchObject({ responseCode: 552 });
      const next = await smtp.sendMail({
        from: customer.user.email,
        to: SUPPORT,
        subject: "Small",
      });
      expect(next.response).toMatch(/^250 .*created/);
      smtp.close();
    } finally {
      setEnv({ INBOUND_MAX_BYTES: undefined });
    }
  });

  it("one message sent twice is one ticket; the second answer says it was already received", async () => {
    await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const smtp = await startReceiver();
    const message = {
      from: customer.user.email,
      to: SUPPORT,
      subject: "Sent twice",
      text: "Once.",
      messageId: newMessageId("twice"),
    };
    expect((await smtp.sendMail(message)).response).toMatch(/created/);
    expect((await smtp.sendMail(message)).response).toMatch(/duplicate/);
    const made = await getDb().select().from(tickets).where(eq(tickets.title, "Sent twice"));
    expect(made).toHaveLength(1);
    smtp.close();
  });
});
