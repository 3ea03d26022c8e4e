import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as nextauth from "@/app/api/auth/[...nextauth]/route";
import * as passwordRoute from "@/app/api/v1/auth/password/route";
import * as resetRoute from "@/app/api/v1/auth/reset-password/route";
import * as signinRoute from "@/app/api/v1/auth/signin/route";
import * as customerRoute from "@/app/api/v1/customers/[userId]/route";
import * as streamRoute from "@/app/api/v1/stream/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { issueUserToken } from "@/lib/auth/user-tokens";
import { resetEnvForTesting } from "@/lib/env";
import { liveHub } from "@/lib/live/hub";
import { findUserByUserId } from "@/lib/users/find-user";
import { listApprovedEngineers } from "@/lib/users/list-engineers";
import { browserSignIn, browserSignOut } from "../authjs-kit";
import { call, makeUser, PASSWORD } from "../helpers";
import { api, person, raise } from "../ticket-kit";

/**
 * Issue 9 item 4: sessions and tokens follow the account. Every change of role or standing and
 * every password reset ends earlier tokens and sessions; a sign-out ends that session for good.
 */
type Credential = { token: string } | { cookie: string };

const asOptions = (c: Credential) =>
  "token" in c ? { token: c.token } : { headers: { cookie: c.cookie } };

const getUser = (c: Credential, userId: string) =>
  call(userRoute.GET, "GET", `/api/v1/users/${userId}`, asOptions(c), { userId });

async function restToken(userId: string, password = PASSWORD) {
  const res = await call(signinRoute.POST, "POST", "/api/v1/auth/signin", {
    body: { userId, password },
  });
  expect(res.status).toBe(200);
  return res.json.userDetails.token as string;
}

async function browserSession(userId: string) {
  const s = await browserSignIn(userId, PASSWORD);
  expect(s.outcome).toBe("ok");
  return s.session!;
}

/** Both kinds of credential a user can hold: an API token and a browser session cookie. */
async function credentials(userId: string): Promise<Credential[]> {
  return [{ token: await restToken(userId) }, { cookie: await browserSession(userId) }];
}

async function expectAllDead(creds: Credential[], userId: string) {
  for (const c of creds) expect((await getUser(c, userId)).status).toBe(401);
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

describe("a change of role or status ends earlier tokens and sessions", () => {
  it("a token issued before a rejection stays dead after re-approval", async () => {
    const admin = await person("ADMIN");
    const { userId } = await makeUser("ENGINEER");
    const before = await credentials(userId);
    expect((await api.updateUser(admin.token, userId, { userStatus: "REJECTED" })).status).toBe(
      200,
    );
    expect((await api.updateUser(admin.token, userId, { userStatus: "APPROVED" })).status).toBe(
      200,
    );
    await expectAllDead(before, userId);
    // Signing in again works.
    for (const c of await credentials(userId)) expect((await getUser(c, userId)).status).toBe(200);
  });

  it("a customer's old token does not gain admin rights once a promotion is approved", async () => {
    const admin = await person("ADMIN");
    const { userId } = await makeUser("CUSTOMER");
    const before = await credentials(userId);
    const promoted = await api.updateUser(admin.token, userId, { userType: "ADMIN" });
    expect(promoted.json.user.userStatus).toBe("PENDING");
    expect((await api.updateUser(admin.token, userId, { userStatus: "APPROVED" })).status).toBe(
      200,
    );
    await expectAllDead(before, userId);
    const other = await makeUser("CUSTOMER");
    for (const c of before) {
      expect((await getUser(c, other.userId)).status).toBe(401);
    }
  });

  it.each([
    ["demoted (PUT)", "PUT", { userType: "CUSTOMER" }],
    ["made an admin (PATCH)", "PATCH", { userType: "ADMIN" }],
    ["set back to pending", "PATCH", { userStatus: "PENDING" }],
  ] as const)("an engineer %s loses earlier tokens and sessions", async (_, method, body) => {
    const admin = await person("ADMIN");
    const { userId } = await makeUser("ENGINEER");
    const before = await credentials(userId);
    const res = await call(
      userRoute[method],
      method,
      `/api/v1/users/${userId}`,
      { token: admin.token, body },
      { userId },
    );
    expect(res.status).toBe(200);
    await expectAllDead(before, userId);
  });

  it("a profile edit that changes no role or status keeps the user's sessions", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const [token, cookie] = await credentials(userId);
    const res = await call(
      userRoute.PATCH,
      "PATCH",
      `/api/v1/users/${userId}`,
      { ...asOptions(token), body: { name: "New Name" } },
      { userId },
    );
    expect(res.status).toBe(200);
    for (const c of [token, cookie]) expect((await getUser(c, userId)).status).toBe(200);
  });

  it("deactivating and reactivating a customer: tokens from before stay dead", async () => {
    const admin = await person("ADMIN");
    const { userId } = await makeUser("CUSTOMER");
    const before = await credentials(userId);
    const setActive = (active: boolean) =>
      call(
        customerRoute.PATCH,
        "PATCH",
        `/api/v1/customers/${userId}`,
        { token: admin.token, body: { active } },
        { userId },
      );
    expect((await setActive(false)).status).toBe(200);
    await expectAllDead(before, userId);
    expect((await setActive(true)).status).toBe(200);
    await expectAllDead(before, userId);
    expect((await getUser({ token: await restToken(userId) }, userId)).status).toBe(200);
  });

  it("any code path that changes role or standing moves the session version (one place: a trigger)", async () => {
    const { user } = await makeUser("ENGINEER");
    const sv = async () => (await findUserByUserId(user.userId))!.sessionVersion;
    const start = await sv();
    const db = getDb();
    await writeTransaction(async () => {
      await db.update(users).set({ userType: "CUSTOMER" }).where(eq(users.id, user.id));
    });
    expect(await sv()).toBe(start + 1);
    await writeTransaction(async () => {
      await db.update(users).set({ userStatus: "PENDING" }).where(eq(users.id, user.id));
    });
    expect(await sv()).toBe(start + 2);
    await writeTransaction(async () => {
      await db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
    });
    expect(await sv()).toBe(start + 3);
    // Nothing else moves it: a name, activity time or working count.
    await writeTransaction(async () => {
      await db
        .update(users)
        .set({ name: "Renamed", lastActiveAt: new Date(), workingCount: 3 })
        .where(eq(users.id, user.id));
    });
    expect(await sv()).toBe(start + 3);
  });
});

