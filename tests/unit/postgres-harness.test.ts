import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, rows, run, writeTransaction } from "@/db/client";
import { currentTestDatabaseUrl, TEST_ENGINE } from "../test-database";

/**
 * The test harness itself (tests/setup.ts): each test gets a fresh database of its own, on the
 * engine of its vitest project.
 */
const seen: string[] = [];

async function databaseName() {
  if (TEST_ENGINE === "sqlite") return String(seen.length); // a fresh :memory: each time
  const [{ name }] = await rows<{ name: string }>(sql`select current_database() as name`);
  return name;
}

describe("test harness", () => {
  it("runs on the engine its project names", async () => {
    if (TEST_ENGINE === "postgres") {
      const [{ version }] = await rows<{ version: string }>(sql`select version() as version`);
      expect(version).toMatch(/^PostgreSQL \d+/);
      expect(currentTestDatabaseUrl()).toMatch(/^postgres:\/\/.*\/caseline_test_/);
      expect(process.env.DATABASE_URL).toBe(currentTestDatabaseUrl());
    } else {
      const [{ version }] = await rows<{ version: string }>(
        sql`select sqlite_version() as version`,
      );
      expect(version).toMatch(/^3\./);
      expect(() => currentTestDatabaseUrl()).toThrow(/in memory/);
    }
  });

  it("a test's writes stay in its database", async () => {
    seen.push(await databaseName());
    await writeTransaction(async () => {
      await run(sql`create table harness_probe (n integer)`);
      await run(sql`insert into harness_probe values (1)`);
    });
    expect(await rows(sql`select n from harness_probe`)).toHaveLength(1);
  });

  it("the next test gets another, fresh database", async () => {
    seen.push(await databaseName());
    expect(seen[1]).not.toBe(seen[0]);
    const tables = await rows(
      TEST_ENGINE === "postgres"
        ? sql`select 1 from pg_tables where tablename = 'harness_probe'`
        : sql`select 1 from sqlite_master where name = 'harness_probe'`,
    );
    expect(tables).toHaveLength(0);
    // Migrated, like the database the application opens.
    expect(await rows(sql`select * from users`)).toEqual([]);
  });

  it.runIf(TEST_ENGINE === "postgres")("a second connection sees the test's database", async () => {
    const pg = (await import("pg")).default;
    await run(sql`create table harness_probe (n integer)`);
    await run(sql`insert into harness_probe values (42)`);
    const client = new pg.Client({ connectionString: currentTestDatabaseUrl() });
    await client.connect();
    try {
      const { rows: found } = await client.query("select n from harness_probe");
      expect(found).toEqual([{ n: 42 }]);
    } finally {
      await client.end();
    }
    expect(getDb()).toBeDefined();
  });
});
