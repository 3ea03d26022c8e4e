/**
 * The IMAP test server itself (tests/imap-server.ts, docs/testing.md#imap-server): a real Dovecot
 * this file starts and stops, reached with imapflow as the email channel reaches a mailbox. It
 * knows no database, and runs in both vitest projects at once: that proves two servers (two
 * workers) don't collide.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startImapServer, type ImapServer } from "../imap-server";

const USERS = [
  { user: "support", password: "s3cret: with spaces & symbols/?" },
  { user: "billing@example.test", password: "another-password" },
];

let counter = 0;
function message(subject: string) {
  const id = `<imap-harness-${process.pid}-${++counter}@caseline.test>`;
  const raw = [
    "From: Ada Customer <ada@example.test>",
    "To: support@example.test",
    `Subject: ${subject}`,
    `Message-ID: ${id}`,
    "Date: Tue, 01 Dec 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello, my printer is on fire.",
    "",
  ].join("\r\n");
  return { id, raw };
}

function client(server: ImapServer, user: string, password?: string) {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user, pass: password ?? server.users.find((u) => u.user === user)!.password },
    logger: false,
    disableAutoIdle: true,
  });
}

/** Live (non-zombie) processes of the server's process group, from /proc. */
function processesOf(server: ImapServer) {
  const pids: number[] = [];
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state !== "Z" && Number(pgrp) === server.pid) pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function canListen(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("IMAP test server (Dovecot)", () => {
  let server: ImapServer;

  beforeAll(async () => {
    server = await startImapServer({ users: USERS });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("listens on 127.0.0.1 at a port of its own, with a URL per user", () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).not.toBe(143);
    const url = new URL(server.url("support"));
    expect(url.protocol).toBe("imap:");
    expect(url.port).toBe(String(server.port));
    expect(decodeURIComponent(url.username)).toBe("support");
    expect(decodeURIComponent(url.password)).toBe(USERS[0].password);
    expect(url.pathname).toBe("/INBOX");
    expect(server.url("support", "Archive/2026")).toMatch(/\/Archive\/2026$/);
    expect(() => server.url("nobody")).toThrow(/no IMAP test user/);
  });

  it("lets a user log in with imapflow, and offers IDLE", async () => {
    const imap = client(server, "support");
    await imap.connect();
    try {
      expect(imap.authenticated).toBeTruthy();
      expect(imap.capabilities.has("IDLE")).toBe(true);
      const box = await imap.mailboxOpen("INBOX");
      expect(box.path).toBe("INBOX");
    } finally {
      await imap.logout();
    }
  });

  it("rejects a wrong password", async () => {
    const imap = client(server, "support", "wrong password");
    imap.on("error", () => {});
    const failure = await imap.connect().then(
      () => null,
      (error: { authenticationFailed?: boolean }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure?.authenticationFailed).toBe(true);
    imap.close();
  });

  it("APPENDs a raw RFC 5322 message and FETCHes it back, Message-ID and all", async () => {
    const { id, raw } = message("Printer on fire");
    await server.append("support", raw);

    const listed = await server.list("support");
    expect(listed.map((m) => m.messageId)).toContain(id);
    const entry = listed.find((m) => m.messageId === id)!;
    expect(entry.subject).toBe("Printer on fire");
    expect(entry.flags).toEqual([]); // unseen; \Recent left out

    const imap = client(server, "support");
    await imap.connect();
    try {
      const lock = await imap.getMailboxLock("INBOX");
      try {
        const fetched = await imap.fetchOne(String(entry.uid), { source: true }, { uid: true });
        expect(fetched && fetched.source?.toString("utf8")).toBe(raw);
      } finally {
        lock.release();
      }
    } finally {
      await imap.logout();
    }
  });

  it("keeps each user's mail apart, with flags and folders", async () => {
    const { id, raw } = message("Invoice question");
    await server.createMailbox("billing@example.test", "Archive/2026");
    await server.append("billing@example.test", raw, "Archive/2026", ["\\Seen"]);
    expect(await server.list("billing@example.test", "Archive/2026")).toEqual([
      { uid: 1, flags: ["\\Seen"], messageId: id, subject: "Invoice question" },
    ]);
    expect(await server.list("billing@example.test")).toEqual([]);
    expect((await server.list("support")).map((m) => m.messageId)).not.toContain(id);
  });

  it("appends many messages over one connection, in order", async () => {
    await server.createMailbox("support", "Bulk");
    const messages = Array.from({ length: 200 }, (_, i) => message(`Bulk ${i}`));
    await server.appendMany(
      "support",
      messages.map((m) => Buffer.from(m.raw)),
      "Bulk",
    );
    const listed = await server.list("support", "Bulk");
    expect(listed.map((m) => m.messageId)).toEqual(messages.map((m) => m.id));
    expect(listed.map((m) => m.uid)).toEqual(messages.map((_, i) => i + 1));
  });

  it("tells an IDLE connection of mail another connection appends", async () => {
    const idler = client(server, "support");
    await idler.connect();
    try {
      const box = await idler.mailboxOpen("INBOX");
      const before = box.exists;
      const heard = new Promise<{ count: number; prevCount: number }>((resolve) =>
        idler.on("exists", resolve),
      );
      const idling = idler.idle();
      const { raw } = message("While you were idling");
      const started = Date.now();
      await server.append("support", raw);
      const event = await heard;
      expect(event.prevCount).toBe(before);
      expect(event.count).toBe(before + 1);
      // inotify: at once, not after mailbox_idle_check_interval
      expect(Date.now() - started).toBeLessThan(5000);
      await idler.noop(); // ends the IDLE
      await idling;
    } finally {
      await idler.logout();
    }
  });

  it("runs beside another server without colliding, and stop() leaves nothing behind", async () => {
    const other = await startImapServer();
    const { port, dir } = other;
    expect(port).not.toBe(server.port);
    expect(dir).not.toBe(server.dir);
    expect(other.users).toEqual([{ user: "support", password: expect.any(String) }]);
    const { id, raw } = message("Other server");
    await other.append("support", raw);
    expect((await other.list("support")).map((m) => m.messageId)).toEqual([id]);
    expect((await server.list("support")).map((m) => m.messageId)).not.toContain(id);

    expect(processesOf(other).length).toBeGreaterThan(1); // master, log, config, auth…
    await other.stop();
    expect(existsSync(dir)).toBe(false);
    expect(processesOf(other)).toEqual([]);
    expect(await canListen(port)).toBe(true);
    await other.stop(); // twice is harmless

    // The first server is unaffected.
    expect((await server.list("support")).length).toBeGreaterThan(0);
  });
});
