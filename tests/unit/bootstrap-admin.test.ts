import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { authenticate } from "@/lib/auth/authenticate";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { bootstrapAdmin } from "@/lib/users/bootstrap-admin";
import { approvedAdminCount, findUserByUserId } from "@/lib/users/find-user";
import { signUp } from "@/lib/users/sign-up";
import { makeUser } from "../helpers";

function useEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTesting();
  resetRateLimitsForTesting();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
});

async function bootstrapCollectingLog() {
  const lines: string[] = [];
  const admin = await bootstrapAdmin((line) => lines.push(line));
  return { admin, lines, log: lines.join("\n") };
}

describe("bootstrapAdmin", () => {
  it("creates an approved admin with a generated one-time password, printed exactly once", async () => {
    const { admin, lines, log } = await bootstrapCollectingLog();
    expect(admin).toMatchObject({ userId: "admin", userType: "ADMIN", userStatus: "APPROVED" });
    expect(lines).toHaveLength(1);
    const password = log.match(/one-time password: (\S+)/)?.[1];
    expect(password).toBeDefined();
    expect(log).not.toContain("scrypt$");

    const user = await authenticate("admin", password!, "127.0.0.1");
    expect(user.userType).toBe("ADMIN");
    await expect(authenticate("admin", `${password}x`, "127.0.0.1")).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("generates a different password on each fresh database (nothing hard-coded)", async () => {
    const first = (await bootstrapCollectingLog()).log.match(/password: (\S+)/)![1];
    // Back to a database without users, as on a fresh one; emptying the table works on either
    // engine, where opening another database would not (PostgreSQL's is the server's).
    await writeTransaction(async () => {
      await getDb().delete(users);
    });
    expect(await getDb().select().from(users)).toEqual([]);
    const second = (await bootstrapCollectingLog()).log.match(/password: (\S+)/)![1];
    expect(second).not.toBe(first);
  });

  it("creates nothing and prints nothing on a second start", async () => {
    const first = await bootstrapCollectingLog();
    const password = first.log.match(/password: (\S+)/)![1];
    const second = await bootstrapCollectingLog();
    expect(second.admin).toBeNull();
    expect(second.lines).toEqual([]);
    expect(await approvedAdminCount()).toBe(1);
    // The first password still works: the admin was not re-created with a new one.
    await expect(authenticate("admin", password, "127.0.0.1")).resolves.toMatchObject({
      userId: "admin",
    });
  });

  it("does nothing when an approved admin exists already", async () => {
    await makeUser("ADMIN", "APPROVED");
    const { admin, lines } = await bootstrapCollectingLog();
    expect(admin).toBeNull();
    expect(lines).toEqual([]);
    expect(await findUserByUserId("admin")).toBeUndefined();
  });

  it("uses ADMIN_USER_ID, ADMIN_EMAIL and ADMIN_PASSWORD from the environment and never prints the password", async () => {
    useEnv({
      ADMIN_USER_ID: "chief",
      ADMIN_EMAIL: "Chief@Example.TEST",
      ADMIN_PASSWORD: "Env!Passw0rd",
    });
    const { admin, lines, log } = await bootstrapCollectingLog();
    expect(admin).toMatchObject({
      userId: "chief",
      email: "chief@example.test",
      userType: "ADMIN",
    });
    expect(lines).toHaveLength(1);
    expect(log).toContain("chief");
    expect(log).not.toContain("Env!Passw0rd");
    expect(log).not.toMatch(/one-time password/);

    await expect(authenticate("chief", "Env!Passw0rd", "127.0.0.1")).resolves.toMatchObject({
      userId: "chief",
    });
    await expect(
      authenticate("chief@example.test", "Env!Passw0rd", "127.0.0.1"),
    ).resolves.toMatchObject({
      userId: "chief",
    });
  });

  it("refuses to take over an existing non-admin account that holds ADMIN_USER_ID", async () => {
    await signUp({
      userId: "admin",
      name: "Squatter",
      email: "squatter@example.test",
      password: "Squat!ter1",
      userType: "CUSTOMER",
      company: null,
      phone: null,
    });
    const { admin, lines } = await bootstrapCollectingLog();
    expect(admin).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/password: /);
    expect(await findUserByUserId("admin")).toMatchObject({
      userType: "CUSTOMER",
      name: "Squatter",
    });
    expect(await approvedAdminCount()).toBe(0);
  });
});
