/**
 * A query prepared once (db/prepared.ts: built by Drizzle on its first call, kept for the database)
 * behaves as one built on the spot, on either engine: inside a write transaction it runs in that
 * transaction, seeing its writes and rolled back with it; outside, it sees only committed rows, even
 * while another request's transaction is open; each call takes its own values; and on SQLite a
 * prepared write outside writeTransaction is refused, as any write is.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, getDb, openDatabase, setDbForTesting, writeTransaction } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { users } from "@/db/schema";
import { person } from "../ticket-kit";
import { TEST_ENGINE } from "../test-database";

const userCount = preparedQuery((db) => db.select({ n: count() }).from(users));
const nameOf = preparedQuery((db) =>
  db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.userId, sql.placeholder("userId"))),
);
const rename = preparedQuery((db) =>
  db
    .update(users)
    .set({ name: sql`${sql.placeholder("name")}` })
    .where(eq(users.userId, sql.placeholder("userId"))),
);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/**
 * On SQLite, a migrated file of its own (a test's usual database is in memory, where no second
 * connection reads beside the writer); on PostgreSQL, the test's database, whose pool has several.
 */
async function databaseWithReaders() {
  if (TEST_ENGINE === "postgres") return;
  const previous = getDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), "caseline-prepared-"));
  const db = await openDatabase(path.join(dir, "prepared.db"));
  setDbForTesting(db);
  cleanups.push(async () => {
    setDbForTesting(previous);
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
}

const countNow = async () => Number((await userCount({}))[0].n);

describe("a prepared query", () => {
  it("takes each call's values", async () => {
    const [ann, bob] = [await person("CUSTOMER"), await person("ENGINEER")];
    expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: ann.user.name }]);
    expect(await nameOf({ userId: bob.user.userId })).toEqual([{ name: bob.user.name }]);
    expect(await nameOf({ userId: "nobody-by-this-id" })).toEqual([]);
  });

  it("runs inside the current write transaction and rolls back with it", async () => {
    await databaseWithReaders();
    const ann = await person("CUSTOMER");
    const before = await countNow();
    await expect(
      writeTransaction(async () => {
        await rename({ name: "Renamed inside", userId: ann.user.userId });
        await person("CUSTOMER");
        expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: "Renamed inside" }]);
        expect(await countNow()).toBe(before + 1);
        throw new Error("roll it back");
      }),
    ).rejects.toThrow("roll it back");
    expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: ann.user.name }]);
    expect(await countNow()).toBe(before);

    await writeTransaction(() => rename({ name: "Renamed for good", userId: ann.user.userId }));
    expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: "Renamed for good" }]);
  });

  it("outside a transaction sees only committed rows while another one is open", async () => {
    await databaseWithReaders();
    const ann = await person("CUSTOMER");
    const before = await countNow();
    let inserted!: () => void;
    const insertedOne = new Promise<void>((resolve) => (inserted = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const open = writeTransaction(async () => {
      await rename({ name: "Not yet committed", userId: ann.user.userId });
      await person("CUSTOMER");
      inserted();
      await finished;
    });
    await insertedOne;
    // Another request, outside that transaction, while it is open:
    expect(await countNow()).toBe(before);
    expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: ann.user.name }]);
    finish();
    await open;
    expect(await countNow()).toBe(before + 1);
    expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: "Not yet committed" }]);
  });

  it.runIf(TEST_ENGINE === "sqlite")(
    "that writes is refused outside writeTransaction on SQLite, and changes nothing",
    async () => {
      const ann = await person("CUSTOMER");
      await expect(rename({ name: "Sneaked in", userId: ann.user.userId })).rejects.toThrow(
        /outside writeTransaction/,
      );
      expect(await nameOf({ userId: ann.user.userId })).toEqual([{ name: ann.user.name }]);
    },
  );
});
