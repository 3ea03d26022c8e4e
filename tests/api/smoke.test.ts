import { describe, expect, it } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as signup from "@/app/api/v1/auth/signup/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { bootstrapAdmin } from "@/lib/users/bootstrap-admin";
import { call, PASSWORD } from "../helpers";

describe("smoke", () => {
  it("signs up, signs in, lists users as admin", async () => {
    const lines: string[] = [];
    await bootstrapAdmin((l) => lines.push(l));
    const password = lines[0].match(/password: (\S+)/)![1];
    const up = await call(signup.POST, "POST", "/api/v1/auth/signup", {
      body: { userId: "alice", name: "Alice", email: "Alice@Example.com", password: PASSWORD },
    });
    expect(up.status).toBe(201);
    expect(up.json.user.email).toBe("alice@example.com");
    const admin = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId: "admin", password },
    });
    expect(admin.status).toBe(200);
    const list = await call(usersRoute.GET, "GET", "/api/v1/users", {
      token: admin.json.userDetails.token,
    });
    expect(list.status).toBe(200);
    expect(list.json.data.map((u: { userId: string }) => u.userId)).toEqual(["alice", "admin"]);
    expect(list.text).not.toContain("scrypt");
  });
});
