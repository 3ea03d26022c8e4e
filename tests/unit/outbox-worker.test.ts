/**
 * The email outbox (docs/notifications.md#the-worker): rows are claimed atomically, sent, retried with exponential backoff
 * up to a limit, then FAILED with the error; nothing is lost when a worker is killed.
 *
 * Everything here goes through a real SMTP server (tests/smtp-sink.ts) except where a transport
 * that throws is the point. The last two tests run `scripts/worker.ts` as separate processes on a
 * database file, so the claims really race and a worker can really be killed mid-send.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeDatabase, getDb, openDatabase, setDbForTesting, writeTransaction } from "@/db/client";
import { ENGINE } from "@/db/engine-kind";
import { notifications } from "@/db/schema";
import { enqueueEach, enqueueEmail } from "@/lib/notifications/outbox";
import type { TemplateData } from "@/lib/notifications/templates";
import { smtpTransport, type OutgoingEmail, type Transport } from "@/lib/notifications/transports";
import { backoffMs, OutboxWorker } from "@/lib/notifications/worker";
import { startSmtpSink, type SmtpSink } from "../smtp-sink";

// ---------------------------------------------------------------------------------------------
// Housekeeping: everything a test starts is stopped here, even when the test fails.

const cleanups: (() => unknown)[] = [];
/** What the in-process workers logged in this test. */
const logs: string[] = [];
const log = (line: string) => logs.push(line);
const onCleanup = (fn: () => unknown) => cleanups.push(fn);

afterEach(async () => {
  vi.useRealTimers();
  logs.length = 0;
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.error("[outbox-worker.test] cleanup failed:", error);
    }
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns true; throws with `what()` after `timeoutMs`. */
async function waitUntil(
  check: () => boolean | Promise<boolean>,
  { timeoutMs, everyMs = 50, what }: { timeoutMs: number; everyMs?: number; what: () => string },
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await sleep(everyMs);
  }
}

async function sink(options?: Parameters<typeof startSmtpSink>[0]): Promise<SmtpSink> {
  const s = await startSmtpSink(options);
  onCleanup(() => s.close());
  return s;
}

function smtp(url: string): Transport {
  const transport = smtpTransport(url);
  onCleanup(() => transport.close?.());
  return transport;
}

const rowsOf = async (ids?: number[]) =>
  ids
    ? getDb().select().from(notifications).where(inArray(notifications.id, ids))
    : getDb().select().from(notifications);
const rowById = async (id: number) => {
  const [row] = await getDb().select().from(notifications).where(eq(notifications.id, id)).limit(1);
  return row;
};

/** How many rows are in each status; the last count taken is kept for timeout messages. */
let lastCounts: Record<string, number> = {};
const statusCounts = async () => {
  const counts: Record<string, number> = {};
  for (const r of await rowsOf()) counts[r.status] = (counts[r.status] ?? 0) + 1;
  lastCounts = counts;
  return counts;
};

const ticket = {
  number: 42,
  title: "Printer on fire",
  status: "OPEN",
  ticketPriority: 1,
  url: "http://localhost:3000/tickets/42",
};

const custom = (subject: string, data: TemplateData["custom"], to = ["dest@example.test"]) =>
  writeTransaction(() =>
    enqueueEmail({ template: "custom", data, subject, to, requester: "service" }),
  );

