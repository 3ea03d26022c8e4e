import { describe, expect, it } from "vitest";
import { api, assignDirectly, person, raise, setTicket, type Person } from "../ticket-kit";

type Row = { number: number; ticketPriority: number; status: string; updatedAt: string };
type Sort = "created" | "updated" | "priority" | "queue";

/** Many tickets, most sharing a priority and some sharing an updatedAt, spread across people. */
async function crowd() {
  const admin = await person("ADMIN");
  const customer = await person("CUSTOMER");
  const eng = await person("ENGINEER");
  const eng2 = await person("ENGINEER");
  const spec: [number, string, Person | null, number][] = [
    [4, "OPEN", eng, 5_000],
    [4, "OPEN", eng2, 1_000],
    [2, "BLOCKED", null, 5_000],
    [4, "IN_PROGRESS", eng, 3_000],
    [1, "OPEN", null, 5_000],
    [4, "BLOCKED", eng, 2_000],
    [4, "OPEN", null, 1_000],
    [2, "RESOLVED", eng, 5_000],
    [4, "CLOSED", null, 4_000],
    [3, "OPEN", eng2, 3_000],
    [4, "OPEN", eng, 5_000],
    [4, "BLOCKED", null, 5_000],
    [1, "IN_PROGRESS", eng2, 2_000],
  ];
  for (const [priority, status, assignee, updated] of spec) {
    const n = await raise(customer);
    await assignDirectly(n, assignee);
    await setTicket(n, { ticket_priority: priority, status, updated_at: updated });
  }
  // One the engineer reported, held by someone else.
  const reported = await raise(eng);
  await assignDirectly(reported, eng2);
  await setTicket(reported, { ticket_priority: 4, updated_at: 5_000 });
  return { admin, customer, eng, eng2 };
}

const KEY: Record<Sort, (r: Row) => number> = {
  created: () => 0,
  updated: (r) => Date.parse(r.updatedAt),
  priority: (r) => r.ticketPriority,
  queue: (r) => (r.status === "BLOCKED" ? 10 : 0) + r.ticketPriority,
};
const DEFAULT_ORDER: Record<Sort, "asc" | "desc"> = {
  created: "desc",
  updated: "desc",
  priority: "asc",
  queue: "asc",
};

/** What the order should be: by the sort key, ties broken by number, both in one direction. */
function expectedOrder(rows: Row[], sort: Sort, order: "asc" | "desc") {
  const sign = order === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => sign * (KEY[sort](a) - KEY[sort](b) || a.number - b.number))
    .map((r) => r.number);
}

async function everything(p: Person) {
  const res = await api.list(p.token, "limit=100");
  expect(res.json.nextCursor).toBeNull();
  return res.json.data as Row[];
}

/** Follows nextCursor from the first page to the last. */
async function walk(p: Person, query: string, onPage?: (i: number) => Promise<void>) {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const q: string = `${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await api.list(p.token, q);
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.length).toBeLessThanOrEqual(2);
    seen.push(...res.json.data.map((t: Row) => t.number));
    await onPage?.(page);
    cursor = res.json.nextCursor;
    if (!cursor) return seen;
    expect(res.json.data).toHaveLength(2);
  }
  throw new Error("pagination never ended");
}

const SORTS: Sort[] = ["created", "updated", "priority", "queue"];
const cases = SORTS.flatMap((sort) =>
  (["asc", "desc"] as const).flatMap((order) =>
    (["admin", "eng", "customer"] as const).map((who) => [sort, order, who] as const),
  ),
);

describe("GET /tickets sorting and keyset pagination", () => {
  it.each(cases)(
    "sort=%s order=%s: walking limit=2 pages gives every ticket the %s sees once, in order",
    async (sort, order, who) => {
      const people = await crowd();
      const me = people[who];
      const all = await everything(me);
      const expected = expectedOrder(all, sort, order);
      const walked = await walk(me, `sort=${sort}&order=${order}`);
      expect(walked).toEqual(expected);
      expect(new Set(walked).size).toBe(walked.length);
      // A single page in that order agrees too.
      const single = await api.list(me.token, `sort=${sort}&order=${order}&limit=100`);
      expect(single.json.data.map((t: Row) => t.number)).toEqual(expected);
    },
  );

  it.each(SORTS)("sort=%s without order uses its default direction", async (sort) => {
    const { admin } = await crowd();
    const all = await everything(admin);
    const res = await api.list(admin.token, `sort=${sort}&limit=100`);
    expect(res.json.data.map((t: Row) => t.number)).toEqual(
      expectedOrder(all, sort, DEFAULT_ORDER[sort]),
    );
  });

  it("defaults to the newest first, 20 to a page", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    for (let i = 0; i < 23; i++) await raise(customer);
    const first = await api.list(admin.token, "");
    expect(first.json.data).toHaveLength(20);
    expect(first.json.data[0].number).toBe(23);
    expect(typeof first.json.nextCursor).toBe("string");
    const rest = await api.list(admin.token, `cursor=${first.json.nextCursor}`);
    expect(rest.json.data.map((t: Row) => t.number)).toEqual([3, 2, 1]);
    expect(rest.json.nextCursor).toBeNull();
  });

  it("the engineer's walk skips tickets they may not see", async () => {
    const { eng } = await crowd();
    const walked = await walk(eng, "sort=priority");
    // eng2's tickets (2, 10, 13) and the closed pool ticket (9) are not theirs to see.
    for (const hidden of [2, 9, 10, 13]) expect(walked).not.toContain(hidden);
    expect(walked).toContain(14); // reported by eng, held by eng2
    expect(walked).toHaveLength(10);
  });

  it("a ticket created mid-walk neither duplicates nor drops the others", async () => {
    const { admin, customer } = await crowd();
    const before = (await everything(admin)).map((r) => r.number);
    const walked = await walk(admin, "sort=created", async (page) => {
      if (page === 1) await raise(customer);
    });
    expect(new Set(walked).size).toBe(walked.length);
    expect([...walked].sort((a, b) => a - b)).toEqual([...before].sort((a, b) => a - b));
  });
});
