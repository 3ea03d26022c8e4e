import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as statusRoute from "@/app/api/v1/inbound/status/route";
import * as listRoute from "@/app/api/v1/inbound-messages/route";
import * as oneRoute from "@/app/api/v1/inbound-messages/[id]/route";
import * as rawRoute from "@/app/api/v1/inbound-messages/[id]/raw/route";
import * as retryRoute from "@/app/api/v1/inbound-messages/[id]/retry/route";
import * as discardRoute from "@/app/api/v1/inbound-messages/[id]/discard/route";
import * as mailboxesRoute from "@/app/api/v1/mailboxes/route";
import * as mailboxRoute from "@/app/api/v1/mailboxes/[id]/route";
import * as mailboxTestRoute from "@/app/api/v1/mailboxes/[id]/test/route";
import * as urlTestRoute from "@/app/api/v1/mailboxes/test/route";
import { getDb } from "@/db/client";
import { inboundMessages, mailboxes, tickets } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { ENV_MAILBOX_NAME, startInbound, stopInbound } from "@/lib/email/inbound";
import { ingestEmail } from "@/lib/email/ingest";
import { fileStore } from "@/lib/files/store";
import { call } from "../helpers";
import { startImapServer, type ImapServer } from "../imap-server";
import { compose, newMessageId, setEnv, SUPPORT } from "../mail-kit";
import { person, type Person } from "../ticket-kit";

/**
 * The email channel's admin side over REST (docs/email.md#the-inbound-log, #mailboxes), on both
 * engines: the inbound log with retry and discard of quarantined mail, mailboxes with their
 * sealed addresses and "test connection" against a real Dovecot, and the receiver's status.
 */

const USER = { user: "helpdesk", password: "imap-Secret-77" };
let imap: ImapServer;
let admin: Person;
let engineer: Person;
let customer: Person;

beforeAll(async () => {
  setEnv({ SUPPORT_EMAIL: SUPPORT });
  imap = await startImapServer({ users: [USER] });
}, 60_000);
// Each test has a database of its own (tests/setup.ts): its people too.
beforeEach(async () => {
  admin = await person("ADMIN");
  engineer = await person("ENGINEER");
  customer = await person("CUSTOMER");
});
afterAll(async () => {
  await stopInbound();
  await imap?.stop();
  setEnv({
    SUPPORT_EMAIL: undefined,
    INBOUND_MAX_ATTACHMENTS: undefined,
    INBOUND_IMAP_URL: undefined,
    INBOUND_SMTP_PORT: undefined,
    INBOUND_WORKER: undefined,
  });
});
afterEach(() => resetRateLimitsForTesting());

const id = (n: number | string) => ({ id: String(n) });
const api = {
  list: (token: string, query = "") =>
    call(listRoute.GET, "GET", `/api/v1/inbound-messages${query ? `?${query}` : ""}`, { token }),
  get: (token: string, n: number | string) =>
    call(oneRoute.GET, "GET", `/api/v1/inbound-messages/${n}`, { token }, id(n)),
  raw: (token: string, n: number) =>
    call(rawRoute.GET, "GET", `/api/v1/inbound-messages/${n}/raw`, { token }, id(n)),
  retry: (token: string, n: number) =>
    call(retryRoute.POST, "POST", `/api/v1/inbound-messages/${n}/retry`, { token }, id(n)),
  discard: (token: string, n: number) =>
    call(discardRoute.POST, "POST", `/api/v1/inbound-messages/${n}/discard`, { token }, id(n)),
  status: (token: string) => call(statusRoute.GET, "GET", "/api/v1/inbound/status", { token }),
  mailboxes: (token: string) => call(mailboxesRoute.GET, "GET", "/api/v1/mailboxes", { token }),
  addMailbox: (token: string, body: unknown) =>
    call(mailboxesRoute.POST, "POST", "/api/v1/mailboxes", { token, body }),
  patchMailbox: (token: string, n: number, body: unknown) =>
    call(mailboxRoute.PATCH, "PATCH", `/api/v1/mailboxes/${n}`, { token, body }, id(n)),
  removeMailbox: (token: string, n: number) =>
    call(mailboxRoute.DELETE, "DELETE", `/api/v1/mailboxes/${n}`, { token }, id(n)),
  testMailbox: (token: string, n: number) =>
    call(mailboxTestRoute.POST, "POST", `/api/v1/mailboxes/${n}/test`, { token }, id(n)),
  testUrl: (token: string, url: string) =>
    call(urlTestRoute.POST, "POST", "/api/v1/mailboxes/test", { token, body: { url } }),
};

