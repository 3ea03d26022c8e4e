import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as listRoute from "@/app/api/v1/notifications/route";
import * as requestRoute from "@/app/api/v1/notifications/[requestId]/route";
import * as retryRoute from "@/app/api/v1/notifications/[requestId]/retry/route";
import { getDb } from "@/db/client";
import { notifications, tickets } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import type { OutgoingEmail, Transport } from "@/lib/notifications/transports";
import { OutboxWorker } from "@/lib/notifications/worker";
import { call } from "../helpers";
import { person, raise } from "../ticket-kit";

/** The notification request API (docs/notifications.md#the-notification-api), followed through the outbox worker. */

const SERVICE_TOKEN = "svc-token-0123456789-abcdefghijklmnopqrstuvwxyz";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

function useServiceToken(token = SERVICE_TOKEN) {
  vi.stubEnv("NOTIFICATION_SERVICE_TOKEN", token);
  resetEnvForTesting();
}

let seq = 0;
/** A valid request body with unique subject and recipient. */
function request(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    subject: `Planned maintenance ${seq}`,
    content: `The service is down tonight (${seq}).`,
    recipientEmails: [`Reader${seq}@Example.test`],
    requester: "ops-bot",
    ...overrides,
  };
}

const post = (body: unknown, token?: string) =>
  call(listRoute.POST, "POST", "/api/v1/notifications", { body, token });
const status = (requestId: string, token?: string) =>
  call(requestRoute.GET, "GET", `/api/v1/notifications/${requestId}`, { token }, { requestId });
const list = (token: string, query = "") =>
  call(listRoute.GET, "GET", `/api/v1/notifications${query ? `?${query}` : ""}`, { token });
const retry = (requestId: string, token?: string) =>
  call(
    retryRoute.POST,
    "POST",
    `/api/v1/notifications/${requestId}/retry`,
    { token },
    { requestId },
  );

const rowCount = async () => (await getDb().select({ n: count() }).from(notifications))[0].n;

async function rowOf(requestId: string) {
  const [row] = await getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.requestId, requestId))
    .limit(1);
  return row!;
}

/** A transport that keeps what it was given; fails the subjects it is told to. */
function fakeTransport(failSubjects: (subject: string) => boolean = () => false) {
  const sent: OutgoingEmail[] = [];
  const transport: Transport = {
    name: "fake",
    async send(email) {
      if (failSubjects(email.subject)) throw new Error(`mailbox unavailable for ${email.subject}`);
      sent.push(email);
    },
  };
  return { sent, transport };
}

const worker = (transport: Transport, maxAttempts = 3) =>
  new OutboxWorker({ transport, maxAttempts, log: () => {} });

function expectErrorShape(res: Awaited<ReturnType<typeof call>>, code: number, errorCode: string) {
  expect(res.status).toBe(code);
  expect(res.json.error.code).toBe(errorCode);
  expect(res.json.error.message).toEqual(expect.any(String));
}

describe("POST /notifications: who may ask", () => {
  it("an admin gets 202 {requestId, status: PENDING} and a queued row", async () => {
    const admin = await person("ADMIN");
    const body = request();
    const res = await post(body, admin.token);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ requestId: expect.any(String), status: "PENDING" });

    const row = await rowOf(res.json.requestId);
    expect(row).toMatchObject({
      status: "PENDING",
      subject: body.subject,
      requester: "ops-bot",
      template: "custom",
      attempts: 0,
    });
    expect(JSON.parse(row.recipientEmails)).toEqual([
      (body.recipientEmails as string[])[0].toLowerCase(),
    ]);
  });

  it("a service holding NOTIFICATION_SERVICE_TOKEN gets 202 and may read the status", async () => {
    useServiceToken();
    const res = await post(request(), SERVICE_TOKEN);
    expect(res.status).toBe(202);
    expect(res.json.status).toBe("PENDING");
    const got = await status(res.json.requestId, SERVICE_TOKEN);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ requestId: res.json.requestId, status: "PENDING" });
  });

  it("the service token also works as x-access-token", async () => {
    useServiceToken();
    const res = await call(listRoute.POST, "POST", "/api/v1/notifications", {
      body: request(),
      headers: { "x-access-token": SERVICE_TOKEN },
    });
    expect(res.status).toBe(202);
  });

  it.each(["ENGINEER", "CUSTOMER"] as const)(
    "a %s gets 403 and nothing is queued",
    async (role) => {
      const who = await person(role);
      const before = await rowCount();
      const res = await post(request(), who.token);
      expectErrorShape(res, 403, "FORBIDDEN");
      expect(await rowCount()).toBe(before);
    },
  );

  it.each(["ENGINEER", "CUSTOMER"] as const)(
    "a %s gets 403 even for an invalid body (the role is checked before the body)",
    async (role) => {
      const who = await person(role);
      const res = await post({ subject: "" }, who.token);
      expectErrorShape(res, 403, "FORBIDDEN");
    },
  );

  it("no token answers 401", async () => {
    const before = await rowCount();
    expectErrorShape(await post(request()), 401, "UNAUTHENTICATED");
    expect(await rowCount()).toBe(before);
  });

  it("a wrong service token answers 401, on POST and GET", async () => {
    useServiceToken();
    const admin = await person("ADMIN");
    const queued = await post(request(), admin.token);
    const before = await rowCount();
    const wrong = `${SERVICE_TOKEN.slice(0, -1)}X`;
    expectErrorShape(await post(request(), wrong), 401, "UNAUTHENTICATED");
    expectErrorShape(await status(queued.json.requestId, wrong), 401, "UNAUTHENTICATED");
    expect(await rowCount()).toBe(before);
  });

  it("with no service token configured, no bearer string works as one", async () => {
    expectErrorShape(await post(request(), SERVICE_TOKEN), 401, "UNAUTHENTICATED");
    expectErrorShape(await post(request(), ""), 401, "UNAUTHENTICATED");
  });

  it("the service token opens no admin-only route (list, retry)", async () => {
    useServiceToken();
    const listed = await list(SERVICE_TOKEN);
    expect([401, 403]).toContain(listed.status);
    const queued = await post(request(), SERVICE_TOKEN);
    const retried = await retry(queued.json.requestId, SERVICE_TOKEN);
    expect([401, 403]).toContain(retried.status);
  });
});

