import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as forgotRoute from "@/app/api/v1/auth/forgot-password/route";
import * as resetRoute from "@/app/api/v1/auth/reset-password/route";
import * as signinRoute from "@/app/api/v1/auth/signin/route";
import * as verificationRoute from "@/app/api/v1/auth/verification-email/route";
import * as verifyRoute from "@/app/api/v1/auth/verify-email/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { getDb, writeTransaction } from "@/db/client";
import { notifications, userTokens, type Notification } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { renderEmail } from "@/lib/notifications/render";
import { restoreSecretLink } from "@/lib/notifications/secret-links";
import type { EmailOf } from "@/lib/notifications/templates";
import { call, makeUser, PASSWORD, tokenFor } from "../helpers";

/** Forgot password, reset, email verification (docs/roles-and-accounts.md), through the real route handlers. */

const NEW_PASSWORD = "N3w!password";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

function useEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTesting();
}

const forgot = (body: unknown) =>
  call(forgotRoute.POST, "POST", "/api/v1/auth/forgot-password", { body });
const reset = (body: unknown) =>
  call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", { body });
const verify = (body: unknown) =>
  call(verifyRoute.POST, "POST", "/api/v1/auth/verify-email", { body });
const resend = (token?: string) =>
  call(verificationRoute.POST, "POST", "/api/v1/auth/verification-email", { token });
const signIn = (userId: string, password: string) =>
  call(signinRoute.POST, "POST", "/api/v1/auth/signin", { body: { userId, password } });
const getUser = (token: string, userId: string) =>
  call(userRoute.GET, "GET", `/api/v1/users/${userId}`, { token }, { userId });

/** Outbox rows of one template to one address, oldest first. */
async function emailsTo(email: string, template: string): Promise<Notification[]> {
  const rows = await getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.template, template))
    .orderBy(asc(notifications.id));
  return rows.filter((r) => (JSON.parse(r.recipientEmails) as string[]).includes(email));
}

/**
 * The token as the user gets it: from the rendered email's plain text, checked against the link
 * in its HTML part. The row keeps the link sealed; the worker restores it the same way to send.
 */