/** Runs rounds (a worker with a tiny retry base) until none of the rows is PENDING. Bounded. */
async function settleRounds(worker: OutboxWorker, ids: number[], timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await worker.runOnce();
    const rows = await rowsOf(ids);
    if (rows.every((r) => r.status !== "PENDING")) return rows;
    if (Date.now() > deadline) {
      throw new Error(
        `rows still PENDING after ${timeoutMs} ms: ${JSON.stringify(rows.map((r) => [r.id, r.status, r.attempts, r.lastError]))}`,
      );
    }
    await sleep(2);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Real SMTP

describe("outbox worker over real SMTP", () => {
  it("sends each queued email once, to its own recipient only, with text and HTML parts", async () => {
    const server = await sink();
    const replyBody = "Have you tried turning it off and on again? Ref ZX-81.";

    // Two recipients of one reply (plus a duplicate address that must be dropped).
    await writeTransaction(async () => {
      await enqueueEach(["alice@example.test", "bob@example.test", "alice@example.test"], () => ({
        template: "ticket-replied",
        data: { ticket, authorName: "Erin Engineer", body: replyBody },
        requester: "engineer1",
        ticketNumber: ticket.number,
      }));
    });
    await writeTransaction(async () => {
      await enqueueEmail({
        template: "password-reset",
        data: {
          name: "Carol",
          url: "http://localhost:3000/reset?token=tok-3e1f9",
          expiresInMinutes: 30,
        },
        to: ["carol@example.test"],
        requester: "system",
      });
    });
    await custom("Custom plain", { text: "Plain body <b>not markup</b> & more" }, [
      "dave@example.test",
    ]);
    await custom(
      "Custom with HTML",
      { text: "The text part, given.", html: "<p>The <strong>HTML</strong> part, given.</p>" },
      ["erin@example.test"],
    );
    expect(await rowsOf()).toHaveLength(5);

    const worker = new OutboxWorker({ transport: smtp(server.url), log });
    expect(await worker.drain()).toBe(5);

    const all = ["alice", "bob", "carol", "dave", "erin"].map((n) => `${n}@example.test`);
    expect(server.messages).toHaveLength(5);
    const byTo = new Map<string, (typeof server.messages)[number]>();
    for (const m of server.messages) {
      // Exactly one recipient, in the header and in the envelope, and no one copied.
      expect(m.to).toHaveLength(1);
      expect(m.envelopeTo).toEqual(m.to);
      expect(m.cc).toEqual([]);
      expect(m.bcc).toEqual([]);
      expect(byTo.has(m.to[0]), `${m.to[0]} received two messages`).toBe(false);
      byTo.set(m.to[0], m);
      // No other recipient's address appears anywhere in the message.
      for (const other of all.filter((a) => a !== m.to[0])) expect(m.raw).not.toContain(other);
      expect(m.from).toBe("no-reply@caseline.local");
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.html.length).toBeGreaterThan(0);
    }
    expect([...byTo.keys()].sort()).toEqual(all);

    for (const who of ["alice@example.test", "bob@example.test"]) {
      const m = byTo.get(who)!;
      expect(m.subject).toBe("[#42] Printer on fire");
      expect(m.text).toContain("Erin Engineer replied");
      expect(m.text).toContain(replyBody);
      expect(m.html).toContain("Erin Engineer");
      expect(m.html).toContain(replyBody);
      expect(m.html).toContain('href="http://localhost:3000/tickets/42"');
    }

    const reset = byTo.get("carol@example.test")!;
    expect(reset.subject).toBe("Reset your Caseline password");
    expect(reset.text).toContain("Hello Carol");
    expect(reset.text).toContain("expires in 30 minutes");
    expect(reset.text).toContain("http://localhost:3000/reset?token=tok-3e1f9");
    // React puts `<!-- -->` between adjacent text and expressions: read the HTML without them.
    expect(reset.html.replaceAll("<!-- -->", "")).toContain("Hello Carol");
    expect(reset.html).toContain('href="http://localhost:3000/reset?token=tok-3e1f9"');

    // Custom content goes out as given; without HTML, the text stands in, escaped.
    const plain = byTo.get("dave@example.test")!;
    expect(plain.subject).toBe("Custom plain");
    expect(plain.text.trim()).toBe("Plain body <b>not markup</b> & more");
    expect(plain.html).toContain("Plain body &#60;b&#62;not markup&#60;/b&#62; &#38; more");
    expect(plain.html).not.toContain("<b>");
    const given = byTo.get("erin@example.test")!;
    expect(given.subject).toBe("Custom with HTML");
    expect(given.text.trim()).toBe("The text part, given.");
    expect(given.html).toContain("<p>The <strong>HTML</strong> part, given.</p>");

    for (const row of await rowsOf()) {
      expect(row.status).toBe("SENT");
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row.attempts).toBe(1);
      expect(row.lastError).toBeNull();
      expect(row.leaseUntil).toBeNull();
      // What was sent is kept with the row.
      expect(row.textBody).toBeTruthy();
      expect(row.htmlBody).toBeTruthy();
    }

    // Nothing is sent twice: another round finds nothing due.
    expect(await worker.drain()).toBe(0);
    expect(server.messages).toHaveLength(5);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Retries and backoff

describe("backoffMs", () => {
  it("doubles from the base at each attempt", () => {
    expect(backoffMs(1, 1_000)).toBe(1_000);
    expect(backoffMs(2, 1_000)).toBe(2_000);
    expect(backoffMs(3, 1_000)).toBe(4_000);
    expect(backoffMs(4, 1_000)).toBe(8_000);
    // The defaults: 30 s, 1 min, 2 min, 4 min, 8 min.
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, 30_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ]);
    // Attempt 0 (or below) is treated as the first.
    expect(backoffMs(0, 1_000)).toBe(1_000);
    expect(backoffMs(-3, 1_000)).toBe(1_000);
  });

  it("is capped at one hour", () => {
    const HOUR = 3_600_000;
    expect(backoffMs(12, 1_000)).toBe(2_048_000);
    expect(backoffMs(13, 1_000)).toBe(HOUR); // 4 096 000 would be over the cap
    expect(backoffMs(8, 30_000)).toBe(HOUR); // 3 840 000
    expect(backoffMs(7, 30_000)).toBe(1_920_000);
    expect(backoffMs(100, 30_000)).toBe(HOUR);
    expect(backoffMs(5_000, 1)).toBe(HOUR); // 2 ** 4999 is Infinity: still the cap
    expect(backoffMs(1, 2 * HOUR)).toBe(HOUR);
  });
});

describe("outbox worker retries", () => {
  function failingTransport(failures = Infinity) {
    const calls: OutgoingEmail[] = [];
    const transport: Transport = {
      name: "flaky",
      async send(email) {
        calls.push(email);
        if (calls.length <= failures) {
          throw new Error(`connect ECONNREFUSED 127.0.0.1:2525 (call ${calls.length})`);
        }
      },
    };
    return { transport, calls };
  }

  it("keeps a failed row PENDING with its error and retries it only after backoffMs()", async () => {
    const base = 60_000;
    const { transport, calls } = failingTransport();
    const row = await custom("Will fail", { text: "body" });
    const worker = new OutboxWorker({ transport, maxAttempts: 3, retryBaseMs: base, log });

    const before = Date.now();
    expect(await worker.runOnce()).toBe(1);
    const after = Date.now();

    const failed = await rowById(row.id);
    expect(failed.status).toBe("PENDING");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBe("connect ECONNREFUSED 127.0.0.1:2525 (call 1)");
    expect(failed.sentAt).toBeNull();
    expect(failed.leaseUntil).toBeNull();
    const due = failed.nextAttemptAt.getTime();
    expect(due).toBeGreaterThanOrEqual(before + backoffMs(1, base));
    expect(due).toBeLessThanOrEqual(after + backoffMs(1, base));
    expect(logs.some((l) => l.includes(row.requestId) && l.includes("will be retried"))).toBe(true);

    // Not due yet: the next round leaves it alone.
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(1);

    // Walk the clock (Date only; real timers keep running) through the schedule.
    vi.useFakeTimers({ toFake: ["Date"], now: due - 1 });
    expect(await worker.runOnce()).toBe(0);
    vi.setSystemTime(due);
    expect(await worker.runOnce()).toBe(1);
    const second = await rowById(row.id);
    expect(second).toMatchObject({ status: "PENDING", attempts: 2 });
    expect(second.lastError).toContain("(call 2)");
    expect(second.nextAttemptAt.getTime()).toBe(due + backoffMs(2, base)); // twice the wait

    vi.setSystemTime(second.nextAttemptAt.getTime() - 1);
    expect(await worker.runOnce()).toBe(0);
    vi.setSystemTime(second.nextAttemptAt.getTime());
    expect(await worker.runOnce()).toBe(1);
    const third = await rowById(row.id);
    expect(third.status).toBe("FAILED"); // maxAttempts: 3
    expect(third.attempts).toBe(3);
    expect(third.lastError).toContain("(call 3)");
    expect(third.sentAt).toBeNull();

    // FAILED is final: never claimed again, however late.
    vi.setSystemTime(third.nextAttemptAt.getTime() + 10 * 3_600_000);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(3);
  });

  it("gives up after maxAttempts: FAILED with the last error and attempts = 3", async () => {
    const { transport, calls } = failingTransport();
    const rows = [await custom("Doomed 1", { text: "a" }), await custom("Doomed 2", { text: "b" })];
    const worker = new OutboxWorker({ transport, maxAttempts: 3, retryBaseMs: 1, log });

    const settled = await settleRounds(
      worker,
      rows.map((r) => r.id),
    );
    for (const r of settled) {
      expect(r.status).toBe("FAILED");
      expect(r.attempts).toBe(3);
      expect(r.lastError).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:2525 \(call \d+\)$/);
      expect(r.sentAt).toBeNull();
      expect(r.leaseUntil).toBeNull();
    }
    expect(calls).toHaveLength(6);
    expect(logs.filter((l) => l.includes("FAILED after attempt 3"))).toHaveLength(2);

    // Once the rows would be due again (were they still PENDING), there is still nothing to do.
    const lastDue = Math.max(...settled.map((r) => r.nextAttemptAt.getTime()));
    await waitUntil(() => Date.now() > lastDue, { timeoutMs: 1_000, everyMs: 2, what: () => "" });
    expect(await worker.drain()).toBe(0);
    expect(calls).toHaveLength(6);
  });

  it("sends on the retry when the transport fails once, then succeeds", async () => {
    const { transport, calls } = failingTransport(1);
    const row = await custom("Second time lucky", { text: "hello" });
    const worker = new OutboxWorker({ transport, maxAttempts: 3, retryBaseMs: 1, log });

    const [done] = await settleRounds(worker, [row.id]);
    expect(done.status).toBe("SENT");
    expect(done.attempts).toBe(2);
    expect(done.lastError).toBeNull();
    expect(done.sentAt).toBeInstanceOf(Date);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ to: ["dest@example.test"], subject: "Second time lucky" });
  });

  it("retries a message an SMTP server rejected with a 5xx, then delivers it once", async () => {
    const server = await sink({ failTimes: 1 });
    const row = await custom("Rejected once", { text: "second try" }, ["frank@example.test"]);
    const worker = new OutboxWorker({
      transport: smtp(server.url),
      maxAttempts: 3,
      retryBaseMs: 1,
      log,
    });

    expect(await worker.runOnce()).toBe(1);
    const afterFirst = await rowById(row.id);
    expect(afterFirst.status).toBe("PENDING");
    expect(afterFirst.attempts).toBe(1);
    expect(afterFirst.lastError).toContain("554");
    expect(afterFirst.lastError).toContain("sink told to fail");
    expect(server.rejected).toBe(1);
    expect(server.messages).toHaveLength(0);

    const [done] = await settleRounds(worker, [row.id]);
    expect(done).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatchObject({
      to: ["frank@example.test"],
      subject: "Rejected once",
    });
  });

  it("marks a message FAILED when the SMTP server always rejects it", async () => {
    const server = await sink({ failTimes: Infinity });
    const row = await custom("Never accepted", { text: "x" });
    const worker = new OutboxWorker({
      transport: smtp(server.url),
      maxAttempts: 3,
      retryBaseMs: 1,
      log,
    });
    const [done] = await settleRounds(worker, [row.id]);
    expect(done.status).toBe("FAILED");
    expect(done.attempts).toBe(3);
    expect(done.lastError).toContain("554");
    expect(server.rejected).toBe(3);
    expect(server.messages).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Racing workers in one process (deterministic), then in separate processes

describe("outbox workers sharing a database", () => {
  /** A transport that takes `ms` per message and notes who sent what. */
  const slowTransport = (name: string, ms: number, sent: { by: string; subject: string }[]) => ({
    name,
    async send(email: OutgoingEmail) {
      await sleep(ms);
      sent.push({ by: name, subject: email.subject });
    },
  });

  it("two workers draining at once each claim different rows", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await custom(`Shared ${i}`, { text: "x" })).id);
    const sent: { by: string; subject: string }[] = [];
    const a = new OutboxWorker({ transport: slowTransport("a", 1, sent), batchSize: 5, log });
    const b = new OutboxWorker({ transport: slowTransport("b", 1, sent), batchSize: 5, log });

    const [byA, byB] = await Promise.all([a.drain(), b.drain()]);
    expect(byA + byB).toBe(40);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(sent).toHaveLength(40);
    expect(new Set(sent.map((s) => s.subject)).size).toBe(40);
    for (const r of await rowsOf(ids)) expect(r).toMatchObject({ status: "SENT", attempts: 1 });
  });

  // A batch is claimed under one lease and sent one row after another (concurrency 1 here). When
  // the batch outlasts the lease (a slow SMTP server), another worker may claim the rest; each
  // send first renews the row's lease under the claim's own token, so the slow worker skips rows
  // it no longer holds and nothing is sent twice.
  it("a worker whose batch outlasts its lease does not send rows another worker took over", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await custom(`Lease ${i}`, { text: "x" })).id);
    const sent: { by: string; subject: string }[] = [];
    // 4 rows × 150 ms: the batch needs ~600 ms, its lease is 400 ms. Each send starts by renewing
    // the lease, so a send slower than the whole lease (only on a badly stalled machine) is the
    // one case that may repeat; 250 ms of margin keeps the test about takeover, not timers.
    const leaseMs = 400;
    const a = new OutboxWorker({
      transport: slowTransport("a", 150, sent),
      leaseMs,
      log,
      concurrency: 1,
    });
    const b = new OutboxWorker({
      transport: slowTransport("b", 150, sent),
      leaseMs,
      log,
      concurrency: 1,
    });

    const roundA = a.runOnce(); // claims all 4 rows at once
    // The claim is a database round trip: wait until A holds every row, then read its lease.
    const claimed = async () =>
      (await rowsOf(ids)).every((r) => r.leaseUntil !== null || r.status !== "PENDING");
    await waitUntil(claimed, {
      timeoutMs: 10_000,
      everyMs: 1,
      what: () => "worker A never claimed the batch",
    });
    const leaseEnds = Math.max(...(await rowsOf(ids)).map((r) => r.leaseUntil?.getTime() ?? 0));
    await waitUntil(() => Date.now() > leaseEnds, {
      timeoutMs: 10_000,
      everyMs: 5,
      what: () => "",
    });
    const [handledA, handledB] = await Promise.all([roundA, b.runOnce()]);

    console.info(
      `lease overrun: A handled ${handledA}, B took over ${handledB}; deliveries ` +
        JSON.stringify(sent.map((s) => `${s.by}:${s.subject}`)),
    );
    expect(sent.map((s) => s.subject).sort()).toEqual(["Lease 0", "Lease 1", "Lease 2", "Lease 3"]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3 & 4. Separate worker processes on a database file

const ROOT = path.resolve(__dirname, "../..");
const AUTH_SECRET = "test-secret-test-secret-test-secret-0123456789";

type WorkerProcess = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ready: () => boolean;
};

