import { afterEach, describe, expect, it } from "vitest";
import { row, run, writeTransaction } from "@/db/client";
import { sql } from "drizzle-orm";
import * as streamRoute from "@/app/api/v1/stream/route";
import { latestChangeId, liveHub, mayHear } from "@/lib/live/hub";
import { recordEvent } from "@/lib/tickets/record-event";
import { addReply } from "@/lib/tickets/replies";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { person, raise, type Person } from "../ticket-kit";
import { TEST_ENGINE } from "../test-database";

type Heard = { id: number; ticket: number; type: string };

/** An open connection to GET /api/v1/stream, read through the real route handler. */
async function connect(who: Person | null, headers: Record<string, string> = {}, query = "") {
  const controller = new AbortController();
  const req = new Request(`http://localhost/api/v1/stream${query}`, {
    headers: {
      "x-caseline-socket-address": "127.0.0.1",
      ...(who ? { authorization: `Bearer ${who.token}` } : {}),
      ...headers,
    },
    signal: controller.signal,
  });
  const res = await streamRoute.GET(req, { params: Promise.resolve({}) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  /**
   * Reads until `done(frames)` holds, or throws after a generous deadline: on PostgreSQL an event
   * is sent only once every older transaction has ended, and any transaction in the test cluster
   * (another test cloning its database) can hold that back for a while on a busy machine.
   */
  const readUntil = async (done: (text: string) => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!done(buffer) && Date.now() < deadline) {
      // One read in flight at a time: a read left behind by the race would swallow a chunk.
      pending ??= reader.read();
      const tick = new Promise<null>((resolve) => setTimeout(() => resolve(null), 5));
      const chunk = await Promise.race([pending, tick]);
      if (chunk) {
        pending = undefined;
        if (!chunk.done) buffer += decoder.decode(chunk.value);
      }
      await liveHub().poll();
    }
    if (!done(buffer)) throw new Error(`stream never matched; got:\n${buffer}`);
  };
  const heard = (): Heard[] =>
    buffer
      .split("\n\n")
      .filter((frame) => frame.includes("event: ticket"))
      .map((frame) => {
        const id = Number(frame.match(/^id: (\d+)/m)![1]);
        const data = JSON.parse(frame.match(/^data: (.*)$/m)![1]) as Omit<Heard, "id">;
        return { id, ...data };
      });
  const close = async () => {
    controller.abort();
    await reader.cancel().catch(() => {});
  };
  open.push(close);
  return { res, readUntil, heard, close, text: () => buffer };
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
  expect(liveHub().size).toBe(0);
});

async function scene() {
  const admin = await person("ADMIN");
  const engineer = await person("ENGINEER");
  const alice = await person("CUSTOMER");
  const bob = await person("CUSTOMER");
  const mine = await raise(alice, "Alice's laptop");
  const theirs = await raise(bob, "Bob's phone");
  return { admin, engineer, alice, bob, mine, theirs };
}