describe("passwords", () => {
  it("a password reset ends earlier tokens and sessions", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const before = await credentials(userId);
    const token = await writeTransaction(async () => issueUserToken(user, "reset-password"));
    const res = await call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", {
      body: { token, password: "N3w!passw0rd", confirmPassword: "N3w!passw0rd" },
    });
    expect(res.status).toBe(200);
    await expectAllDead(before, userId);
  });

  it("a password change ends earlier browser sessions too", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const [token, cookie] = await credentials(userId);
    const res = await call(passwordRoute.POST, "POST", "/api/v1/auth/password", {
      token: (token as { token: string }).token,
      body: {
        currentPassword: PASSWORD,
        newPassword: "N3w!passw0rd",
        confirmPassword: "N3w!passw0rd",
      },
    });
    expect(res.status).toBe(200);
    await expectAllDead([token, cookie], userId);
  });

  it("a reset link stops working once the account's email changes", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const link = await writeTransaction(async () => issueUserToken(user, "reset-password"));
    const selfToken = await restToken(userId);
    const changed = await call(
      userRoute.PATCH,
      "PATCH",
      `/api/v1/users/${userId}`,
      { token: selfToken, body: { email: `moved-${userId}@example.test` } },
      { userId },
    );
    expect(changed.status).toBe(200);
    const res = await call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", {
      body: { token: link, password: "N3w!passw0rd", confirmPassword: "N3w!passw0rd" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.token).toBeDefined();
    // The password is unchanged.
    expect((await restToken(userId)).length).toBeGreaterThan(0);
  });

  it("a reset link for an address the account no longer has is refused even if not revoked", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const link = await writeTransaction(async () => issueUserToken(user, "reset-password"));
    // The email changes by a path that doesn't revoke links (e.g. a future one): the check on use holds.
    await writeTransaction(async () => {
      await getDb()
        .update(users)
        .set({ email: `elsewhere-${userId}@example.test` })
        .where(eq(users.id, user.id));
    });
    const res = await call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", {
      body: { token: link, password: "N3w!passw0rd", confirmPassword: "N3w!passw0rd" },
    });
    expect(res.status).toBe(400);
  });
});

describe("sign-out ends that session for good", () => {
  it("a copied session cookie stops working after sign-out; other sessions go on", async () => {
    const { userId } = await makeUser("ENGINEER");
    const cookie = await browserSession(userId);
    const otherCookie = await browserSession(userId);
    const token = await restToken(userId);
    expect((await getUser({ cookie }, userId)).status).toBe(200);

    expect(await browserSignOut(cookie)).toBe(302);
    expect((await getUser({ cookie }, userId)).status).toBe(401);
    // Auth.js won't renew it either.
    const session = await nextauth.GET(
      new NextRequest("http://localhost/api/auth/session", { headers: { cookie } }),
    );
    expect(await session.json()).toBeNull();

    expect((await getUser({ cookie: otherCookie }, userId)).status).toBe(200);
    expect((await getUser({ token }, userId)).status).toBe(200);
  });
});

