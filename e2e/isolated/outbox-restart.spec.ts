import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { E2E_RESTART_PORT } from "../../playwright.config";

/**
 * Nothing committed is lost when the process is killed (docs/operations.md#durability), for email: a production server
 * (the build the suite just made) is killed with SIGKILL while its outbox is still sending over
 * SMTP; once restarted on the same database it sends every remaining message.
 */
const PORT = E2E_RESTART_PORT;
const DIR = path.resolve("data/e2e-restart");
const PASSWORD = "Restart-Admin#2026";

/**
 * The server under test, on its own port. It dies with this worker whatever ends the test (a
 * failure, a timeout, a crash), so no server is left behind to answer the next run's requests.
 */
function startServer(smtpPort: number): ChildProcess {
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: path.join(DIR, "caseline.db"),
      AUTH_SECRET: "restart-secret-restart-secret-restart-secret",
      ADMIN_PASSWORD: PASSWORD,
      EMAIL_TRANSPORT: "smtp",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      OUTBOX_LEASE_SECONDS: "1",
      OUTBOX_RETRY_BASE_SECONDS: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
  const stop = () => child.kill("SIGKILL");
  process.once("exit", stop);
  child.once("exit", () => process.off("exit", stop));
  return child;
}

/** The server just started answers (and not another one left on the port: it would exit 1). */
async function healthy(server: ChildProcess) {
  await expect
    .poll(
      () =>
        server.exitCode !== null
          ? Promise.reject(new Error(`the server exited with ${server.exitCode}`))
          : fetch(`http://127.0.0.1:${PORT}/api/v1/health`).then(
              (r) => r.status,
              () => 0,
            ),
      { timeout: 30_000 },
    )
    .toBe(200);
}

test("killing the server while emails are pending loses none: they are sent after a restart", async () => {
  test.setTimeout(120_000);
  rmSync(DIR, { recursive: true, force: true });
  const received: string[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        const subject = raw.match(/^Subject: (.*)$/m)?.[1]?.trim() ?? "";
        // Slow on purpose, so the server is killed with messages still queued.
        setTimeout(() => {
          received.push(subject);
          callback();
        }, 250);
      });
    },
  });
  // The server is killed in the middle of SMTP conversations: the sink then sees connections reset,
  // which is the point of the test, not a failure of it.
  sink.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const smtpPort = (sink.server.address() as AddressInfo).port;
  let server = startServer(smtpPort);
  try {
    await healthy(server);
    const signin = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/signin`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "admin", password: PASSWORD }),
    });
    const token = (await signin.json()).userDetails.token as string;
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/tickets`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: `Restart check ${i}`, description: "Queued before a kill" }),
      });
      expect(res.status).toBe(201);
    }
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("exit", resolve));

    const db = new Database(path.join(DIR, "caseline.db"));
    const rows = () =>
      db.prepare("select subject, status, attempts from notifications").all() as {
        subject: string;
        status: string;
        attempts: number;
      }[];
    const pending = rows().filter((r) => r.status === "PENDING").length;
    // In flight at the kill: the attempt had begun but its outcome was never written, so the SMTP
    // server may have the message already. Only these may arrive twice (at-least-once); the worker
    // has at most 4 sends in flight. (Several rows may share a subject, so count per subject.)
    const inFlight = rows().filter((r) => r.status === "PENDING" && r.attempts > 0);
    expect(inFlight.length).toBeLessThanOrEqual(4);
    expect(pending, "messages still queued when the server died").toBeGreaterThan(0);
    console.log(
      `killed with ${pending} of ${rows().length} emails pending (${received.length} delivered)`,
    );

    server = startServer(smtpPort);
    await healthy(server);
    await expect
      .poll(() => rows().filter((r) => r.status !== "SENT").length, { timeout: 60_000 })
      .toBe(0);
    const all = rows();
    const count = (subjects: string[]) =>
      subjects.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
    const rowsPerSubject = count(all.map((r) => r.subject));
    const inFlightPerSubject = count(inFlight.map((r) => r.subject));
    const copies = count(received);
    for (const [subject, n] of rowsPerSubject) {
      expect(copies.get(subject) ?? 0, subject).toBeGreaterThanOrEqual(n);
      expect(
        copies.get(subject) ?? 0,
        `${subject}: only messages in flight at the kill may be sent twice`,
      ).toBeLessThanOrEqual(n + (inFlightPerSubject.get(subject) ?? 0));
    }
    console.log(`after restart: all ${all.length} sent, ${received.length} deliveries`);
    db.close();
  } finally {
    server.kill("SIGKILL");
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }
});
