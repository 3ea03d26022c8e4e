import { describe, expect, it } from "vitest";
import * as password from "@/app/api/v1/auth/password/route";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as signup from "@/app/api/v1/auth/signup/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { findUserByUserId } from "@/lib/users/find-user";
import { call, makeUser, PASSWORD, tokenFor } from "../helpers";

const FORBIDDEN_TEXT = [/passwordHash/i, /password_hash/i, /scrypt\$/i];

/** A password hash never leaves the server in any response (docs/visibility.md#what-never-leaves-the-server). */
describe("no response carries a password hash", () => {
  it("holds across sign-up, sign-in, list, get, update, create admin, password change and errors", async () => {
    const texts: Record<string, string> = {};
    const record = async (
      label: string,
      res: Promise<Awaited<ReturnType<typeof call>>>,
      status: number,
    ) => {
      const r = await res;
      expect(r.status, label).toBe(status);
      texts[label] = r.text;
    };

    const admin = await makeUser("ADMIN");
    const adminToken = await tokenFor(admin.user);

    await record(
      "signup",
      call(signup.POST, "POST", "/api/v1/auth/signup", {
        body: {
          userId: "hashless",
          name: "Hash Less",
          email: "hashless@example.test",
          password: PASSWORD,
          userType: "ENGINEER",
        },
      }),
      201,
    );
    await record(
      "signup conflict",
      call(signup.POST, "POST", "/api/v1/auth/signup", {
        body: {
          userId: "hashless",
          name: "Hash Less",
          email: "hashless@example.test",
          password: PASSWORD,
        },
      }),
      409,
    );
    await record(
      "approve",
      call(
        userRoute.PUT,
        "PUT",
        "/api/v1/users/hashless",
        {
          token: adminToken,
          body: { userStatus: "APPROVED", company: "Acme" },
        },
        { userId: "hashless" },
      ),
      200,
    );
    await record(
      "signin",
      call(signin.POST, "POST", "/api/v1/auth/signin", {
        body: { userId: "hashless", password: PASSWORD },
      }),
      200,
    );
    const token = JSON.parse(texts.signin).userDetails.token as string;
    await record(
      "signin failure",
      call(signin.POST, "POST", "/api/v1/auth/signin", {
        body: { userId: "hashless", password: "Wr0ng!pass" },
      }),
      401,
    );
    await record(
      "list",
      call(usersRoute.GET, "GET", "/api/v1/users?limit=100", { token: adminToken }),
      200,
    );
    await record(
      "search",
      call(usersRoute.GET, "GET", "/api/v1/users?q=hash", { token: adminToken }),
      200,
    );
    await record(
      "get as admin",
      call(
        userRoute.GET,
        "GET",
        "/api/v1/users/hashless",
        { token: adminToken },
        { userId: "hashless" },
      ),
      200,
    );
    await record(
      "get self",
      call(userRoute.GET, "GET", "/api/v1/users/hashless", { token }, { userId: "hashless" }),
      200,
    );
    await record(
      "self update",
      call(
        userRoute.PATCH,
        "PATCH",
        "/api/v1/users/hashless",
        {
          token,
          body: { name: "Still Hashless", phone: "+1 555 0100" },
        },
        { userId: "hashless" },
      ),
      200,
    );
    await record(
      "invalid update",
      call(
        userRoute.PATCH,
        "PATCH",
        "/api/v1/users/hashless",
        {
          token,
          body: { email: "not-an-email" },
        },
        { userId: "hashless" },
      ),
      400,
    );
    const hashBeforeChange = (await findUserByUserId("hashless"))!.passwordHash;
    await record(
      "create admin",
      call(usersRoute.POST, "POST", "/api/v1/users", {
        token: adminToken,
        body: {
          userId: "admin-two",
          name: "Admin Two",
          email: "admin-two@example.test",
          password: "Adm1n!two",
        },
      }),
      201,
    );
    await record(
      "password change",
      call(password.POST, "POST", "/api/v1/auth/password", {
        token,
        body: {
          currentPassword: PASSWORD,
          newPassword: "N3w!password",
          confirmPassword: "N3w!password",
        },
      }),
      200,
    );

    // The scan below must have something to find if a hash ever leaked: the stored hashes exist.
    const storedHash = (await findUserByUserId("hashless"))!.passwordHash;
    expect(storedHash).toMatch(/^scrypt\$/);
    expect(storedHash).not.toBe(hashBeforeChange);
    const hashParts = [storedHash, hashBeforeChange, admin.user.passwordHash].flatMap((h) =>
      h.split("$").slice(4),
    );

    for (const [label, text] of Object.entries(texts)) {
      for (const pattern of FORBIDDEN_TEXT)
        expect(text, `${label} matched ${pattern}`).not.toMatch(pattern);
      for (const part of hashParts) expect(text, label).not.toContain(part);
      expect(text, label).not.toContain(PASSWORD);
    }
    expect(JSON.parse(texts.list).data.length).toBe(2);
  });
});