/** A customer's message with three small attachments: quarantined while the limit is 2. */
async function threeAttachments(subject: string) {
  return compose({
    from: customer.user.email,
    to: SUPPORT,
    subject,
    text: "The logs are attached.",
    messageId: newMessageId(),
    attachments: [1, 2, 3].map((i) => ({ filename: `log${i}.txt`, content: `line ${i}` })),
  });
}

async function quarantined(subject: string) {
  setEnv({ INBOUND_MAX_ATTACHMENTS: "2" });
  try {
    const outcome = await ingestEmail(await threeAttachments(subject), { channel: "smtp" });
    expect(outcome.status).toBe("QUARANTINED");
    return outcome.id;
  } finally {
    setEnv({ INBOUND_MAX_ATTACHMENTS: undefined });
  }
}

/** A port nothing listens on right now (the receiver takes its number from the environment). */
function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function ticketsTitled(title: string) {
  return getDb().select().from(tickets).where(eq(tickets.title, title));
}

describe("who may use the email admin API", () => {
  it("admins only: 401 without a token, 403 for engineers and customers, on every operation", async () => {
    const n = await quarantined("Permission probe");
    for (const token of [engineer.token, customer.token]) {
      expect((await api.list(token)).status).toBe(403);
      expect((await api.get(token, n)).status).toBe(403);
      expect((await api.raw(token, n)).status).toBe(403);
      expect((await api.retry(token, n)).status).toBe(403);
      expect((await api.discard(token, n)).status).toBe(403);
      expect((await api.status(token)).status).toBe(403);
      expect((await api.mailboxes(token)).status).toBe(403);
      expect((await api.addMailbox(token, { name: "x", url: imap.url(USER.user) })).status).toBe(
        403,
      );
      expect((await api.testUrl(token, imap.url(USER.user))).status).toBe(403);
    }
    expect((await api.list("")).status).toBe(401);
    // Nothing changed: still quarantined, no mailbox added.
    expect((await api.get(admin.token, n)).json.status).toBe("QUARANTINED");
    expect((await api.mailboxes(admin.token)).json.data).toEqual([]);
  });
});

