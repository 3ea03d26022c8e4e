/**
 * The Resend transport against a local HTTP server standing in for Resend's API: a call that
 * hangs is abandoned inside the worker's lease and the message goes back to the queue, to be sent
 * (once) on a later round.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb, writeTransaction } from "@/db/client";
import { notifications } from "@/db/schema";
import { enqueueEmail } from "@/lib/notifications/outbox";
import { resendTransport, sendTimeoutMs } from "@/lib/notifications/transports";
import { OutboxWorker } from "@/lib/notifications/worker";

type Seen = { body: Record<string, unknown>; idempotencyKey: string | undefined };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A fake Resend: hangs (never answers) the first `hang` calls, then accepts. */
async function fakeResend(hang: number) {
  const seen: Seen[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      seen.push({
        body: JSON.parse(raw),
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
      });
      if (seen.length <= hang) {
        hanging.push(res);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `re_${seen.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, seen };
}

describe("Resend transport timeout", () => {
  it("a send that hangs is abandoned inside the lease, retried later and sent once", async () => {
    const api = await fakeResend(1);
    const leaseMs = 4_000;
    const transport = resendTransport("re_test_key", {
      baseUrl: api.baseUrl,
      timeoutMs: sendTimeoutMs(leaseMs / 1000),
    });
    const row = await writeTransaction(() =>
      enqueueEmail({
        template: "custom",
        data: { text: "Hello" },
        subject: "Hello",
        to: ["dest@example.test"],
        requester: "service",
      }),
    );
    const logged: string[] = [];
    const worker = new OutboxWorker({
      transport,
      leaseMs,
      retryBaseMs: 1,
      log: (l) => logged.push(l),
    });

    // The first round ends: the hung call was given up (its timeout is half the lease).
    await worker.runOnce();
    const [afterFirst] = await getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.id, row.id))
      .limit(1);
    expect(afterFirst.status).toBe("PENDING");
    expect(afterFirst.leaseUntil).toBeNull();
    expect(afterFirst.lastError).toMatch(/did not answer/);
    expect(logged.join("\n")).toMatch(/will be retried/);

    // A later round sends it, under the same idempotency key, so Resend keeps one copy.
    const current = async () => {
      const [found] = await getDb()
        .select()
        .from(notifications)
        .where(eq(notifications.id, row.id))
        .limit(1);
      return found;
    };
    // Its retry is due a millisecond later: run rounds until it is (bounded).
    for (let round = 0; round < 1000 && (await current()).status === "PENDING"; round++) {
      await worker.runOnce();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const sent = await current();
    expect(sent.status).toBe("SENT");
    expect(api.seen).toHaveLength(2);
    expect(api.seen[0].idempotencyKey).toBe(row.requestId);
    expect(api.seen[1].idempotencyKey).toBe(row.requestId);
    expect(api.seen[1].body).toMatchObject({ to: ["dest@example.test"], subject: "Hello" });
  }, 30_000);

  it("the timeout from the environment stays well inside OUTBOX_LEASE_SECONDS", () => {
    for (const lease of [1, 2, 10, 30, 120, 600, 3600]) {
      expect(sendTimeoutMs(lease)).toBeLessThan(lease * 1000);
      expect(sendTimeoutMs(lease)).toBeGreaterThan(0);
    }
  });
});