/** A temp dir with a migrated database file, made the test process's database. */
async function fileDatabase() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caseline-outbox-"));
  const file = path.join(dir, "outbox.db");
  const db = await openDatabase(file); // creates and migrates the file before any worker starts
  setDbForTesting(db);
  onCleanup(async () => {
    setDbForTesting(undefined);
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return file;
}

/**
 * Runs `scripts/worker.ts` in its own process. Node loads tsx as a loader (`--import tsx`)
 * rather than through the tsx CLI: the CLI runs the script in a second, child process, which a
 * SIGKILL to the CLI would leave running.
 */
function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: "production",
      EMAIL_TRANSPORT: "smtp",
      AUTH_SECRET,
      PASSWORD_HASH_COST: "10",
      ADMIN_PASSWORD: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const proc = {
    child,
    output: () => output,
    exited,
    ready: () => output.includes("outbox worker running"),
  };
  onCleanup(() => stopWorker(proc, "SIGKILL"));
  return proc;
}

const isRunning = (p: WorkerProcess) => p.child.exitCode === null && p.child.signalCode === null;

/** Stops a worker (SIGTERM lets its round in flight finish) and waits for it, bounded. */
async function stopWorker(p: WorkerProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (!isRunning(p)) return;
  p.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), 10_000);
  });
  const outcome = await Promise.race([p.exited, timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    p.child.kill("SIGKILL");
    await p.exited;
  }
}

