import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { person } from "../ticket-kit";

/**
 * A test that times out keeps running after vitest has moved on (nothing can cancel it). Its late
 * writes must land in its own database, never in the next test's: this pair proves it without
 * relying on timing — the first test leaves work behind that writes only when the second says so.
 */
let release!: () => void;
const secondTestRunning = new Promise<void>((resolve) => (release = resolve));
let leftBehind: Promise<void> | undefined;

describe("test isolation", () => {
  it("a test may leave work running when it ends (as a timed-out test does)", async () => {
    await person("ENGINEER", "APPROVED");
    leftBehind = (async () => {
      await secondTestRunning;
      await person("ENGINEER", "APPROVED");
    })();
    expect(await getDb().select().from(users)).toHaveLength(1);
  });

  it("that work writes to its own test's database, not to the next test's", async () => {
    expect(await getDb().select().from(users)).toHaveLength(0);
    release();
    await leftBehind;
    expect(await getDb().select().from(users)).toHaveLength(0);
  });
});