describe("POST /notifications: bodies", () => {
  const bad: [string, unknown, string][] = [
    ["a missing subject", { ...request(), subject: undefined }, "subject"],
    ["a blank subject", request({ subject: "   " }), "subject"],
    ["a subject of the wrong type", request({ subject: 42 }), "subject"],
    ["empty recipientEmails", request({ recipientEmails: [] }), "recipientEmails"],
    ["a non-email recipient", request({ recipientEmails: ["not-an-email"] }), "recipientEmails.0"],
    [
      "recipientEmails as a string",
      request({ recipientEmails: "a@example.test" }),
      "recipientEmails",
    ],
    ["missing recipientEmails", { ...request(), recipientEmails: undefined }, "recipientEmails"],
    ["content of the wrong type", request({ content: 42 }), "content"],
    ["empty content", request({ content: "" }), "content"],
    ["content {html} without text", request({ content: { html: "<p>x</p>" } }), "content"],
    ["a missing requester", { ...request(), requester: undefined }, "requester"],
    ["a ticketId of the wrong type", request({ ticketId: { id: 1 } }), "ticketId"],
  ];

  it.each(bad)("%s answers 400 with details, queuing nothing", async (_, body, field) => {
    const admin = await person("ADMIN");
    const before = await rowCount();
    const res = await post(body, admin.token);
    expectErrorShape(res, 400, "VALIDATION");
    expect(Object.keys(res.json.error.details).some((k) => k.startsWith(field))).toBe(true);
    expect(await rowCount()).toBe(before);
  });

  it.each([
    ["malformed JSON", "{subject: oops"],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["a JSON string", '"hello"'],
  ])("%s answers 400 (never 5xx)", async (_, rawBody) => {
    const admin = await person("ADMIN");
    const before = await rowCount();
    const res = await call(listRoute.POST, "POST", "/api/v1/notifications", {
      token: admin.token,
      rawBody,
      headers: { "content-type": "application/json" },
    });
    expectErrorShape(res, 400, "VALIDATION");
    expect(res.json.error.details).toEqual(expect.any(Object));
    expect(await rowCount()).toBe(before);
  });

  it("an unknown ticketId answers 400 with details.ticketId", async () => {
    const admin = await person("ADMIN");
    const before = await rowCount();
    for (const ticketId of [987654, "t-no-such-ticket"]) {
      const res = await post(request({ ticketId }), admin.token);
      expectErrorShape(res, 400, "VALIDATION");
      expect(res.json.error.details.ticketId.length).toBeGreaterThan(0);
    }
    expect(await rowCount()).toBe(before);
  });

  it("a known ticketId (number or id) is kept on the request", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const n = await raise(customer);
    const [{ id }] = await getDb()
      .select({ id: tickets.id })
      .from(tickets)
      .where(eq(tickets.number, n));
    for (const ticketId of [n, id]) {
      const res = await post(request({ ticketId }), admin.token);
      expect(res.status).toBe(202);
      expect((await status(res.json.requestId, admin.token)).json.ticketNumber).toBe(n);
    }
  });

  it("content as a string goes out as text, with that text escaped as the HTML part", async () => {
    const admin = await person("ADMIN");
    const body = request({ content: "Line <b>one</b> & two" });
    const res = await post(body, admin.token);
    const { sent, transport } = fakeTransport();
    await worker(transport).drain();
    const mail = sent.find((m) => m.subject === body.subject)!;
    expect(mail.to).toEqual([(body.recipientEmails as string[])[0].toLowerCase()]);
    expect(mail.text).toBe("Line <b>one</b> & two");
    expect(mail.html).not.toContain("<b>one</b>");
    expect(mail.html).toContain("one");
    expect((await rowOf(res.json.requestId)).status).toBe("SENT");
  });

  it("content as {text, html} goes out with both parts as given", async () => {
    const admin = await person("ADMIN");
    const body = request({
      content: { text: "Plain version", html: "<p>Rich <em>version</em></p>" },
    });
    await post(body, admin.token);
    const { sent, transport } = fakeTransport();
    await worker(transport).drain();
    const mail = sent.find((m) => m.subject === body.subject)!;
    expect(mail.text).toBe("Plain version");
    expect(mail.html).toBe("<p>Rich <em>version</em></p>");
  });

  it("several recipients stay on one request and one message", async () => {
    const admin = await person("ADMIN");
    const body = request({ recipientEmails: ["one.r@example.test", "two.r@example.test"] });
    const res = await post(body, admin.token);
    expect(res.status).toBe(202);
    expect((await status(res.json.requestId, admin.token)).json.recipientEmails).toEqual([
      "one.r@example.test",
      "two.r@example.test",
    ]);
  });
});

