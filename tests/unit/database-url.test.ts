/**
 * Choosing the engine by DATABASE_URL (docs/configuration.md#database-and-files): what each URL
 * means, and the one line a bad one stops the server with — never showing the password.
 */
import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, describeDatabaseUrl, openDatabase } from "@/db/client";
import { engineOf } from "@/db/engine-kind";
import { EnvError, parseEnv } from "@/lib/env";

describe("DATABASE_URL", () => {
  it("names the engine: postgres:// and postgresql:// are PostgreSQL, anything else SQLite", () => {
    expect(engineOf("postgres://db.example.com/caseline")).toBe("postgres");
    expect(engineOf("PostgreSQL://db.example.com/caseline")).toBe("postgres");
    expect(engineOf("./data/caseline.db")).toBe("sqlite");
    expect(engineOf("file:./data/caseline.db")).toBe("sqlite");
    expect(engineOf(":memory:")).toBe("sqlite");
    expect(engineOf(undefined)).toBe("sqlite");
  });

  it("refuses a PostgreSQL URL without a host or a database in one line naming DATABASE_URL", () => {
    for (const [url, problem] of [
      ["postgres://", /DATABASE_URL (is not a valid URL|names no host)/],
      ["postgres://db.example.com", /DATABASE_URL names no database/],
      ["postgres://db.example.com/", /DATABASE_URL names no database/],
    ] as const) {
      let error: unknown;
      try {
        parseEnv({ DATABASE_URL: url, AUTH_SECRET: "x".repeat(40) });
      } catch (e) {
        error = e;
      }
      expect(error, url).toBeInstanceOf(EnvError);
      expect((error as Error).message, url).toMatch(problem);
      expect((error as Error).message.split("\n"), url).toHaveLength(1);
    }
    expect(
      parseEnv({ DATABASE_URL: "file:data/x.db", AUTH_SECRET: "x".repeat(40) }).DATABASE_URL,
    ).toBe("data/x.db");
  });

  it("refuses a PostgreSQL URL without AUTH_SECRET in one line naming it and why; SQLite still generates one", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "postgres://caseline@db.example.com/caseline" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(
      /^Invalid configuration: AUTH_SECRET is required with a PostgreSQL DATABASE_URL/,
    );
    expect(message).toMatch(/each instance would otherwise generate its own/);
    // Given, it starts; a SQLite file without one still gets a generated secret (password-and-env.test.ts).
    expect(
      parseEnv({
        DATABASE_URL: "postgres://caseline@db.example.com/caseline",
        AUTH_SECRET: "x".repeat(40),
      }).AUTH_SECRET,
    ).toBe("x".repeat(40));
  });

  it("an unreachable server is one line with where it is, without the password", async () => {
    const url = "postgres://caseline:s3cret-pw@127.0.0.1:1/helpdesk";
    expect(describeDatabaseUrl(url)).toBe("PostgreSQL 127.0.0.1:1/helpdesk");
    const error = await openDatabase(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^cannot open PostgreSQL 127\.0\.0\.1:1\/helpdesk: .*ECONNREFUSED/);
    expect(message).not.toContain("s3cret-pw");
    expect(message.split("\n")).toHaveLength(1);
  });
});