describe("the inbound log", () => {
  it("lists what came in, newest first, with what became of each; filters by status and ticket; pages", async () => {
    const created = await ingestEmail(
      await compose({
        from: customer.user.email,
        to: SUPPORT,
        subject: "Log: printer jams",
        text: "On every page.",
        messageId: newMessageId(),
      }),
      { channel: "smtp" },
    );
    expect(created.status).toBe("CREATED");
    const ignored = await ingestEmail(
      await compose({
        from: customer.user.email,
        to: SUPPORT,
        subject: "Out of office",
        text: "Back Monday.",
        messageId: newMessageId(),
        headers: { "Auto-Submitted": "auto-replied" },
      }),
      { channel: "smtp" },
    );
    expect(ignored.status).toBe("IGNORED");

    const all = await api.list(admin.token, "limit=100");
    expect(all.status).toBe(200);
    const ids = all.json.data.map((m: { id: number }) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const row = all.json.data.find((m: { id: number }) => m.id === created.id);
    expect(row).toMatchObject({
      status: "CREATED",
      channel: "smtp",
      from: customer.user.email,
      subject: "Log: printer jams",
      ticketNumber: created.ticketNumber,
      rawKept: true,
      mailbox: null,
    });

    const onlyIgnored = await api.list(admin.token, "status=IGNORED");
    expect(onlyIgnored.json.data.map((m: { id: number }) => m.id)).toEqual([ignored.id]);
    expect(onlyIgnored.json.data[0].reason).toMatch(/automatic/);
    const byTicket = await api.list(admin.token, `ticket=${created.ticketNumber}`);
    expect(byTicket.json.data.map((m: { id: number }) => m.id)).toEqual([created.id]);

    const first = await api.list(admin.token, "limit=1");
    expect(first.json.data).toHaveLength(1);
    const second = await api.list(admin.token, `limit=1&cursor=${first.json.nextCursor}`);
    expect(second.json.data[0].id).toBeLessThan(first.json.data[0].id);

    expect((await api.list(admin.token, "status=LOST")).status).toBe(400);
    expect((await api.get(admin.token, 999_999)).status).toBe(404);
    expect((await api.get(admin.token, "abc")).status).toBe(404);
  });

  it("gives the message exactly as received", async () => {
    const raw = await compose({
      from: customer.user.email,
      to: SUPPORT,
      subject: "Raw copy",
      text: "Keep me byte for byte.",
      messageId: newMessageId(),
    });
    const outcome = await ingestEmail(raw, { channel: "smtp" });
    const res = await api.raw(admin.token, outcome.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("message/rfc822");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(res.text).toBe(raw.toString("utf8"));
  });
});

describe("retry and discard of quarantined mail", () => {
  it("retry handles it again: quarantined again while the cause stands, a ticket once it is fixed, then no more retries", async () => {
    const n = await quarantined("Retry: three logs");
    const again = await api.retry(admin.token, n);
    expect(again.status).toBe(200);
    // The default limit (10) now lets three attachments through.
    expect(again.json.outcome.status).toBe("CREATED");
    expect(again.json.message).toMatchObject({ status: "CREATED", attempts: 1 });
    const [ticket] = await ticketsTitled("Retry: three logs");
    expect(ticket.number).toBe(again.json.outcome.ticketNumber);
    expect(ticket.reporterId).toBe(customer.id);

    const twice = await api.retry(admin.token, n);
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/only a quarantined email/i);
    expect(await ticketsTitled("Retry: three logs")).toHaveLength(1);
  });

  it("a retry while the cause stands quarantines it again with the reason of this try", async () => {
    const n = await quarantined("Retry: still too many");
    setEnv({ INBOUND_MAX_ATTACHMENTS: "2" });
    try {
      const res = await api.retry(admin.token, n);
      expect(res.status).toBe(200);
      expect(res.json.outcome.status).toBe("QUARANTINED");
      expect(res.json.message).toMatchObject({ status: "QUARANTINED", attempts: 1 });
      expect(res.json.message.reason).toMatch(/3 attachments, more than the limit of 2/);
    } finally {
      setEnv({ INBOUND_MAX_ATTACHMENTS: undefined });
    }
    expect(await ticketsTitled("Retry: still too many")).toHaveLength(0);
  });

  it("two admins retrying at once handle it once", async () => {
    const n = await quarantined("Retry: at once");
    const other = await person("ADMIN");
    const answers = await Promise.all([api.retry(admin.token, n), api.retry(other.token, n)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await ticketsTitled("Retry: at once")).toHaveLength(1);
  });

  it("discard marks it discarded, removes its stored copy, and ends retries", async () => {
    const n = await quarantined("Discard me");
    const [before] = await getDb().select().from(inboundMessages).where(eq(inboundMessages.id, n));
    expect(before.rawKey).not.toBeNull();
    const res = await api.discard(admin.token, n);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: n, status: "DISCARDED", rawKept: false });
    expect(res.json.reason).toMatch(new RegExp(`discarded by ${admin.user.userId}`));
    expect(await fileStore().open(before.rawKey!)).toBeNull();
    expect((await api.raw(admin.token, n)).status).toBe(404);
    expect((await api.discard(admin.token, n)).status).toBe(409);
    expect((await api.retry(admin.token, n)).status).toBe(409);
    expect(await ticketsTitled("Discard me")).toHaveLength(0);
  });

  it("only quarantined mail can be discarded", async () => {
    const outcome = await ingestEmail(
      await compose({
        from: customer.user.email,
        to: SUPPORT,
        subject: "Keep this one",
        text: "A real problem.",
        messageId: newMessageId(),
      }),
      { channel: "smtp" },
    );
    expect((await api.discard(admin.token, outcome.id)).status).toBe(409);
    expect((await api.get(admin.token, outcome.id)).json.status).toBe("CREATED");
  });
});