describe("GET /notifications/:requestId and the worker", () => {
  it("reports PENDING, then SENT with sentAt once the worker has sent it", async () => {
    const admin = await person("ADMIN");
    const body = request();
    const { requestId } = (await post(body, admin.token)).json;

    const pending = await status(requestId, admin.token);
    expect(pending.status).toBe(200);
    expect(pending.json).toMatchObject({
      requestId,
      status: "PENDING",
      subject: body.subject,
      requester: "ops-bot",
      attempts: 0,
      lastError: null,
      sentAt: null,
    });

    const { sent, transport } = fakeTransport();
    const startedAt = Date.now();
    await worker(transport).drain();
    expect(sent.filter((m) => m.subject === body.subject)).toHaveLength(1);

    const done = await status(requestId, admin.token);
    expect(done.json).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
    expect(Date.parse(done.json.sentAt)).toBeGreaterThanOrEqual(startedAt - 1000);

    // A second drain sends nothing again.
    await worker(transport).drain();
    expect(sent.filter((m) => m.subject === body.subject)).toHaveLength(1);
  });

  it("with a failing transport and maxAttempts 1, reports FAILED with lastError", async () => {
    const admin = await person("ADMIN");
    const { requestId } = (await post(request(), admin.token)).json;
    const { transport } = fakeTransport(() => true);
    await worker(transport, 1).drain();

    const res = await status(requestId, admin.token);
    expect(res.json).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null });
    expect(res.json.lastError).toMatch(/mailbox unavailable/);
  });

  it("a failure with attempts left stays PENDING, with lastError and a later nextAttemptAt", async () => {
    const admin = await person("ADMIN");
    const { requestId } = (await post(request(), admin.token)).json;
    const { transport } = fakeTransport(() => true);
    const startedAt = Date.now();
    await worker(transport, 3).drain();

    const res = await status(requestId, admin.token);
    expect(res.json).toMatchObject({ status: "PENDING", attempts: 1, sentAt: null });
    expect(res.json.lastError).toMatch(/mailbox unavailable/);
    expect(Date.parse(res.json.nextAttemptAt)).toBeGreaterThan(startedAt);
  });

  it("an unknown requestId answers 404", async () => {
    const admin = await person("ADMIN");
    expectErrorShape(await status("nr_does_not_exist", admin.token), 404, "NOT_FOUND");
  });

  it.each(["ENGINEER", "CUSTOMER"] as const)("a %s reading a status gets 403", async (role) => {
    const admin = await person("ADMIN");
    const who = await person(role);
    const { requestId } = (await post(request(), admin.token)).json;
    expectErrorShape(await status(requestId, who.token), 403, "FORBIDDEN");
  });

  it("no token reading a status gets 401", async () => {
    const admin = await person("ADMIN");
    const { requestId } = (await post(request(), admin.token)).json;
    expectErrorShape(await status(requestId), 401, "UNAUTHENTICATED");
  });
});

