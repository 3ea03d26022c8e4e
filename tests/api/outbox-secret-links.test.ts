import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as forgotRoute from "@/app/api/v1/auth/forgot-password/route";
import * as resetRoute from "@/app/api/v1/auth/reset-password/route";
import * as listRoute from "@/app/api/v1/notifications/route";
import * as requestRoute from "@/app/api/v1/notifications/[requestId]/route";
import * as retryRoute from "@/app/api/v1/notifications/[requestId]/retry/route";
import { getDb } from "@/db/client";
import { notifications, type Notification } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { previewNotification } from "@/lib/notifications/requests";
import { HIDDEN_TOKEN } from "@/lib/notifications/secret-links";
import { smtpTransport, type Transport } from "@/lib/notifications/transports";
import { OutboxWorker } from "@/lib/notifications/worker";
import { call, makeUser, tokenFor } from "../helpers";
import { startSmtpSink } from "../smtp-sink";

/**
 * Issue 9 §5: a single-use link queued in the outbox is never readable by an admin. The row keeps
 * it sealed, every admin view (API and the outbox page's data) shows it redacted, and only the
 * message that leaves carries the working link — also after a failure and a retry.
 */

const NEW_PASSWORD = "N3w!password-secret-links";
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

const failing: Transport = {
  name: "failing",
  send: async () => {
    throw new Error("mail server said no");
  },
};

async function sink() {
  const server = await startSmtpSink();
  const transport = smtpTransport(server.url);
  cleanups.push(() => server.close());
  cleanups.push(() => transport.close?.());
  return { server, transport };
}

const resetTo = async (email: string): Promise<Notification> =>
  (await getDb().select().from(notifications).where(eq(notifications.template, "password-reset")))
    .filter((r) => (JSON.parse(r.recipientEmails) as string[]).includes(email))
    .at(-1)!;

const spend = (token: string) =>
  call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", {
    body: { token, password: NEW_PASSWORD },
  });

/** Everything an admin can read about one outbox row: the API's answers and the page's data. */
async function adminViews(row: Notification) {
  const admin = await makeUser("ADMIN");
  const token = await tokenFor(admin.user);
  const one = await call(
    requestRoute.GET,
    "GET",
    `/api/v1/notifications/${row.requestId}`,
    { token },
    { requestId: row.requestId },
  );
  const list = await call(listRoute.GET, "GET", "/api/v1/notifications?limit=100", { token });
  expect(one.status).toBe(200);
  expect(list.status).toBe(200);
  const page = await previewNotification(admin.actor, row.requestId);
  return { admin, token, texts: [one.text, list.text, JSON.stringify(page)], page };
}

/** Every token-shaped value in a text after `token=` (what someone would try to spend). */
const shownTokens = (text: string) =>
  [...text.matchAll(/token=([^"&\s<>\]]+)/g)].map((m) => decodeURIComponent(m[1]));

async function requestReset() {
  const { user } = await makeUser("ADMIN");
  const res = await call(forgotRoute.POST, "POST", "/api/v1/auth/forgot-password", {
    body: { email: user.email },
  });
  expect(res.status).toBe(200);
  return { user, row: await resetTo(user.email) };
}

function tokenIn(text: string) {
  const token = text.match(/\/reset-password\?token=([A-Za-z0-9_-]+)/)?.[1];
  expect(token, "the delivered email carries a reset link").toBeTruthy();
  return token!;
}

describe("single-use links in the outbox", () => {
  it("a queued reset email shows no usable link to an admin; the recipient gets a working one", async () => {
    const { row } = await requestReset();
    expect(row.status).toBe("PENDING");

    const { texts, page } = await adminViews(row);
    expect(page.text).toContain(`token=${HIDDEN_TOKEN}`);
    expect(page.html).toContain(`token=${HIDDEN_TOKEN}`);
    const shown = texts.flatMap(shownTokens);
    expect(shown.length).toBeGreaterThan(0);
    for (const candidate of new Set(shown)) {
      const res = await spend(candidate);
      expect(res.status, `spending "${candidate}" must fail`).toBe(400);
    }
    // The stored row itself holds no clear link either (only a sealed copy).
    expect(row.data).not.toMatch(/token=(?!link-hidden)[A-Za-z0-9_-]{20,}/);

    const { server, transport } = await sink();
    await new OutboxWorker({ transport, log: () => {} }).drain();
    const mail = server.messages.find((m) => m.subject.includes("Reset"))!;
    const real = tokenIn(mail.text);
    expect(mail.html).toContain(`token=${real}`);
    for (const text of texts) expect(text).not.toContain(real);

    // Sent: the row keeps only the redacted message, and the delivered link works.
    const sent = await resetTo(JSON.parse(row.recipientEmails)[0] as string);
    expect(sent.status).toBe("SENT");
    for (const stored of [sent.data, sent.textBody ?? "", sent.htmlBody ?? ""]) {
      expect(stored).not.toContain(real);
      expect(stored).not.toContain("sealedUrl");
    }
    expect((await spend(real)).status).toBe(200);
  });

  it("a FAILED reset email stays redacted, and its retry still sends a working link", async () => {
    const { user, row } = await requestReset();
    await new OutboxWorker({ transport: failing, maxAttempts: 1, log: () => {} }).drain();
    const failed = await resetTo(user.email);
    expect(failed.status).toBe("FAILED");

    const { token, texts } = await adminViews(failed);
    for (const candidate of new Set(texts.flatMap(shownTokens))) {
      expect((await spend(candidate)).status).toBe(400);
    }

    const retried = await call(
      retryRoute.POST,
      "POST",
      `/api/v1/notifications/${row.requestId}/retry`,
      { token },
      { requestId: row.requestId },
    );
    expect(retried.status).toBe(200);
    const { server, transport } = await sink();
    await new OutboxWorker({ transport, log: () => {} }).drain();
    const mail = server.messages.find((m) => m.to.includes(user.email.toLowerCase()))!;
    const real = tokenIn(mail.text);
    for (const text of texts) expect(text).not.toContain(real);
    expect((await spend(real)).status).toBe(200);
  });
});
