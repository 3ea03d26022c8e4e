import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { parseEnv, resetEnvForTesting } from "@/lib/env";
import { findUserByUserId } from "@/lib/users/find-user";
import { browserSignIn } from "../authjs-kit";
import { call, makeUser, PASSWORD } from "../helpers";

/** Issue 9 item 5: OWASP's scrypt parameters, and older hashes upgraded at the next sign-in. */
const costOf = (hash: string) => Number(hash.split("$")[1]);
const storedHash = async (userId: string) => (await findUserByUserId(userId))!.passwordHash;

async function setHash(userId: string, passwordHash: string) {
  await writeTransaction(async () => {
    await getDb().update(users).set({ passwordHash }).where(eq(users.userId, userId));
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

describe("password hashing parameters", () => {
  it("defaults to scrypt N=2^17, r=8, p=1", () => {
    const e = parseEnv({ AUTH_SECRET: "x".repeat(40), DATABASE_URL: ":memory:" });
    expect(e.PASSWORD_HASH_COST).toBe(17);
  });

  it("stores the cost in the hash, and a hash made at a lower cost still verifies", async () => {
    const old = await hashPassword(PASSWORD, 10);
    expect(old).toMatch(/^scrypt\$10\$8\$1\$/);
    vi.stubEnv("PASSWORD_HASH_COST", "11");
    resetEnvForTesting();
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
    expect(await verifyPassword(PASSWORD, old)).toBe(true);
    expect(await verifyPassword("Wr0ng!pass", old)).toBe(false);
    expect(needsRehash("!invited")).toBe(false);
  });
});

describe("rehash at sign-in", () => {
  it("upgrades a lower-cost hash on the next REST sign-in; the password still works and the token too", async () => {
    const { userId } = await makeUser("CUSTOMER");
    vi.stubEnv("PASSWORD_HASH_COST", "11");
    resetEnvForTesting();
    expect(costOf(await storedHash(userId))).toBe(10);

    const res = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    const upgraded = await storedHash(userId);
    expect(costOf(upgraded)).toBe(11);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
    // Rehashing is invisible: the token issued with it works (no session version moved).
    const me = await call(
      userRoute.GET,
      "GET",
      `/api/v1/users/${userId}`,
      { token: res.json.userDetails.token },
      { userId },
    );
    expect(me.status).toBe(200);
    // And signing in again uses (and keeps) the upgraded hash.
    const again = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId, password: PASSWORD },
    });
    expect(again.status).toBe(200);
    expect(await storedHash(userId)).toBe(upgraded);
  });

  it("upgrades on the browser's sign-in too", async () => {
    const { userId } = await makeUser("ENGINEER");
    await setHash(userId, await hashPassword(PASSWORD, 10));
    vi.stubEnv("PASSWORD_HASH_COST", "12");
    resetEnvForTesting();
    expect((await browserSignIn(userId, PASSWORD)).outcome).toBe("ok");
    expect(costOf(await storedHash(userId))).toBe(12);
  });

  it("leaves the hash alone on a wrong password", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const before = await storedHash(userId);
    vi.stubEnv("PASSWORD_HASH_COST", "11");
    resetEnvForTesting();
    const res = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId, password: "Wr0ng!pass" },
    });
    expect(res.status).toBe(401);
    expect(await storedHash(userId)).toBe(before);
  });
});