describe("GET /notifications (admin outbox)", () => {
  it("filters by status=FAILED and pages with {data, nextCursor}, newest first", async () => {
    const admin = await person("ADMIN");
    const failing = [];
    for (let i = 0; i < 3; i += 1) {
      failing.push((await post(request({ subject: `Fail me ${i}` }), admin.token)).json.requestId);
    }
    const fine = (await post(request(), admin.token)).json.requestId;
    const { transport } = fakeTransport((s) => s.startsWith("Fail me"));
    await worker(transport, 1).drain();
    expect((await rowOf(fine)).status).toBe("SENT");

    const page1 = await list(admin.token, "status=FAILED&limit=2");
    expect(page1.status).toBe(200);
    expect(page1.json.data.map((r: { requestId: string }) => r.requestId)).toEqual([
      failing[2],
      failing[1],
    ]);
    expect(page1.json.data.every((r: { status: string }) => r.status === "FAILED")).toBe(true);
    expect(page1.json.nextCursor).toEqual(expect.any(String));

    const page2 = await list(
      admin.token,
      `status=FAILED&limit=2&cursor=${encodeURIComponent(page1.json.nextCursor)}`,
    );
    expect(page2.status).toBe(200);
    expect(page2.json.data.map((r: { requestId: string }) => r.requestId)).toEqual([failing[0]]);
    expect(page2.json.nextCursor).toBeNull();
  });

  it("lists everything without a filter, and answers 400 to a bad status or cursor", async () => {
    const admin = await person("ADMIN");
    const a = (await post(request(), admin.token)).json.requestId;
    const res = await list(admin.token, "limit=100");
    expect(res.json.data.map((r: { requestId: string }) => r.requestId)).toContain(a);
    expect(res.json.data).toHaveLength(await rowCount());
    expectErrorShape(await list(admin.token, "status=LOST"), 400, "VALIDATION");
    expectErrorShape(await list(admin.token, "cursor=garbage!"), 400, "VALIDATION");
    expectErrorShape(await list(admin.token, "limit=1000"), 400, "VALIDATION");
  });

  it.each(["ENGINEER", "CUSTOMER"] as const)("a %s gets 403", async (role) => {
    const who = await person(role);
    expectErrorShape(await list(who.token), 403, "FORBIDDEN");
  });
});

describe("POST /notifications/:requestId/retry", () => {
  it("puts a FAILED request back to PENDING with attempts 0, and the worker then sends it", async () => {
    const admin = await person("ADMIN");
    const body = request();
    const { requestId } = (await post(body, admin.token)).json;
    await worker(fakeTransport(() => true).transport, 1).drain();
    expect((await rowOf(requestId)).status).toBe("FAILED");

    const res = await retry(requestId, admin.token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ requestId, status: "PENDING", attempts: 0 });
    expect((await status(requestId, admin.token)).json).toMatchObject({
      status: "PENDING",
      attempts: 0,
    });

    const { sent, transport } = fakeTransport();
    await worker(transport, 1).drain();
    expect(sent.filter((m) => m.subject === body.subject)).toHaveLength(1);
    expect((await status(requestId, admin.token)).json).toMatchObject({
      status: "SENT",
      attempts: 1,
      lastError: null,
    });
  });

  it("answers 409 for a PENDING request and for a SENT one", async () => {
    const admin = await person("ADMIN");
    const { requestId } = (await post(request(), admin.token)).json;
    expectErrorShape(await retry(requestId, admin.token), 409, "CONFLICT");
    await worker(fakeTransport().transport).drain();
    expect((await rowOf(requestId)).status).toBe("SENT");
    expectErrorShape(await retry(requestId, admin.token), 409, "CONFLICT");
    expect((await rowOf(requestId)).status).toBe("SENT");
  });

  it("answers 404 for an unknown request", async () => {
    const admin = await person("ADMIN");
    expectErrorShape(await retry("nr_unknown", admin.token), 404, "NOT_FOUND");
  });

  it.each(["ENGINEER", "CUSTOMER"] as const)(
    "a %s gets 403 and the request stays FAILED",
    async (role) => {
      const admin = await person("ADMIN");
      const who = await person(role);
      const { requestId } = (await post(request(), admin.token)).json;
      await worker(fakeTransport(() => true).transport, 1).drain();
      expectErrorShape(await retry(requestId, who.token), 403, "FORBIDDEN");
      expect((await rowOf(requestId)).status).toBe("FAILED");
    },
  );

  it("no token answers 401", async () => {
    expectErrorShape(await retry("nr_whatever"), 401, "UNAUTHENTICATED");
  });
});
