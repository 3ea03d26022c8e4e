import { and, count as countAll, eq, inArray, ne, type SQL } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as healthRoute from "@/app/api/v1/health/route";
import * as importRoute from "@/app/api/v1/import/customers/route";
import { getDb } from "@/db/client";
import { notifications, userEvents, users, userTokens } from "@/db/schema";
import { createCustomer } from "@/lib/crm/customer-changes";
import { readCustomerFile } from "@/lib/crm/csv-import-file";
import {
  prepareCustomerImport,
  runCustomerImport,
  type ImportProgress,
} from "@/lib/crm/import-customers";
import { makeUser, tokenFor } from "../helpers";

/*
 * Heavy work must leave the event loop to other requests. No test here times anything: each
 * checks structurally that the work is cut into steps (other callbacks and whole /health requests
 * run in the middle of it), which a single synchronous parse or one transaction over every row
 * can never do, however fast the machine.
 */

const csvOf = (n: number, prefix = "c") =>
  "name,email,company\n" +
  Array.from({ length: n }, (_, i) => `Customer ${i},${prefix}${i}@example.test,Co ${i % 40}`).join(
    "\n",
  );

const bytes = (text: string) => new TextEncoder().encode(text);

/** Counts turns of the event loop (setImmediate callbacks) until `work` settles. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
}

let caller = 0;
/** GET /health from a new client address each time (so no rate limit answers instead). */
const health = () => {
  caller += 1;
  return healthRoute.GET(
    new Request("http://localhost/api/v1/health", {
      headers: { "x-caseline-socket-address": `10.9.${(caller >> 8) & 255}.${caller & 255}` },
    }),
  );
};

/** How many rows of a table match a condition. */
type Counted = typeof users | typeof notifications | typeof userTokens;
const count = async (table: Counted, where: SQL | undefined) =>
  (await getDb().select({ n: countAll() }).from(table).where(where))[0].n;

describe("import: parsing and checking in steps", () => {
  it("reads an 8 MB CSV over many turns of the event loop, not in one call", async () => {
    const text = csvOf(200_000);
    expect(text.length).toBeGreaterThan(8_000_000);
    const { result, turns } = await turnsDuring(() => readCustomerFile(bytes(text), "csv"));
    expect(result).toHaveLength(200_000);
    // One synchronous parse allows at most one turn; a parse in 64 KiB slices allows over a hundred.
    expect(turns).toBeGreaterThan(20);
  }, 60_000);

  it("parses a 20 MB JSON file off the event loop and gets its items back in order", async () => {
    const items = Array.from({ length: 150_000 }, (_, i) => ({
      name: `Customer ${i}`,
      email: `j${i}@example.test`,
      company: `Company ${i % 500} with a longer name`,
      phone: `+1 555 ${String(i).padStart(6, "0")}`,
    }));
    const text = JSON.stringify(items);
    expect(text.length).toBeGreaterThan(15_000_000);
    // JSON.parse of the whole file on this thread would hold every request for about a second.
    const parse = vi.spyOn(JSON, "parse");
    try {
      const { result, turns } = await turnsDuring(() => readCustomerFile(bytes(text), "json"));
      expect(parse.mock.calls.filter(([arg]) => String(arg).length > 1_000_000)).toEqual([]);
      expect(result).toHaveLength(150_000);
      expect(result[149_999]).toMatchObject({
        row: 150_000,
        values: { email: "j149999@example.test" },
      });
      expect(turns).toBeGreaterThan(20);
    } finally {
      parse.mockRestore();
    }
  }, 120_000);

  it("refuses an 8 MB one-line CSV at its first 64 KiB with a short message saying what to fix", async () => {
    const { user } = await makeUser("ADMIN");
    const token = await tokenFor(user);
    for (const text of [
      // a header of four million cells
      "name,email," + "x,".repeat(4_000_000),
      // customers with no line breaks between them
      "name,email\n" + "Ann Lee,ann@example.test,".repeat(320_000),
    ]) {
      const res = await importRoute.POST(
        new Request("http://localhost/api/v1/import/customers", {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "text/csv",
            "x-caseline-socket-address": "127.0.0.1",
          },
          body: text,
        }),
      );
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(JSON.parse(body).error.message).toMatch(/longer than 64 KiB.*one customer per line/);
      // The answer names the problem; it does not echo millions of cells back.
      expect(body.length).toBeLessThan(2_000);
    }
    expect(await count(users, eq(users.userType, "CUSTOMER"))).toBe(0);
  }, 60_000);
});

describe("import: writing in steps, still all-or-nothing", () => {
  it("answers /health requests in the middle of writing the customers", async () => {
    const { actor } = await makeUser("ADMIN");
    const total = 6_000;
    const prepared = await prepareCustomerImport(actor, {
      bytes: bytes(csvOf(total)),
      format: "csv",
    });
    let progress: ImportProgress = { phase: "checking", done: 0, total };
    const answeredDuringWrite: number[] = [];
    const statuses = new Set<number>();
    let importing = true;
    const healthLoop = (async () => {
      while (importing) {
        // Requests arrive from the network, each in a later turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        statuses.add((await health()).status);
        if (progress.phase === "importing" && progress.done > 0 && progress.done < total)
          answeredDuringWrite.push(progress.done);
      }
    })();
    const report = await runCustomerImport(actor, prepared, {
      dryRun: false,
      onProgress: (p) => (progress = p),
    }).finally(() => (importing = false));
    await healthLoop;

    expect(report).toMatchObject({ total, imported: total, invited: total, invalid: 0 });
    expect([...statuses]).toEqual([200]);
    // Whole requests ran between the write's steps (one transaction over every row allows none).
    expect(answeredDuringWrite.length).toBeGreaterThan(3);
    expect(await count(userTokens, eq(userTokens.purpose, "invite"))).toBe(total);
  }, 60_000);

  it("a customer added by someone else mid-import undoes the chunks already written and queues no invitation", async () => {
    const { actor } = await makeUser("ADMIN");
    const total = 2_000;
    const prepared = await prepareCustomerImport(actor, {
      bytes: bytes(csvOf(total, "r")),
      format: "csv",
    });
    let raced = false;
    let byHand: Promise<unknown> | undefined;
    const report = await runCustomerImport(actor, prepared, {
      dryRun: false,
      onProgress: (p) => {
        // After the first chunk is in, another admin adds the file's last customer by hand: a
        // request of its own, which the import does not wait for (it is awaited below).
        if (p.phase === "importing" && p.done > 0 && !raced) {
          raced = true;
          byHand = createCustomer(actor, {
            name: "By Hand",
            email: `r${total - 1}@example.test`,
            company: null,
            phone: null,
          } as never);
        }
      },
    });
    expect(raced).toBe(true);
    await byHand;
    expect(report.imported).toBe(0);
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: total,
        field: "email",
        reason: "A customer with this email exists",
      }),
    ]);
    // Only the hand-made customer remains; no imported event, token or invitation is left.
    expect(await count(users, eq(users.userType, "CUSTOMER"))).toBe(1);
    const [events] = await getDb()
      .select({ n: countAll() })
      .from(userEvents)
      .innerJoin(users, eq(users.id, userEvents.userId))
      .where(and(inArray(userEvents.type, ["imported", "invited"]), ne(users.name, "By Hand")));
    expect(events.n).toBe(0);
    expect(
      await count(
        notifications,
        and(
          eq(notifications.template, "invitation"),
          ne(notifications.recipientEmails, `["r${total - 1}@example.test"]`),
        ),
      ),
    ).toBe(0);
  }, 60_000);
});