describe("GET /api/v1/stream (live updates)", () => {
  it("needs a signed-in user", async () => {
    const res = await streamRoute.GET(new Request("http://localhost/api/v1/stream"), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(401);
  });

  it("is an event stream that says it is ready", async () => {
    const { alice } = await scene();
    const s = await connect(alice);
    expect(s.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(s.res.headers.get("cache-control")).toContain("no-transform");
    await s.readUntil((t) => t.includes("event: ready"));
  });

  it("tells a customer of changes to their own ticket as they happen, never of others' or of internal notes", async () => {
    const { engineer, alice, bob, mine, theirs } = await scene();
    const a = await connect(alice);
    const b = await connect(bob);
    await a.readUntil((t) => t.includes("event: ready"));
    await b.readUntil((t) => t.includes("event: ready"));

    await addReply(engineer.actor, String(mine), { body: "Internal: bad RAM", internal: true });
    await addReply(engineer.actor, String(mine), { body: "Try safe mode", internal: false });
    await updateTicket(engineer.actor, String(mine), { status: "BLOCKED" });
    await a.readUntil((t) => t.includes('"type":"status"'));
    await b.readUntil(() => true);

    expect(a.heard().map((e) => [e.ticket, e.type])).toEqual([
      [mine, "reply"],
      [mine, "status"],
    ]);
    expect(b.heard().filter((e) => e.ticket === mine)).toEqual([]);
    expect(a.heard().some((e) => e.ticket === theirs)).toBe(false);
    expect(a.text()).not.toContain("bad RAM");
  });

  it("replays what a reconnecting client missed from Last-Event-ID, filtered the same way", async () => {
    const { engineer, alice, mine, theirs } = await scene();
    const first = await connect(alice, {}, "?since=0");
    // Her ticket's two events (created, assigned): by the replay, or, on PostgreSQL, live just
    // after it when an older transaction was still running then.
    await first.readUntil((t) => (t.match(/event: ticket/g) ?? []).length >= 2);
    const lastSeen = Math.max(...first.heard().map((e) => e.id));
    expect(first.heard().map((e) => e.ticket)).toEqual([mine, mine]); // created, assigned
    await first.close();

    // While disconnected: a note (hidden), a reply and a change on someone else's ticket.
    await addReply(engineer.actor, String(mine), { body: "note", internal: true });
    await addReply(engineer.actor, String(mine), { body: "Back soon", internal: false });
    await raise(engineer, "Engineer's own ticket");
    void theirs;

    const again = await connect(alice, { "last-event-id": String(lastSeen) }, "?since=0");
    await again.readUntil((t) => t.includes("event: ready"));
    expect(again.heard().map((e) => [e.ticket, e.type])).toEqual([[mine, "reply"]]);
    expect(again.heard()[0].id).toBeGreaterThan(lastSeen);
  });

  it("asks the client to reload when it missed more than can be replayed", async () => {
    const { alice, mine } = await scene();
    for (let i = 0; i < 1001; i++)
      await writeTransaction(async () => {
        await recordEvent({ ticketNumber: mine, actorId: null, type: "edit", field: "title" });
      });
    const s = await connect(alice, {}, "?since=0");
    await s.readUntil((t) => t.includes("event: ready"));
    expect(s.text()).toContain("event: reset");
    expect(s.heard()).toEqual([]);
  });

  it("tells an engineer when a ticket is taken from them, and admins everything", async () => {
    const { admin, engineer, alice, mine } = await scene();
    const other = await person("ENGINEER");
    await updateTicket(admin.actor, String(mine), { assignee: engineer.userId });
    const e = await connect(engineer);
    const o = await connect(other);
    const ad = await connect(admin);
    for (const s of [e, o, ad]) await s.readUntil((t) => t.includes("event: ready"));

    await updateTicket(admin.actor, String(mine), { assignee: other.userId });
    await addReply(other.actor, String(mine), { body: "Mine now", internal: true });
    await ad.readUntil((t) => t.includes('"type":"note"'));
    await e.readUntil((t) => t.includes('"type":"assigned"'));
    await o.readUntil((t) => t.includes('"type":"note"'));

    expect(e.heard().map((x) => x.type)).toEqual(["assigned"]);
    expect(o.heard().map((x) => x.type)).toEqual(["assigned", "note"]);
    expect(ad.heard().map((x) => x.type)).toEqual(["assigned", "note"]);
    void alice;
  });
});

describe("live updates under concurrent writers", () => {
  /**
   * The late commit: a transaction writes an event (a lower id) and stays open while another
   * writes one after it and commits. On PostgreSQL both run at once, and a feed that followed ids
   * alone would send the later event, move past the earlier one's id and never send it; on SQLite
   * the second writer waits for the first. Either way a listener, and a client that reconnects from
   * what it saw, get both, once each.
   */
  it("never skips an event whose transaction commits after a later one's", async () => {
    const { admin, engineer, mine, theirs } = await scene();
    const listener = await connect(admin);
    await listener.readUntil((t) => t.includes("event: ready"));
    // The last event before the writes below (the scene's, all committed one after another).
    const before = Number(
      (await row<{ id: number }>(sql`select max(id) as id from ticket_events`))!.id,
    );

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let replied!: () => void;
    const replyWritten = new Promise<void>((resolve) => (replied = resolve));
    const slow = writeTransaction(async () => {
      await addReply(engineer.actor, String(mine), { body: "Written first", internal: false });
      replied();
      await gate;
    });
    await replyWritten;
    let fastDone = false;
    // Another ticket: the reply's open transaction holds its own ticket's row.
    const fast = updateTicket(admin.actor, String(theirs), { status: "BLOCKED" }).then(() => {
      fastDone = true;
    });
    // On PostgreSQL the later change commits while the reply's transaction is still open.
    if (TEST_ENGINE === "postgres") await fast;
    for (let i = 0; i < 5; i++) await liveHub().poll();
    // Nothing is sent past the open transaction's event: the status change waits its turn.
    expect(listener.heard().map((e) => e.type)).toEqual([]);
    expect(fastDone).toBe(TEST_ENGINE === "postgres");

    release();
    await slow;
    await fast;
    await listener.readUntil((t) => t.includes('"type":"status"'));
    const heard = listener.heard().map((e) => [e.ticket, e.type]);
    expect(heard).toEqual([
      [mine, "reply"],
      [theirs, "status"],
    ]);
    // A client that reconnects from the last event it saw before gets the same two, once each.
    const again = await connect(admin, { "last-event-id": String(before) });
    await again.readUntil((t) => t.includes("event: ready"));
    expect(again.heard().map((e) => [e.ticket, e.type])).toEqual(heard);
  });
});

describe("where a new listener starts", () => {
  /**
   * Transaction ids gain digits as a database ages (999, then 1000): the newest event is the one of
   * the highest transaction by number. Ordered as text, "999" came after "1000", so a listener
   * started at an old event and heard everything since as if it were new.
   */
  it.skipIf(TEST_ENGINE !== "postgres")(
    "is the newest event by transaction number, not by its text",
    async () => {
      const { admin, alice, mine } = await scene();
      await addReply(admin.actor, String(mine), { body: "The newest", internal: false });
      const { newest } = (await row<{ newest: number }>(
        sql`select max(id)::int as newest from ticket_events`,
      ))!;
      // Every earlier event in transaction 9, the newest in transaction 10: both final whatever
      // else runs on the server (a test database being cloned holds back all that is newer).
      await writeTransaction(() =>
        run(
          sql`update ticket_events set tx = (case when id = ${newest} then '10' else '9' end)::xid8`,
        ),
      );
      expect(await latestChangeId()).toBe(newest);
      // And a listener that connects now hears nothing of what came before.
      const listener = await connect(alice);
      await listener.readUntil((t) => t.includes("event: ready"));
      expect(listener.text()).toContain(`"latest":${newest}`);
      for (let i = 0; i < 3; i++) await liveHub().poll();
      expect(listener.heard()).toEqual([]);
    },
  );
});

describe("mayHear", () => {
  const event = {
    id: 1,
    position: { id: 1, tx: "0" },
    ticket: 7,
    type: "reply",
    internal: false,
    reporterId: 10,
    assigneeId: 20,
    oldValue: null,
    active: true,
  };
  const actor = (id: number, userType: "ADMIN" | "ENGINEER" | "CUSTOMER") => ({
    id,
    userId: `u${id}`,
    name: "",
    email: "",
    userType,
    emailVerified: true,
  });

  it("follows ticket visibility: reporter, assignee, the pool for engineers, admins all", () => {
    expect(mayHear(actor(10, "CUSTOMER"), event)).toBe(true);
    expect(mayHear(actor(11, "CUSTOMER"), event)).toBe(false);
    expect(mayHear(actor(10, "CUSTOMER"), { ...event, internal: true })).toBe(false);
    expect(mayHear(actor(20, "ENGINEER"), { ...event, internal: true })).toBe(true);
    expect(mayHear(actor(21, "ENGINEER"), event)).toBe(false);
    expect(mayHear(actor(21, "ENGINEER"), { ...event, assigneeId: null })).toBe(true);
    expect(mayHear(actor(21, "ENGINEER"), { ...event, assigneeId: null, active: false })).toBe(
      false,
    );
    expect(mayHear(actor(99, "ADMIN"), { ...event, internal: true })).toBe(true);
  });
});
