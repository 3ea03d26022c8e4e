/**
 * A line break in something a user typed (a ticket title, a subject given through the
 * notification API) must never become a line of its own: not a `Bcc:` header in an email, not a
 * fake entry in the server log. Driven through the real ticket creation, outbox and worker.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb, writeTransaction } from "@/db/client";
import { notifications } from "@/db/schema";
import { enqueueEmail } from "@/lib/notifications/outbox";
import {
  logTransport,
  resendTransport,
  smtpTransport,
  type Transport,
} from "@/lib/notifications/transports";
import { OutboxWorker } from "@/lib/notifications/worker";
import { escapeForLog, singleLine } from "@/lib/safe-text";
import { createTicket } from "@/lib/tickets/create-ticket";
import { makeUser } from "../helpers";
import { startSmtpSink } from "../smtp-sink";

const FORGED = "Printer jams\r\nBcc: attacker@evil.test\n[caseline] email to admin: forged";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  while (cleanups.length) await cleanups.pop()!();
});

/** A ticket whose title carries line breaks, raised with an engineer on duty (so emails queue). */
async function raiseForgedTicket() {
  await makeUser("ENGINEER");
  const { actor } = await makeUser("CUSTOMER");
  await createTicket(actor, {
    title: FORGED,
    description: "It jams\nBcc: in the body is only text",
  });
  const rows = (await getDb().select().from(notifications)).filter((r) => r.ticketNumber !== null);
  expect(rows.length).toBeGreaterThan(0);
  return rows;
}

async function drainWith(transport: Transport, log: (line: string) => void = () => {}) {
  const worker = new OutboxWorker({ transport, log });
  await worker.drain();
}

describe("user text in email headers and log lines", () => {
  it("subjects built from a title are stored as one line", async () => {
    const rows = await raiseForgedTicket();
    for (const r of rows) {
      expect(r.subject).not.toMatch(/[\r\n]/);
      expect(r.subject).toContain("Printer jams Bcc: attacker@evil.test");
    }
  });

  it("the log transport's output has no line the message forged", async () => {
    await raiseForgedTicket();
    const written: string[] = [];
    await drainWith(logTransport((l) => written.push(l)));
    expect(written.length).toBeGreaterThan(0);
    for (const entry of written) {
      const [first, ...rest] = entry.split("\n");
      expect(first).toMatch(/^\[caseline\] email to \S+: /);
      // Every further line is the indented text part: nothing can pass for a header or an entry.
      for (const line of rest) expect(line).toMatch(/^ {4}/);
    }
  });

  it("the log transport escapes control characters in the subject and addresses it is given", async () => {
    const written: string[] = [];
    await logTransport((l) => written.push(l)).send({
      from: "Caseline <no-reply@caseline.local>",
      to: ["carol@acme.test\r\nBcc: x@evil.test"],
      subject: "Hello\nBcc: attacker@evil.test\u001b[2J",
      text: "line one\r\nline two\u0007",
      html: "<p>x</p>",
    });
    expect(written).toHaveLength(1);
    const lines = written[0].split("\n");
    expect(lines).toEqual([
      "[caseline] email to carol@acme.test\\r\\nBcc: x@evil.test: Hello\\nBcc: attacker@evil.test\\u001b[2J",
      "    line one",
      "    line two\\u0007",
    ]);
  });

  it("over SMTP, a forged title adds no header and no recipient", async () => {
    await raiseForgedTicket();
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const smtp = smtpTransport(sink.url);
    cleanups.push(() => smtp.close?.());
    await drainWith(smtp);
    expect(sink.messages.length).toBeGreaterThan(0);
    for (const m of sink.messages) {
      expect(m.bcc).toEqual([]);
      expect(m.envelopeTo.join(",")).not.toContain("evil.test");
      expect(m.subject).not.toMatch(/[\r\n]/);
      const headers = m.raw.split(/\r?\n\r?\n/)[0];
      expect(headers).not.toMatch(/^Bcc:/im);
    }
  });

  it("a subject given through the notification API with a line break goes out on one line (Resend too)", async () => {
    await writeTransaction(async () => {
      await enqueueEmail({
        template: "custom",
        data: { text: "Body" },
        subject: "Invoice\r\nBcc: attacker@evil.test",
        to: ["dest@example.test"],
        requester: "service",
      });
    });
    const bodies: { subject: string; bcc?: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string | URL, init: RequestInit) => {
        bodies.push(JSON.parse(String(init.body)));
        return Response.json({ id: "re_1" });
      }),
    );
    await drainWith(resendTransport("re_test_key"));
    expect(bodies).toHaveLength(1);
    expect(bodies[0].subject).toBe("Invoice Bcc: attacker@evil.test");
    expect(bodies[0].bcc).toBeUndefined();
  });

  it("a failed send's error message is logged on one line", async () => {
    await raiseForgedTicket();
    const logged: string[] = [];
    const failing: Transport = {
      name: "failing",
      async send(email) {
        throw new Error(`rejected "${email.subject}"\n[caseline] forged entry`);
      },
    };
    await new OutboxWorker({ transport: failing, log: (l) => logged.push(l) }).runOnce();
    expect(logged.length).toBeGreaterThan(0);
    for (const l of logged) expect(l).not.toMatch(/[\r\n]/);
  });

  it("singleLine and escapeForLog leave ordinary text alone", () => {
    const text = 'Ticket #7: Überweisung fehlgeschlagen – 🙂 "quoted" \\n';
    expect(singleLine(text)).toBe(text);
    expect(escapeForLog(text)).toBe(text);
    expect(singleLine(" a\r\n\tb\u2028c ")).toBe("a b c");
    expect(escapeForLog("a\u202eb")).toBe("a\\u202eb");
  });
});
