import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { EnvError, parseEnv } from "@/lib/env";
import { passwordProblems } from "@/lib/validation/password";

const SECRET = "a-secret-that-is-long-enough-0123456789";

describe("hashPassword / verifyPassword", () => {
  it("stores scrypt with its parameters and a salt, and verifies the right password", async () => {
    const hash = await hashPassword("Str0ng!pass");
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain("Str0ng!pass");
    expect(await verifyPassword("Str0ng!pass", hash)).toBe(true);
  });

  it("salts: the same password hashes differently each time, and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("Same!pass1"), hashPassword("Same!pass1")]);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(await verifyPassword("Same!pass1", a)).toBe(true);
    expect(await verifyPassword("Same!pass1", b)).toBe(true);
  });

  it("refuses a wrong password, a near miss and an empty one", async () => {
    const hash = await hashPassword("Str0ng!pass");
    expect(await verifyPassword("Str0ng!pasS", hash)).toBe(false);
    expect(await verifyPassword("Str0ng!pass ", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("refuses a stored value that is not an scrypt hash instead of throwing", async () => {
    expect(await verifyPassword("Str0ng!pass", "!")).toBe(false);
    expect(await verifyPassword("Str0ng!pass", "")).toBe(false);
    expect(await verifyPassword("Str0ng!pass", "bcrypt$10$8$1$abc$def")).toBe(false);
  });

  it("treats composed and decomposed Unicode forms of a password as the same (NFKC)", async () => {
    const composed = "Caf\u00e9!Pass1";
    const decomposed = "Cafe\u0301!Pass1";
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it("generates one-time passwords that meet the policy and differ each time", () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(passwordProblems(a)).toEqual([]);
    expect(a.length).toBeGreaterThanOrEqual(20);
    expect(a).not.toBe(b);
  });
});

describe("passwordProblems (docs/roles-and-accounts.md#passwords)", () => {
  it("accepts a password meeting every rule", () => {
    expect(passwordProblems("Str0ng!pass")).toEqual([]);
  });

  it.each([
    ["too short", "Ab1!xyz", ["Use at least 8 characters"]],
    ["no upper-case letter", "str0ng!pass", ["Add an upper-case letter"]],
    ["no digit", "Strong!pass", ["Add a digit"]],
    ["no special character", "Str0ngpass", ["Add a special character (such as ! @ # $)"]],
    ["over 200 characters", `Aa1!${"x".repeat(200)}`, ["Use at most 200 characters"]],
  ])("names only the failing rule when the password is %s", (_label, password, expected) => {
    expect(passwordProblems(password)).toEqual(expected);
  });

  it("lists every failing rule at once", () => {
    expect(passwordProblems("abc")).toEqual([
      "Use at least 8 characters",
      "Add an upper-case letter",
      "Add a digit",
      "Add a special character (such as ! @ # $)",
    ]);
  });
});

describe("parseEnv", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "caseline-env-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const dbIn = (d: string) => path.join(d, "sub", "caseline.db");

  it("fills in the documented defaults", () => {
    const e = parseEnv({ DATABASE_URL: dbIn(dir), AUTH_SECRET: SECRET });
    expect(e).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      APP_URL: "http://localhost:3000",
      ADMIN_USER_ID: "admin",
      ADMIN_EMAIL: "admin@caseline.local",
      EMAIL_TRANSPORT: "log",
      TRUST_PROXY: false,
      REQUIRE_EMAIL_VERIFICATION: false,
      TOKEN_TTL_HOURS: 24,
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: 5,
      SIGNIN_MAX_FAILURES_PER_CLIENT: 50,
      SIGNIN_WINDOW_MINUTES: 15,
      RATE_LIMIT_USER_PER_MINUTE: 1200,
      RATE_LIMIT_ANON_PER_MINUTE: 300,
      MAX_BODY_BYTES: 1_048_576,
      AUTH_SECRET: SECRET,
      DATA_DIR: path.join(dir, "sub"),
    });
    expect(e.PASSWORD_HASH_COST).toBe(17);
  });

  it("defaults DATABASE_URL to ./data/caseline.db and strips a file: prefix", () => {
    expect(parseEnv({ AUTH_SECRET: SECRET }).DATABASE_URL).toBe("./data/caseline.db");
    expect(parseEnv({ AUTH_SECRET: SECRET, DATABASE_URL: `file:${dbIn(dir)}` }).DATABASE_URL).toBe(
      dbIn(dir),
    );
  });

  it("reads booleans, numbers and the email transport from their text forms", () => {
    const e = parseEnv({
      DATABASE_URL: dbIn(dir),
      AUTH_SECRET: SECRET,
      PORT: "8080",
      TRUST_PROXY: "true",
      REQUIRE_EMAIL_VERIFICATION: "1",
      TOKEN_TTL_HOURS: "2",
      SMTP_URL: "smtp://mail.example.test:25",
      APP_URL: "https://desk.example.test/",
    });
    expect(e).toMatchObject({
      PORT: 8080,
      TRUST_PROXY: true,
      REQUIRE_EMAIL_VERIFICATION: true,
      TOKEN_TTL_HOURS: 2,
    });
    expect(e.EMAIL_TRANSPORT).toBe("smtp");
    expect(e.APP_URL).toBe("https://desk.example.test");
    expect(
      parseEnv({ DATABASE_URL: dbIn(dir), AUTH_SECRET: SECRET, RESEND_API_KEY: "re_x" })
        .EMAIL_TRANSPORT,
    ).toBe("resend");
  });

  it.each([
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["TOKEN_TTL_HOURS", { TOKEN_TTL_HOURS: "-1" }],
    ["TOKEN_TTL_HOURS", { TOKEN_TTL_HOURS: "0" }],
    ["SIGNIN_MAX_FAILURES_PER_ACCOUNT", { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "1.5" }],
    ["RATE_LIMIT_ANON_PER_MINUTE", { RATE_LIMIT_ANON_PER_MINUTE: "many" }],
    ["TRUST_PROXY", { TRUST_PROXY: "maybe" }],
    ["EMAIL_TRANSPORT", { EMAIL_TRANSPORT: "pigeon" }],
    ["SMTP_URL", { EMAIL_TRANSPORT: "smtp" }],
    ["RESEND_API_KEY", { EMAIL_TRANSPORT: "resend" }],
    ["ADMIN_PASSWORD", { ADMIN_PASSWORD: "password" }],
    ["ADMIN_USER_ID", { ADMIN_USER_ID: "no spaces allowed" }],
    ["ADMIN_EMAIL", { ADMIN_EMAIL: "not-an-email" }],
    ["AUTH_SECRET", { AUTH_SECRET: "short" }],
    ["APP_URL", { APP_URL: "not a url" }],
  ])("stops with an EnvError naming %s for %j", (name, bad) => {
    const source = { DATABASE_URL: dbIn(dir), AUTH_SECRET: SECRET, ...bad };
    let caught: unknown;
    try {
      parseEnv(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const issues = (caught as EnvError).issues;
    expect(issues.some((i) => i.startsWith(`${name} `))).toBe(true);
    expect((caught as EnvError).message).toContain(name);
  });

  it("says which password rules ADMIN_PASSWORD breaks, without echoing the password", () => {
    try {
      parseEnv({ DATABASE_URL: dbIn(dir), AUTH_SECRET: SECRET, ADMIN_PASSWORD: "weakpassword" });
      expect.unreachable("a weak ADMIN_PASSWORD must be refused");
    } catch (error) {
      expect((error as Error).message).toContain("Add an upper-case letter");
      expect((error as Error).message).toContain("Add a digit");
      expect((error as Error).message).not.toContain("weakpassword");
    }
  });

  it("accepts an empty ADMIN_PASSWORD as absent (a one-time password is generated instead)", () => {
    expect(
      parseEnv({ DATABASE_URL: dbIn(dir), AUTH_SECRET: SECRET, ADMIN_PASSWORD: "" }).ADMIN_PASSWORD,
    ).toBe("");
  });

  it("without AUTH_SECRET, generates one, keeps it beside the database and reuses it", () => {
    const first = parseEnv({ DATABASE_URL: dbIn(dir) });
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, "sub", ".auth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first.AUTH_SECRET);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o077).toBe(0);

    const second = parseEnv({ DATABASE_URL: dbIn(dir) });
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("generates a different secret for a different data directory", () => {
    const other = mkdtempSync(path.join(os.tmpdir(), "caseline-env-"));
    try {
      expect(parseEnv({ DATABASE_URL: dbIn(dir) }).AUTH_SECRET).not.toBe(
        parseEnv({ DATABASE_URL: dbIn(other) }).AUTH_SECRET,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("prefers a given AUTH_SECRET and writes no file then", () => {
    expect(parseEnv({ DATABASE_URL: dbIn(dir), AUTH_SECRET: SECRET }).AUTH_SECRET).toBe(SECRET);
    expect(() => statSync(path.join(dir, "sub", ".auth-secret"))).toThrow();
  });
});
