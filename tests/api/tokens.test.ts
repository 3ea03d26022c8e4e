import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as password from "@/app/api/v1/auth/password/route";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import type { User } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { env, resetEnvForTesting } from "@/lib/env";
import { call, makeUser, PASSWORD, tokenFor } from "../helpers";

const COOKIE = "authjs.session-token";

const getSelf = (userId: string, options: Parameters<typeof call>[3] = {}) =>
  call(userRoute.GET, "GET", `/api/v1/users/${userId}`, options, { userId });

async function signInToken(userId: string, pw = PASSWORD) {
  const res = await call(signin.POST, "POST", "/api/v1/auth/signin", {
    body: { userId, password: pw },
  });
  expect(res.status).toBe(200);
  return res.json.userDetails.token as string;
}

function sessionCookie(user: User, over: { salt?: string; secret?: string; maxAge?: number } = {}) {
  const salt = over.salt ?? COOKIE;
  return encode({
    salt,
    secret: over.secret ?? env().AUTH_SECRET,
    maxAge: over.maxAge,
    token: { sub: String(user.id), sv: user.sessionVersion, role: user.userType },
  });
}

function expectUnauthenticated(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBe(401);
  expect(res.json).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

describe("how a token is sent", () => {
  it("accepts Authorization: Bearer", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const res = await getSelf(userId, { token: await signInToken(userId) });
    expect(res.status).toBe(200);
    expect(res.json.userId).toBe(userId);
  });

  it("accepts the bearer scheme in any case", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const token = await signInToken(userId);
    expect((await getSelf(userId, { headers: { authorization: `bearer ${token}` } })).status).toBe(
      200,
    );
  });

  it("accepts x-access-token", async () => {
    const { userId } = await makeUser("ENGINEER");
    const res = await getSelf(userId, { headers: { "x-access-token": await signInToken(userId) } });
    expect(res.status).toBe(200);
    expect(res.json.userId).toBe(userId);
  });

  it("answers 401 without any credentials", async () => {
    const { userId } = await makeUser("CUSTOMER");
    expectUnauthenticated(await getSelf(userId));
  });

  it("accepts an Auth.js session cookie, plain or __Secure- prefixed", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const plain = await getSelf(userId, {
      headers: { cookie: `theme=dark; ${COOKIE}=${await sessionCookie(user)}` },
    });
    expect(plain.status).toBe(200);
    expect(plain.json.userId).toBe(userId);

    const secureName = `__Secure-${COOKIE}`;
    const secure = await getSelf(userId, {
      headers: { cookie: `${secureName}=${await sessionCookie(user, { salt: secureName })}` },
    });
    expect(secure.status).toBe(200);
  });

  it("does not take a cookie sealed with another salt or secret", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const wrongSalt = await sessionCookie(user, { salt: "caseline.api-token" });
    expect((await getSelf(userId, { headers: { cookie: `${COOKIE}=${wrongSalt}` } })).status).toBe(
      401,
    );
    const wrongSecret = await sessionCookie(user, {
      secret: "another-secret-another-secret-0123456789",
    });
    expect(
      (await getSelf(userId, { headers: { cookie: `${COOKIE}=${wrongSecret}` } })).status,
    ).toBe(401);
  });

  it("does not take an API token sent as the session cookie (they are told apart by salt)", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const apiToken = await tokenFor(user);
    expect((await getSelf(userId, { headers: { cookie: `${COOKIE}=${apiToken}` } })).status).toBe(
      401,
    );
  });

  it("answers 401, not 500, for cookies that are not valid percent-encoding", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const res = await getSelf(userId, { headers: { cookie: "junk=%E0%A4%A; other" } });
    expectUnauthenticated(res);
    const withSession = await getSelf(userId, {
      headers: { cookie: `junk=%zz; ${COOKIE}=${await sessionCookie(user)}` },
    });
    expect(withSession.status).toBe(200);
  });
});