describe("the live stream follows the session", () => {
  async function openStream(c: Credential) {
    const controller = new AbortController();
    const headers: Record<string, string> =
      "token" in c ? { authorization: `Bearer ${c.token}` } : { cookie: c.cookie };
    const res = await streamRoute.GET(
      new Request("http://localhost/api/v1/stream", {
        headers: { "x-caseline-socket-address": "127.0.0.1", ...headers },
        signal: controller.signal,
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    /** Reads until `marker` has arrived, or the stream has ended; resolves with what was read. */
    const readUntil = async (marker?: string) => {
      while (marker === undefined || !text.includes(marker)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      return text;
    };
    // The heartbeat starts once the stream is ready (start() awaits the database first): only
    // then may the fake clock be moved, or its ticks would pass before there is a heartbeat.
    await readUntil("event: ready");
    opened.push(controller);
    /** Reads to the end of the stream; resolves once the server has closed it. */
    return { drain: () => readUntil(), abort: () => controller.abort() };
  }

  // A test that fails must not leave its stream in the hub for the next one.
  const opened: AbortController[] = [];
  afterEach(() => {
    for (const c of opened.splice(0)) c.abort();
  });

  it.each(["signed out", "rejected"] as const)(
    "closes a browser's stream once its session is %s",
    async (how) => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const admin = await person("ADMIN");
      const { userId } = await makeUser("ENGINEER");
      const cookie = await browserSession(userId);
      const stream = await openStream({ cookie });
      const ended = stream.drain();
      // Still open after a heartbeat while the session is good.
      await vi.advanceTimersByTimeAsync(30_000);
      expect(liveHub().size).toBe(1);

      if (how === "signed out") await browserSignOut(cookie);
      else await api.updateUser(admin.token, userId, { userStatus: "REJECTED" });
      await vi.advanceTimersByTimeAsync(30_000);
      await expect(ended).resolves.toContain("event: ready");
      expect(liveHub().size).toBe(0);
    },
  );

  it("closes a token's stream when the user is demoted, even if promoted back", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    await raise(await person("CUSTOMER"), "Something");
    const stream = await openStream({ token: engineer.token });
    const ended = stream.drain();
    await api.updateUser(admin.token, engineer.userId, { userType: "CUSTOMER" });
    await api.updateUser(admin.token, engineer.userId, { userType: "ENGINEER" });
    await vi.advanceTimersByTimeAsync(30_000);
    await ended;
    expect(liveHub().size).toBe(0);
  });
});

describe("a deactivated account is never an assignee", () => {
  /** A customer deactivated, then made an approved engineer: still deactivated, can't sign in. */
  async function deactivatedEngineer(admin: { token: string }) {
    const made = await makeUser("CUSTOMER");
    const res = await call(
      customerRoute.PATCH,
      "PATCH",
      `/api/v1/customers/${made.userId}`,
      { token: admin.token, body: { active: false } },
      { userId: made.userId },
    );
    expect(res.status).toBe(200);
    const promoted = await api.updateUser(admin.token, made.userId, { userType: "ENGINEER" });
    expect(promoted.json.user).toMatchObject({ userType: "ENGINEER", userStatus: "APPROVED" });
    return (await findUserByUserId(made.userId))!;
  }

  it("is not chosen by auto-assignment or given the backlog", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const backlog = await raise(customer, "Waiting for anyone");
    const idle = await deactivatedEngineer(admin);
    const assigneeOf = async (n: number) => (await api.get(admin.token, n)).json.assignee;
    expect(await assigneeOf(backlog)).toBeNull();
    const fresh = await api.create(customer.token, { title: "Needs someone", description: "Hi" });
    expect(fresh.status).toBe(201);
    expect(fresh.json.ticket.assignee).toBeNull();

    // An active engineer approved now takes the backlog; the deactivated one still gets nothing.
    const { userId: active } = await makeUser("ENGINEER", "PENDING");
    expect((await api.updateUser(admin.token, active, { userStatus: "APPROVED" })).status).toBe(
      200,
    );
    expect(await assigneeOf(backlog)).toBe(active);
    expect(await assigneeOf(fresh.json.ticket.number)).toBe(active);
    const third = await api.create(customer.token, { title: "Third", description: "One more" });
    expect(third.json.ticket.assignee).toBe(active);
    expect((await findUserByUserId(idle.userId))!.workingCount).toBe(0);
  });

  it("an admin can't assign a ticket to them: 400 saying the account is deactivated", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    const n = await raise(customer, "Manual pick");
    const idle = await deactivatedEngineer(admin);
    const res = await api.update(admin.token, n, { assignee: idle.userId });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/deactivated/i);
    expect(res.json.error.details.assignee).toBeDefined();
    expect((await findUserByUserId(idle.userId))!.workingCount).toBe(0);
    // Nor is the account offered in the admin's list of engineers to assign to.
    expect((await listApprovedEngineers(admin.actor)).map((e) => e.userId)).not.toContain(
      idle.userId,
    );
  });
});