async function tokenFromEmail(row: Notification, path: "/reset-password" | "/verify-email") {
  const stored = { template: row.template, data: JSON.parse(row.data) } as EmailOf;
  const real = restoreSecretLink(stored)?.real;
  const email = await renderEmail({ ...stored, data: { ...stored.data, url: real } } as EmailOf);
  const pattern = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`);
  const fromText = email.text.match(pattern)?.[1];
  const fromHtml = email.html.match(pattern)?.[1];
  expect(fromText).toBeTruthy();
  expect(fromHtml).toBe(fromText);
  return fromText!;
}

function expectErrorShape(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.message).toEqual(expect.any(String));
}

function tokenRows(userDbId: number, purpose: "verify-email" | "reset-password") {
  return getDb()
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.userId, userDbId), eq(userTokens.purpose, purpose)));
}

/** Moves every token of a user back in time (ms), as if issued that long ago. */
async function ageTokens(userDbId: number, ms: number) {
  const tokens = await getDb()
    .select({ id: userTokens.id, createdAt: userTokens.createdAt })
    .from(userTokens)
    .where(eq(userTokens.userId, userDbId));
  for (const t of tokens) {
    await writeTransaction(async () => {
      await getDb()
        .update(userTokens)
        .set({ createdAt: new Date(t.createdAt.getTime() - ms) })
        .where(eq(userTokens.id, t.id));
    });
  }
}

async function resetTokenFor(email: string) {
  const res = await forgot({ email });
  expect(res.status).toBe(200);
  const rows = await emailsTo(email, "password-reset");
  expect(rows.length).toBeGreaterThan(0);
  return tokenFromEmail(rows.at(-1)!, "/reset-password");
}

describe("POST /auth/forgot-password", () => {
  it("answers the same 200 body for a known and an unknown address, emailing only the known one", async () => {
    const { user } = await makeUser("CUSTOMER");
    const known = await forgot({ email: user.email });
    const unknown = await forgot({ email: "nobody.at.all@example.test" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.text).toBe(known.text);
    expect(known.json.message).toEqual(expect.any(String));

    expect(await emailsTo(user.email, "password-reset")).toHaveLength(1);
    expect(await emailsTo("nobody.at.all@example.test", "password-reset")).toHaveLength(0);
    const all = await getDb().select().from(notifications);
    expect(all.filter((r) => r.template === "password-reset")).toHaveLength(1);
  });

  it("matches the address in any letter case", async () => {
    const { user } = await makeUser("CUSTOMER");
    const res = await forgot({ email: user.email.toUpperCase() });
    expect(res.status).toBe(200);
    expect(await emailsTo(user.email, "password-reset")).toHaveLength(1);
  });

  it("queues no second email for a second request within a minute (same answer)", async () => {
    const { user } = await makeUser("CUSTOMER");
    const first = await forgot({ email: user.email });
    const second = await forgot({ email: user.email });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(await emailsTo(user.email, "password-reset")).toHaveLength(1);
  });

  it("emails a rejected account nothing, with the same answer", async () => {
    const { user } = await makeUser("ENGINEER", "REJECTED");
    const unknown = await forgot({ email: "nobody.else@example.test" });
    const res = await forgot({ email: user.email });
    expect(res.status).toBe(200);
    expect(res.text).toBe(unknown.text);
    expect(await emailsTo(user.email, "password-reset")).toHaveLength(0);
  });

  it("answers 400 with details for a malformed address", async () => {
    const res = await forgot({ email: "not-an-address" });
    expectErrorShape(res, 400, "VALIDATION");
    expect(res.json.error.details.email.length).toBeGreaterThan(0);
  });
});

describe("POST /auth/reset-password", () => {
  it("resets the password with the emailed token, once; a second use answers 400", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const token = await resetTokenFor(user.email);

    const ok = await reset({ token, password: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.json.message).toEqual(expect.any(String));

    expect((await signIn(userId, NEW_PASSWORD)).status).toBe(200);

    const again = await reset({ token, password: "An0ther!pass" });
    expectErrorShape(again, 400, "VALIDATION");
    expect(again.json.error.details.token.length).toBeGreaterThan(0);
    // The second attempt changed nothing.
    expect((await signIn(userId, NEW_PASSWORD)).status).toBe(200);
    expect((await signIn(userId, "An0ther!pass")).status).toBe(401);
  });

  it("refuses an expired token with 400", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const token = await resetTokenFor(user.email);
    await writeTransaction(async () => {
      await getDb()
        .update(userTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, "reset-password")));
    });

    const res = await reset({ token, password: NEW_PASSWORD });
    expectErrorShape(res, 400, "VALIDATION");
    expect(res.json.error.details.token.length).toBeGreaterThan(0);
    expect((await signIn(userId, PASSWORD)).status).toBe(200);
  });

  it("refuses a made-up token with 400 and the error shape", async () => {
    await makeUser("CUSTOMER");
    const res = await reset({ token: "x".repeat(43), password: NEW_PASSWORD });
    expectErrorShape(res, 400, "VALIDATION");
  });

  it("refuses a verification token used as a reset token", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const verifyToken = await tokenFromEmail(
      (await emailsTo(user.email, "verify-email"))[0],
      "/verify-email",
    );
    const res = await reset({ token: verifyToken, password: NEW_PASSWORD });
    expectErrorShape(res, 400, "VALIDATION");
    expect((await signIn(userId, PASSWORD)).status).toBe(200);
  });

  it("stores tokens hashed: the raw token is nowhere in user_tokens", async () => {
    const { user } = await makeUser("CUSTOMER");
    const token = await resetTokenFor(user.email);
    const rows = await getDb().select().from(userTokens);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    const sha = createHash("sha256").update(token).digest("hex");
    expect((await tokenRows(user.id, "reset-password")).map((r) => r.tokenHash)).toContain(sha);
  });

  it("an older API token stops working after the reset (401); sign-in works with the new password only", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const oldToken = await tokenFor(user);
    expect((await getUser(oldToken, userId)).status).toBe(200);

    const token = await resetTokenFor(user.email);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);

    const stale = await getUser(oldToken, userId);
    expectErrorShape(stale, 401, "UNAUTHENTICATED");
    expect((await signIn(userId, PASSWORD)).status).toBe(401);
    const fresh = await signIn(userId, NEW_PASSWORD);
    expect(fresh.status).toBe(200);
    expect((await getUser(fresh.json.userDetails.token, userId)).status).toBe(200);
  });

  it.each([
    ["too short", "Ab1!", /at least 8/i],
    ["no upper-case letter", "lower1!case", /upper-case/i],
    ["no digit", "NoDigits!here", /digit/i],
    ["no special character", "NoSpecial1here", /special/i],
  ])(
    "answers 400 with details for a password with %s, and leaves the token usable",
    async (_, password, rule) => {
      const { user, userId } = await makeUser("CUSTOMER");
      const token = await resetTokenFor(user.email);
      const res = await reset({ token, password });
      expectErrorShape(res, 400, "VALIDATION");
      expect(res.json.error.details.password.join(" ")).toMatch(rule);
      expect((await signIn(userId, PASSWORD)).status).toBe(200);

      expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
    },
  );

  it("answers 400 (never 5xx) for a missing token or a non-JSON body", async () => {
    expectErrorShape(await reset({ password: NEW_PASSWORD }), 400, "VALIDATION");
    const raw = await call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", {
      rawBody: "{token:",
      headers: { "content-type": "application/json" },
    });
    expectErrorShape(raw, 400, "VALIDATION");
  });
});

describe("POST /auth/verify-email and /auth/verification-email", () => {
  it("the token from the sign-up email confirms the address (GET /users/:userId shows it)", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const apiToken = await tokenFor(user);
    expect((await getUser(apiToken, userId)).json.emailVerifiedAt).toBeNull();

    const rows = await emailsTo(user.email, "verify-email");
    expect(rows).toHaveLength(1);
    const token = await tokenFromEmail(rows[0], "/verify-email");
    const res = await verify({ token });
    expect(res.status).toBe(200);
    expect(res.json.message).toEqual(expect.any(String));

    const me = await getUser(apiToken, userId);
    expect(me.status).toBe(200);
    expect(me.json.emailVerifiedAt).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(me.json.emailVerifiedAt))).toBe(false);
  });

  it("refuses a reused token with 400", async () => {
    const { user } = await makeUser("CUSTOMER");
    const token = await tokenFromEmail(
      (await emailsTo(user.email, "verify-email"))[0],
      "/verify-email",
    );
    expect((await verify({ token })).status).toBe(200);
    const again = await verify({ token });
    expectErrorShape(again, 400, "VALIDATION");
    expect(again.json.error.details.token.length).toBeGreaterThan(0);
  });

  it.each([
    ["a short garbage token", "abc"],
    ["a long garbage token", "Z".repeat(43)],
    ["a token of the wrong type", 12345],
  ])("refuses %s with 400", async (_, token) => {
    await makeUser("CUSTOMER");
    const res = await verify({ token });
    expectErrorShape(res, 400, "VALIDATION");
    expect(res.json.error.details.token.length).toBeGreaterThan(0);
  });

  it("a signed-in user asks for a fresh link: a new email with a new working token", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const apiToken = await tokenFor(user);
    const first = await tokenFromEmail(
      (await emailsTo(user.email, "verify-email"))[0],
      "/verify-email",
    );
    await ageTokens(user.id, 5 * 60_000);

    const res = await resend(apiToken);
    expect(res.status).toBe(200);
    const rows = await emailsTo(user.email, "verify-email");
    expect(rows).toHaveLength(2);
    const second = await tokenFromEmail(rows[1], "/verify-email");
    expect(second).not.toBe(first);

    expect((await verify({ token: second })).status).toBe(200);
    expect((await getUser(apiToken, userId)).json.emailVerifiedAt).not.toBeNull();
  });

  it("after an email change, only the link sent to the new address confirms it", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const apiToken = await tokenFor(user);
    const oldLink = await tokenFromEmail(
      (await emailsTo(user.email, "verify-email"))[0],
      "/verify-email",
    );
    const moved = `moved.${userId}@example.test`;
    const patch = await call(
      userRoute.PATCH,
      "PATCH",
      `/api/v1/users/${userId}`,
      { token: apiToken, body: { email: moved } },
      { userId },
    );
    expect(patch.status).toBe(200);
    expect(patch.json.user.emailVerifiedAt).toBeNull();

    expectErrorShape(await verify({ token: oldLink }), 400, "VALIDATION");
    expect((await getUser(apiToken, userId)).json.emailVerifiedAt).toBeNull();

    const rows = await emailsTo(moved, "verify-email");
    expect(rows).toHaveLength(1);
    const newLink = await tokenFromEmail(rows[0], "/verify-email");
    expect((await verify({ token: newLink })).status).toBe(200);
    const me = await getUser(apiToken, userId);
    expect(me.json).toMatchObject({ email: moved, emailVerifiedAt: expect.any(String) });
  });

  it("asked again within a minute, queues no second link", async () => {
    const { user } = await makeUser("CUSTOMER");
    const apiToken = await tokenFor(user);
    const res = await resend(apiToken);
    expect(res.status).toBe(200);
    expect(await emailsTo(user.email, "verify-email")).toHaveLength(1);
  });

  it("answers 409 once the address is confirmed", async () => {
    const { user } = await makeUser("CUSTOMER");
    const apiToken = await tokenFor(user);
    const token = await tokenFromEmail(
      (await emailsTo(user.email, "verify-email"))[0],
      "/verify-email",
    );
    expect((await verify({ token })).status).toBe(200);
    await ageTokens(user.id, 5 * 60_000);
    const res = await resend(apiToken);
    expectErrorShape(res, 409, "CONFLICT");
    expect(await emailsTo(user.email, "verify-email")).toHaveLength(1);
  });

  it("answers 401 without a token", async () => {
    const res = await resend();
    expectErrorShape(res, 401, "UNAUTHENTICATED");
  });
});

describe("REQUIRE_EMAIL_VERIFICATION", () => {
  it("when true, an unverified user's sign-in answers 403 asking to confirm the address, and works once verified", async () => {
    useEnv({ REQUIRE_EMAIL_VERIFICATION: "true" });
    const { user, userId } = await makeUser("CUSTOMER");
    const refused = await signIn(userId, PASSWORD);
    expectErrorShape(refused, 403, "FORBIDDEN");
    expect(refused.json.error.message).toMatch(/confirm/i);
    expect(refused.json.error.message).toMatch(/email|address/i);
    expect(refused.json.userDetails).toBeUndefined();

    const token = await tokenFromEmail(
      (await emailsTo(user.email, "verify-email"))[0],
      "/verify-email",
    );
    expect((await verify({ token })).status).toBe(200);
    const ok = await signIn(userId, PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.json.userDetails.token).toEqual(expect.any(String));
  });

  it("when true, a password reset through the emailed link also confirms the address", async () => {
    useEnv({ REQUIRE_EMAIL_VERIFICATION: "true" });
    const { user, userId } = await makeUser("CUSTOMER");
    const token = await resetTokenFor(user.email);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await signIn(userId, NEW_PASSWORD)).status).toBe(200);
  });

  it("without it, an unverified user signs in", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const res = await signIn(userId, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json.userDetails.emailVerifiedAt).toBeNull();
  });
});
