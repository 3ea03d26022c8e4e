import { afterEach, describe, expect, it, vi } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { call, makeUser, PASSWORD } from "../helpers";

function signIn(body: unknown, headers: Record<string, string> = {}) {
  return call(signin.POST, "POST", "/api/v1/auth/signin", { body, headers });
}

function useEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTesting();
  resetRateLimitsForTesting();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

describe("POST /auth/signin: who gets in", () => {
  it("signs in by userId and returns a token that works", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const res = await signIn({ userId, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.message).toBeTypeOf("string");
    expect(res.json.userDetails).toMatchObject({
      userId,
      userType: "CUSTOMER",
      userStatus: "APPROVED",
    });
    expect(res.json.userDetails.token).toEqual(expect.any(String));
    expect(res.json.userDetails.expiresIn).toBe(24 * 3600);
    expect(res.json.userDetails.lastActiveAt).not.toBeNull();

    const me = await call(
      userRoute.GET,
      "GET",
      `/api/v1/users/${userId}`,
      { token: res.json.userDetails.token },
      { userId },
    );
    expect(me.status).toBe(200);
    expect(me.json.userId).toBe(userId);
  });

  it("signs in by userId in another letter case", async () => {
    const { userId } = await makeUser("ENGINEER");
    const res = await signIn({ userId: userId.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.userDetails.userId).toBe(userId);
  });

  it("signs in by email in the userId field, in any case", async () => {
    const { user } = await makeUser("CUSTOMER");
    const res = await signIn({ userId: `  ${user.email.toUpperCase()} `, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.userDetails.userId).toBe(user.userId);
  });

  it("accepts the {email, password} form", async () => {
    const { user } = await makeUser("ADMIN");
    const res = await signIn({ email: user.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.userDetails).toMatchObject({ userId: user.userId, userType: "ADMIN" });
  });

  it("gives an unknown user and a wrong password the very same 401", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const wrong = await signIn({ userId, password: "Wr0ng!pass" });
    const unknown = await signIn({ userId: "nobody-here", password: "Wr0ng!pass" });
    const unknownEmail = await signIn({ email: "nobody@example.test", password: PASSWORD });
    for (const res of [wrong, unknown, unknownEmail]) {
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("UNAUTHENTICATED");
    }
    expect(unknown.text).toBe(wrong.text);
    expect(unknownEmail.text).toBe(wrong.text);
  });

  it("answers 403 saying the account waits for approval when PENDING", async () => {
    const { userId } = await makeUser("ENGINEER", "PENDING");
    const res = await signIn({ userId, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(res.json.error.message).toMatch(/approv/i);
    expect(res.json.userDetails).toBeUndefined();
  });

  it("answers 403 saying the account was rejected when REJECTED", async () => {
    const { userId } = await makeUser("ENGINEER", "REJECTED");
    const res = await signIn({ userId, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(res.json.error.message).toMatch(/rejected/i);
  });

  it.each(["PENDING", "REJECTED"] as const)(
    "tells a %s user with a wrong password only the 401",
    async (status) => {
      const { userId } = await makeUser("ENGINEER", status);
      const res = await signIn({ userId, password: "Wr0ng!pass" });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("UNAUTHENTICATED");
    },
  );

  it("answers 400 with details when the login or password is missing", async () => {
    const noPassword = await signIn({ userId: "someone" });
    expect(noPassword.status).toBe(400);
    expect(Object.keys(noPassword.json.error.details)).toEqual(["password"]);
    const noLogin = await signIn({ password: PASSWORD });
    expect(noLogin.status).toBe(400);
    expect(Object.keys(noLogin.json.error.details)).toEqual(["userId"]);
    expect((await signIn({})).status).toBe(400);
  });
});

describe("POST /auth/signin: rate limits (docs/roles-and-accounts.md#sign-in-limits)", () => {
  it("locks an account after 5 failures: the 6th try answers 429 even with the right password", async () => {
    const { userId } = await makeUser("CUSTOMER");
    for (let i = 0; i < 5; i++) {
      expect((await signIn({ userId, password: `Wr0ng!pass${i}` })).status).toBe(401);
    }
    const res = await signIn({ userId, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it("counts failures against the account whether the userId or the email was typed", async () => {
    const { user } = await makeUser("CUSTOMER");
    for (let i = 0; i < 3; i++) await signIn({ userId: user.userId, password: "Wr0ng!pass" });
    for (let i = 0; i < 2; i++)
      await signIn({ email: user.email.toUpperCase(), password: "Wr0ng!pass" });
    expect((await signIn({ userId: user.userId, password: PASSWORD })).status).toBe(429);
  });

  it("does not lock other accounts when one account is locked", async () => {
    const { userId: victim } = await makeUser("CUSTOMER");
    const { userId: other } = await makeUser("CUSTOMER");
    for (let i = 0; i < 5; i++) await signIn({ userId: victim, password: "Wr0ng!pass" });
    expect((await signIn({ userId: victim, password: PASSWORD })).status).toBe(429);
    expect((await signIn({ userId: other, password: PASSWORD })).status).toBe(200);
  });

  it("honours SIGNIN_MAX_FAILURES_PER_ACCOUNT", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_ACCOUNT: "2" });
    const { userId } = await makeUser("CUSTOMER");
    await signIn({ userId, password: "Wr0ng!pass" });
    await signIn({ userId, password: "Wr0ng!pass" });
    expect((await signIn({ userId, password: PASSWORD })).status).toBe(429);
  });

  it("keeps the account's earlier failures after a successful sign-in (5 failures per window)", async () => {
    const { userId } = await makeUser("CUSTOMER");
    for (let i = 0; i < 4; i++) await signIn({ userId, password: "Wr0ng!pass" });
    expect((await signIn({ userId, password: PASSWORD })).status).toBe(200);
    expect((await signIn({ userId, password: "Wr0ng!pass" })).status).toBe(401);
    expect((await signIn({ userId, password: PASSWORD })).status).toBe(429);
  });

  it("blocks one client address after SIGNIN_MAX_FAILURES_PER_CLIENT failures across accounts", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_CLIENT: "3" });
    const a = await makeUser("CUSTOMER");
    const b = await makeUser("CUSTOMER");
    const fresh = await makeUser("CUSTOMER");
    const from = { "x-caseline-socket-address": "10.0.0.7" };
    expect((await signIn({ userId: a.userId, password: "Wr0ng!pass" }, from)).status).toBe(401);
    expect((await signIn({ userId: b.userId, password: "Wr0ng!pass" }, from)).status).toBe(401);
    expect((await signIn({ userId: "ghost-user", password: "Wr0ng!pass" }, from)).status).toBe(401);

    const blocked = await signIn({ userId: fresh.userId, password: PASSWORD }, from);
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.json.error.message).toMatch(/address/i);

    const elsewhere = await signIn(
      { userId: fresh.userId, password: PASSWORD },
      { "x-caseline-socket-address": "10.0.0.8" },
    );
    expect(elsewhere.status).toBe(200);
  });

  it("ignores X-Forwarded-For without TRUST_PROXY: a spoofed header does not escape the address limit", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_CLIENT: "3" });
    const { userId } = await makeUser("CUSTOMER");
    for (let i = 0; i < 3; i++) {
      const headers = {
        "x-caseline-socket-address": "10.0.0.9",
        "x-forwarded-for": `203.0.113.${i}`,
      };
      expect((await signIn({ userId: `ghost${i}`, password: "Wr0ng!pass" }, headers)).status).toBe(
        401,
      );
    }
    const spoofed = { "x-caseline-socket-address": "10.0.0.9", "x-forwarded-for": "198.51.100.77" };
    expect((await signIn({ userId, password: PASSWORD }, spoofed)).status).toBe(429);
  });

  it("uses X-Forwarded-For as the client address when TRUST_PROXY=true", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_CLIENT: "3", TRUST_PROXY: "true" });
    const { userId } = await makeUser("CUSTOMER");
    const viaProxy = (client: string) => ({
      "x-caseline-socket-address": "10.0.0.1",
      "x-forwarded-for": client,
    });
    for (let i = 0; i < 3; i++) {
      await signIn({ userId: `ghost${i}`, password: "Wr0ng!pass" }, viaProxy("203.0.113.5"));
    }
    expect((await signIn({ userId, password: PASSWORD }, viaProxy("203.0.113.5"))).status).toBe(
      429,
    );
    // A client that writes its own X-Forwarded-For only adds entries left of the proxy's: still blocked.
    expect(
      (await signIn({ userId, password: PASSWORD }, viaProxy("198.51.100.1, 203.0.113.5"))).status,
    ).toBe(429);
    // Same proxy socket, a different real client: not blocked.
    expect((await signIn({ userId, password: PASSWORD }, viaProxy("203.0.113.6"))).status).toBe(
      200,
    );
    // Without the header, the proxy's own address counts and is not blocked either.
    expect(
      (await signIn({ userId, password: PASSWORD }, { "x-caseline-socket-address": "10.0.0.1" }))
        .status,
    ).toBe(200);
  });
});