describe("tokens that stop working", () => {
  it.each([
    ["garbage", "not-a-token"],
    ["a plain JWT-looking string", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"],
  ])("answers 401 with the error shape for %s", async (_label, token) => {
    const { userId } = await makeUser("ADMIN");
    expectUnauthenticated(await getSelf(userId, { token }));
    expectUnauthenticated(await getSelf(userId, { headers: { "x-access-token": token } }));
  });

  it("refuses a bad token even on a route that allows anonymous callers", async () => {
    const res = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      token: "not-a-token",
      body: { userId: "x", password: "y" },
    });
    expectUnauthenticated(res);
  });

  it("expires a token after TOKEN_TTL_HOURS, and not before", async () => {
    vi.stubEnv("TOKEN_TTL_HOURS", "1");
    resetEnvForTesting();
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2030-01-01T00:00:00Z").getTime();
    vi.setSystemTime(start);
    const { userId } = await makeUser("CUSTOMER");
    const res = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId, password: PASSWORD },
    });
    expect(res.json.userDetails.expiresIn).toBe(3600);
    const token = res.json.userDetails.token;

    vi.setSystemTime(start + 59 * 60_000);
    expect((await getSelf(userId, { token })).status).toBe(200);
    vi.setSystemTime(start + 61 * 60_000);
    expectUnauthenticated(await getSelf(userId, { token }));
  });

  it("refuses a session cookie once it expires, though it was accepted (and kept decoded) before", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2030-01-01T00:00:00Z").getTime();
    vi.setSystemTime(start);
    const { user, userId } = await makeUser("CUSTOMER");
    const cookie = `${COOKIE}=${await sessionCookie(user, { maxAge: 3600 })}`;
    vi.setSystemTime(start + 59 * 60_000);
    expect((await getSelf(userId, { headers: { cookie } })).status).toBe(200);
    expect((await getSelf(userId, { headers: { cookie } })).status).toBe(200);
    vi.setSystemTime(start + 61 * 60_000);
    expectUnauthenticated(await getSelf(userId, { headers: { cookie } }));
  });

  it("refuses an expired session cookie", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const expired = await sessionCookie(user, { maxAge: -3600 });
    expect((await getSelf(userId, { headers: { cookie: `${COOKIE}=${expired}` } })).status).toBe(
      401,
    );
  });

  it("stops a user's token at once when an admin rejects them", async () => {
    const admin = await makeUser("ADMIN");
    const { userId } = await makeUser("ENGINEER");
    const token = await signInToken(userId);
    expect((await getSelf(userId, { token })).status).toBe(200);

    const put = await call(
      userRoute.PUT,
      "PUT",
      `/api/v1/users/${userId}`,
      {
        token: await tokenFor(admin.user),
        body: { userStatus: "REJECTED" },
      },
      { userId },
    );
    expect(put.status).toBe(200);
    expectUnauthenticated(await getSelf(userId, { token }));
  });

  it("stops a user's token and session cookie at once when they are set back to PENDING", async () => {
    const admin = await makeUser("ADMIN");
    const { user, userId } = await makeUser("ENGINEER");
    const token = await tokenFor(user);
    const cookie = `${COOKIE}=${await sessionCookie(user)}`;
    await call(
      userRoute.PATCH,
      "PATCH",
      `/api/v1/users/${userId}`,
      {
        token: await tokenFor(admin.user),
        body: { userStatus: "PENDING" },
      },
      { userId },
    );
    expectUnauthenticated(await getSelf(userId, { token }));
    expect((await getSelf(userId, { headers: { cookie } })).status).toBe(401);
  });

  it("stops a deleted user's token", async () => {
    const admin = await makeUser("ADMIN");
    const { userId } = await makeUser("CUSTOMER");
    const token = await signInToken(userId);
    const del = await call(
      userRoute.DELETE,
      "DELETE",
      `/api/v1/users/${userId}`,
      { token: await tokenFor(admin.user) },
      { userId },
    );
    expect(del.status).toBe(200);
    expectUnauthenticated(await getSelf(userId, { token }));
  });

  it("after a password change, ends old tokens and cookies; the returned token works", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const oldToken = await signInToken(userId);
    const oldCookie = `${COOKIE}=${await sessionCookie(user)}`;
    const res = await call(password.POST, "POST", "/api/v1/auth/password", {
      token: oldToken,
      body: {
        currentPassword: PASSWORD,
        newPassword: "N3w!password",
        confirmPassword: "N3w!password",
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.token).toEqual(expect.any(String));
    expect(res.text).not.toMatch(/scrypt|passwordHash/);

    expectUnauthenticated(await getSelf(userId, { token: oldToken }));
    expect((await getSelf(userId, { headers: { cookie: oldCookie } })).status).toBe(401);
    expect((await getSelf(userId, { token: res.json.token })).status).toBe(200);

    const oldPw = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId, password: PASSWORD },
    });
    expect(oldPw.status).toBe(401);
    expect(await signInToken(userId, "N3w!password")).toEqual(expect.any(String));
  });

  it("refuses a password change without the right current password, changing nothing", async () => {
    const { user, userId } = await makeUser("CUSTOMER");
    const token = await tokenFor(user);
    const res = await call(password.POST, "POST", "/api/v1/auth/password", {
      token,
      body: {
        currentPassword: "Wr0ng!pass",
        newPassword: "N3w!password",
        confirmPassword: "N3w!password",
      },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.details)).toEqual(["currentPassword"]);
    expect((await getSelf(userId, { token })).status).toBe(200);
    expect(await signInToken(userId)).toEqual(expect.any(String));
  });

  it("applies the password policy and the confirmation to the new password", async () => {
    const { user } = await makeUser("CUSTOMER");
    const token = await tokenFor(user);
    const weak = await call(password.POST, "POST", "/api/v1/auth/password", {
      token,
      body: { currentPassword: PASSWORD, newPassword: "weakpass1", confirmPassword: "weakpass1" },
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error.details.newPassword).toEqual(
      expect.arrayContaining([
        "Add an upper-case letter",
        "Add a special character (such as ! @ # $)",
      ]),
    );
    const mismatch = await call(password.POST, "POST", "/api/v1/auth/password", {
      token,
      body: {
        currentPassword: PASSWORD,
        newPassword: "N3w!password",
        confirmPassword: "N3w!passwore",
      },
    });
    expect(mismatch.status).toBe(400);
    expect(Object.keys(mismatch.json.error.details)).toEqual(["confirmPassword"]);
  });

  it("needs a signed-in user to change a password", async () => {
    const res = await call(password.POST, "POST", "/api/v1/auth/password", {
      body: {
        currentPassword: PASSWORD,
        newPassword: "N3w!password",
        confirmPassword: "N3w!password",
      },
    });
    expectUnauthenticated(res);
  });
});
