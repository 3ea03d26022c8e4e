import { describe, expect, it } from "vitest";
import * as signup from "@/app/api/v1/auth/signup/route";
import { findUserByUserId } from "@/lib/users/find-user";
import { call, PASSWORD } from "../helpers";

const signUp = (body: unknown) => call(signup.POST, "POST", "/api/v1/auth/signup", { body });

const valid = (over: Record<string, unknown> = {}) => ({
  userId: "alice",
  name: "Alice Doe",
  email: "alice@example.test",
  password: PASSWORD,
  ...over,
});

describe("POST /auth/signup", () => {
  it("creates a customer, approved at once, with 201 {message, user}", async () => {
    const res = await signUp(
      valid({
        userType: "CUSTOMER",
        company: "Acme",
        phone: "+1 555 0100",
        email: "Alice@Example.TEST",
      }),
    );
    expect(res.status).toBe(201);
    expect(res.json.message).toMatch(/sign in/i);
    expect(res.json.user).toMatchObject({
      userId: "alice",
      name: "Alice Doe",
      email: "alice@example.test",
      userType: "CUSTOMER",
      userStatus: "APPROVED",
      company: "Acme",
      phone: "+1 555 0100",
    });
    expect((await findUserByUserId("alice"))?.userStatus).toBe("APPROVED");
  });

  it("makes CUSTOMER the default role", async () => {
    const res = await signUp(valid());
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ userType: "CUSTOMER", userStatus: "APPROVED" });
  });

  it("creates an engineer as PENDING and says an admin must approve", async () => {
    const res = await signUp(
      valid({ userId: "eng", email: "eng@example.test", userType: "ENGINEER" }),
    );
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ userType: "ENGINEER", userStatus: "PENDING" });
    expect(res.json.message).toMatch(/approve/i);
    expect((await findUserByUserId("eng"))?.userStatus).toBe("PENDING");
  });

  it("refuses ADMIN at sign-up with 400 and details.userType, creating nothing", async () => {
    const res = await signUp(valid({ userType: "ADMIN" }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(res.json.error.details.userType).toEqual([expect.stringMatching(/ADMIN/)]);
    expect(Object.keys(res.json.error.details)).toEqual(["userType"]);
    expect(await findUserByUserId("alice")).toBeUndefined();
  });

  it("refuses an unknown role with 400", async () => {
    const res = await signUp(valid({ userType: "SUPERUSER" }));
    expect(res.status).toBe(400);
    expect(res.json.error.details.userType).toBeDefined();
  });

  it("answers 409 for a userId taken in any letter case", async () => {
    expect((await signUp(valid({ userId: "Alice" }))).status).toBe(201);
    const res = await signUp(valid({ userId: "aLICE", email: "other@example.test" }));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("CONFLICT");
    expect(Object.keys(res.json.error.details)).toEqual(["userId"]);
  });

  it("answers 409 for an email taken in any letter case", async () => {
    expect((await signUp(valid())).status).toBe(201);
    const res = await signUp(valid({ userId: "alice2", email: "ALICE@example.TEST" }));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("CONFLICT");
    expect(Object.keys(res.json.error.details)).toEqual(["email"]);
    expect(await findUserByUserId("alice2")).toBeUndefined();
  });

  it("names both fields when userId and email are both taken", async () => {
    await signUp(valid());
    const res = await signUp(valid());
    expect(res.status).toBe(409);
    expect(Object.keys(res.json.error.details).sort()).toEqual(["email", "userId"]);
  });

  it.each([
    ["shorter than 8 characters", "Ab1!xyz", "Use at least 8 characters"],
    ["without an upper-case letter", "str0ng!pass", "Add an upper-case letter"],
    ["without a digit", "Strong!pass", "Add a digit"],
    ["without a special character", "Str0ngpass", "Add a special character (such as ! @ # $)"],
  ])("refuses a password %s with that rule's own message", async (_label, password, message) => {
    const res = await signUp(valid({ password }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(res.json.error.details.password).toEqual([message]);
    expect(await findUserByUserId("alice")).toBeUndefined();
  });

  it("lists every failing password rule together", async () => {
    const res = await signUp(valid({ password: "abc" }));
    expect(res.status).toBe(400);
    expect(res.json.error.details.password).toHaveLength(4);
  });

  it.each([
    ["too short", "ab"],
    ["too long", "a".repeat(33)],
    ["with a space", "al ice"],
    ["with an @", "al@ice"],
    ["with a slash", "al/ice"],
    ["with a non-ASCII letter", "alïce"],
  ])("refuses a userId %s with 400 details.userId", async (_label, userId) => {
    const res = await signUp(valid({ userId }));
    expect(res.status).toBe(400);
    expect(res.json.error.details.userId).toHaveLength(1);
  });

  it("accepts userIds of exactly 3 and 32 characters using . _ -", async () => {
    expect((await signUp(valid({ userId: "a.b", email: "a@example.test" }))).status).toBe(201);
    const long = `a_b-${"c".repeat(28)}`;
    expect(long).toHaveLength(32);
    expect((await signUp(valid({ userId: long, email: "b@example.test" }))).status).toBe(201);
  });

  it("refuses an invalid email and an invalid phone", async () => {
    const email = await signUp(valid({ email: "not-an-email" }));
    expect(email.status).toBe(400);
    expect(Object.keys(email.json.error.details)).toEqual(["email"]);
    const phone = await signUp(valid({ phone: "call me maybe" }));
    expect(phone.status).toBe(400);
    expect(Object.keys(phone.json.error.details)).toEqual(["phone"]);
  });

  it("answers 400 with a message per missing field", async () => {
    const res = await signUp({});
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    const details = res.json.error.details;
    expect(Object.keys(details).sort()).toEqual(["email", "name", "password", "userId"]);
    for (const field of ["email", "name", "password", "userId"]) {
      expect(details[field]).toEqual([expect.any(String)]);
    }
  });

  it("treats a blank name as missing", async () => {
    const res = await signUp(valid({ name: "   " }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.details)).toEqual(["name"]);
  });

  it("never answers with the password, its hash or any hash field", async () => {
    const ok = await signUp(valid({ userType: "ENGINEER" }));
    const conflict = await signUp(valid());
    const invalid = await signUp(valid({ userId: "x", password: PASSWORD }));
    for (const res of [ok, conflict, invalid]) {
      expect(res.text).not.toContain(PASSWORD);
      expect(res.text).not.toMatch(/passwordHash|password_hash|scrypt/i);
    }
    expect(Object.keys(ok.json.user).sort()).toEqual(
      [
        "company",
        "createdAt",
        "email",
        "emailVerifiedAt",
        "lastActiveAt",
        "name",
        "phone",
        "updatedAt",
        "userId",
        "userStatus",
        "userType",
      ].sort(),
    );
  });
});