describe("mailboxes", () => {
  it("adds one with a sealed address, shows it without the password, renames, disables and removes it", async () => {
    const url = imap.url(USER.user);
    const added = await api.addMailbox(admin.token, { name: "Support inbox", url });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: "Support inbox", kind: "admin", enabled: true });
    expect(added.json.address).toBe(`imap://${USER.user}@127.0.0.1:${imap.port}/INBOX`);
    expect(JSON.stringify(added.json)).not.toContain(USER.password);
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, added.json.id));
    expect(row.sealedUrl).not.toContain(USER.password);

    expect((await api.mailboxes(admin.token)).json.data.map((m: { id: number }) => m.id)).toEqual([
      added.json.id,
    ]);
    const duplicate = await api.addMailbox(admin.token, { name: "Support inbox", url });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.details.name).toBeDefined();

    const renamed = await api.patchMailbox(admin.token, added.json.id, {
      name: "Front desk",
      moveTo: "Done",
      enabled: false,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "Front desk", moveTo: "Done", enabled: false });
    // The address was left out: the stored one, password and all, still works.
    const tested = await api.testMailbox(admin.token, added.json.id);
    expect(tested.json).toMatchObject({ ok: true });

    const removed = await api.removeMailbox(admin.token, added.json.id);
    expect(removed.status).toBe(200);
    expect(removed.json.message).toMatch(/Front desk/);
    expect((await api.removeMailbox(admin.token, added.json.id)).status).toBe(404);
    expect((await api.mailboxes(admin.token)).json.data).toEqual([]);
  });

  it("refuses a bad address or name with a field error and stores nothing", async () => {
    for (const [body, field] of [
      [{ name: "A", url: "https://imap.example.com/INBOX" }, "url"],
      [{ name: "A", url: "imaps://imap.example.com/INBOX" }, "url"],
      [{ name: "A", url: "not a url" }, "url"],
      [{ name: "", url: imap.url(USER.user) }, "name"],
      [{ name: ENV_MAILBOX_NAME, url: imap.url(USER.user) }, "name"],
    ] as const) {
      const res = await api.addMailbox(admin.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.details[field], JSON.stringify(body)).toBeDefined();
    }
    expect((await api.patchMailbox(admin.token, 1, {})).status).toBe(400);
    expect((await api.mailboxes(admin.token)).json.data).toEqual([]);
  });

  it("tests a connection against a real IMAP server: counts when it works, the server's words when not", async () => {
    await imap.append(USER.user, await compose({ from: "a@b.test", to: SUPPORT, text: "hi" }));
    const good = await api.testUrl(admin.token, imap.url(USER.user));
    expect(good.status).toBe(200);
    expect(good.json.ok).toBe(true);
    expect(good.json.total).toBeGreaterThanOrEqual(1);
    expect(good.json.message).toMatch(/^Connected: \d+ messages? in the folder, \d+ unread$/);

    const wrong = imap.url(USER.user).replace(USER.password, "wrong-password");
    const bad = await api.testUrl(admin.token, wrong);
    expect(bad.status).toBe(200);
    expect(bad.json.ok).toBe(false);
    expect(bad.json.message).toMatch(/^Could not read the mailbox: /);

    const noFolder = await api.testUrl(admin.token, imap.url(USER.user, "Nowhere"));
    expect(noFolder.json.ok).toBe(false);
  });

  it("INBOUND_IMAP_URL's mailbox is listed, can be disabled here, but not readdressed or removed", async () => {
    setEnv({ INBOUND_IMAP_URL: imap.url(USER.user), INBOUND_WORKER: "false" });
    try {
      await startInbound({ readers: false });
      const list = await api.mailboxes(admin.token);
      const env = list.json.data.find((m: { kind: string }) => m.kind === "env");
      expect(env).toMatchObject({ name: ENV_MAILBOX_NAME, enabled: true });
      expect(env.address).toBe(`imap://${USER.user}@127.0.0.1:${imap.port}/INBOX`);
      expect((await api.patchMailbox(admin.token, env.id, { name: "Mine" })).status).toBe(409);
      expect(
        (await api.patchMailbox(admin.token, env.id, { url: imap.url(USER.user, "Other") })).status,
      ).toBe(409);
      expect((await api.removeMailbox(admin.token, env.id)).status).toBe(409);
      const off = await api.patchMailbox(admin.token, env.id, { enabled: false });
      expect(off.json.enabled).toBe(false);
      expect((await api.testMailbox(admin.token, env.id)).json.ok).toBe(true);
    } finally {
      await stopInbound();
      setEnv({ INBOUND_IMAP_URL: undefined, INBOUND_WORKER: undefined });
    }
  });
});

describe("the ways in's status", () => {
  it("says the receiver is off until INBOUND_SMTP_PORT is set, then where it listens", async () => {
    const off = await api.status(admin.token);
    expect(off.status).toBe(200);
    expect(off.json.supportEmail).toBe(SUPPORT);
    expect(off.json.smtp).toMatchObject({ configured: false, listening: false });

    setEnv({ INBOUND_SMTP_PORT: String(await freePort()) });
    try {
      await startInbound({ readers: false });
      const on = await api.status(admin.token);
      expect(on.json.smtp).toMatchObject({ configured: true, listening: true, host: "127.0.0.1" });
      expect(on.json.smtp.port).toBeGreaterThan(0);
    } finally {
      await stopInbound();
      setEnv({ INBOUND_SMTP_PORT: undefined });
    }
    expect((await api.status(admin.token)).json.smtp.listening).toBe(false);
  });
});