/** Fails at once (with its output) if a worker process died on its own. */
const alive = (...procs: WorkerProcess[]) => {
  for (const p of procs) {
    if (!isRunning(p)) throw new Error(`worker exited early:\n${p.output()}`);
  }
  return true;
};

// SQLite only: the worker processes open the test's database by its URL, and here that is a
// file made for the test. On PostgreSQL the same race needs a database URL of the test's own that
// another process can open (tests/setup.ts's harness); until it offers one, these run on SQLite.
describe.skipIf(ENGINE !== "sqlite")("outbox worker processes", () => {
  it(
    "two workers racing on one database never send a message twice",
    { timeout: 120_000 },
    async () => {
      const N = 100;
      const file = await fileDatabase();
      // Each message takes > 100 ms (smtp-server waits 100 ms before its greeting, plus 10 ms here):
      // one worker alone would need > 10 s for all of them, far longer than the 2 s poll, so both
      // workers are sure to be claiming while the other one is.
      const server = await sink({ delayMs: 10 });
      const common = { DATABASE_URL: file, SMTP_URL: server.url };
      const w1 = spawnWorker({ ...common, EMAIL_FROM: "Worker One <w1@caseline.test>" });
      const w2 = spawnWorker({ ...common, EMAIL_FROM: "Worker Two <w2@caseline.test>" });
      await waitUntil(() => alive(w1, w2) && w1.ready() && w2.ready(), {
        timeoutMs: 45_000,
        what: () => `workers not ready:\n${w1.output()}\n${w2.output()}`,
      });

      // Both workers are up and polling: queue everything at once.
      const requestIdOf = new Map<string, string>();
      await writeTransaction(async () => {
        for (let i = 1; i <= N; i++) {
          const marker = `race-${String(i).padStart(3, "0")}`;
          const row = await custom(`Race ${marker}`, { text: `Message ${marker}` }, [
            `user${i}@example.test`,
          ]);
          requestIdOf.set(marker, row.requestId);
        }
      });
      const started = Date.now();

      await waitUntil(async () => alive(w1, w2) && ((await statusCounts()).SENT ?? 0) === N, {
        timeoutMs: 35_000,
        what: () => `statuses ${JSON.stringify(lastCounts)}, delivered ${server.messages.length}`,
      });
      const elapsed = Date.now() - started;
      // SIGTERM: each worker finishes its round in flight, so a late duplicate would still arrive.
      await Promise.all([stopWorker(w1), stopWorker(w2)]);

      const received = new Map<string, number>();
      for (const m of server.messages) {
        const marker = /race-\d{3}/.exec(m.subject)?.[0];
        expect(marker, `unexpected message ${m.subject}`).toBeDefined();
        expect(m.text).toContain(`Message ${marker}`);
        received.set(requestIdOf.get(marker!)!, (received.get(requestIdOf.get(marker!)!) ?? 0) + 1);
      }
      const byWorker1 = server.messages.filter((m) => m.envelopeFrom === "w1@caseline.test").length;
      const byWorker2 = server.messages.filter((m) => m.envelopeFrom === "w2@caseline.test").length;
      console.info(
        `two workers: ${N} messages, ${server.messages.length} deliveries, ` +
          `${byWorker1} by worker 1 / ${byWorker2} by worker 2, in ${elapsed} ms`,
      );

      expect(server.messages).toHaveLength(N);
      for (const requestId of requestIdOf.values()) expect(received.get(requestId)).toBe(1);
      // Each row was claimed exactly once.
      for (const row of await rowsOf()) expect(row).toMatchObject({ status: "SENT", attempts: 1 });
      // The race was real: both workers sent part of the batch.
      expect(byWorker1).toBeGreaterThan(0);
      expect(byWorker2).toBeGreaterThan(0);
      expect(byWorker1 + byWorker2).toBe(N);
    },
  );

  it("a worker killed with messages pending loses none of them", { timeout: 120_000 }, async () => {
    const N = 30;
    const file = await fileDatabase();
    const requestIds = new Map<string, string>();
    for (let i = 1; i <= N; i++) {
      const marker = `kill-${String(i).padStart(2, "0")}`;
      const row = await custom(`Kill ${marker}`, { text: marker }, [`user${i}@example.test`]);
      requestIds.set(marker, row.requestId);
    }
    const server = await sink({ delayMs: 150 });
    const env = { DATABASE_URL: file, SMTP_URL: server.url, OUTBOX_LEASE_SECONDS: "1" };

    const first = spawnWorker(env);
    await waitUntil(() => alive(first) && server.messages.length >= 5, {
      timeoutMs: 45_000,
      what: () => `only ${server.messages.length} delivered:\n${first.output()}`,
    });
    first.child.kill("SIGKILL");
    expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
    const deliveredBeforeKill = server.messages.length;

    const afterKill = await statusCounts();
    expect(afterKill.PENDING ?? 0).toBeGreaterThan(0);
    expect(afterKill.SENT ?? 0).toBeLessThanOrEqual(deliveredBeforeKill);
    expect(afterKill.FAILED).toBeUndefined();
    // Rows the dead worker had claimed but not finished: only its lease running out frees them.
    const heldByDead = (await rowsOf()).filter(
      (r) => r.status === "PENDING" && r.leaseUntil !== null,
    );
    expect(heldByDead.length).toBeGreaterThan(0);
    // In flight at the kill: the attempt had begun (counted before the send) but its outcome was
    // never written. The SMTP server may already have taken such a message, so the outbox promises
    // at-least-once for these and exactly-once for every other row. A worker has at most
    // `concurrency` (4) sends in flight at once.
    const inFlight = new Set(
      (await rowsOf())
        .filter((r) => r.status === "PENDING" && r.attempts > 0)
        .map((r) => r.requestId),
    );
    expect(inFlight.size).toBeLessThanOrEqual(4);

    const started = Date.now();
    const second = spawnWorker(env);
    await waitUntil(async () => alive(second) && ((await statusCounts()).SENT ?? 0) === N, {
      timeoutMs: 35_000,
      everyMs: 100,
      what: () => `statuses ${JSON.stringify(lastCounts)}:\n${second.output()}`,
    });
    const elapsed = Date.now() - started;
    await stopWorker(second);

    const received = new Map<string, number>();
    for (const m of server.messages) {
      const marker = /kill-\d{2}/.exec(m.subject)?.[0];
      expect(marker, `unexpected message ${m.subject}`).toBeDefined();
      const id = requestIds.get(marker!)!;
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const duplicates = server.messages.length - received.size;
    console.info(
      `killed worker: ${deliveredBeforeKill} delivered before SIGKILL (${afterKill.SENT ?? 0} marked SENT), ` +
        `${heldByDead.length} rows left claimed by the dead worker, ${inFlight.size} in flight; ` +
        `${N} messages, ${server.messages.length} deliveries, ${duplicates} duplicate(s); ` +
        `second worker finished in ${elapsed} ms`,
    );

    for (const requestId of requestIds.values()) {
      expect(received.get(requestId) ?? 0).toBeGreaterThanOrEqual(1);
    }
    // Only a message in flight at the kill may go out twice; every other one exactly once.
    for (const [requestId, count] of received) {
      expect(count, requestId).toBeLessThanOrEqual(inFlight.has(requestId) ? 2 : 1);
    }
    expect(duplicates).toBeLessThanOrEqual(inFlight.size);
    expect(await statusCounts()).toEqual({ SENT: N });
  });
});
