import { describe, expect, it } from "vitest";
import {
  api,
  assignDirectly,
  numbersOf,
  person,
  raise,
  setTicket,
  type Person,
} from "../ticket-kit";

const day = (iso: string) => new Date(iso).getTime();

/** Six tickets with known status, priority, assignee and reporter. */
async function board() {
  const admin = await person("ADMIN");
  const alice = await person("CUSTOMER");
  const bob = await person("CUSTOMER");
  const eng = await person("ENGINEER");
  const spec = [
    ["OPEN", 4, eng, alice],
    ["IN_PROGRESS", 1, eng, alice],
    ["BLOCKED", 2, null, bob],
    ["RESOLVED", 1, eng, bob],
    ["CLOSED", 3, null, alice],
    ["OPEN", 2, null, bob],
  ] as const;
  const n: number[] = [];
  for (const [status, priority, assignee, reporter] of spec) {
    const number = await raise(reporter);
    await assignDirectly(number, assignee);
    await setTicket(number, { status, ticket_priority: priority });
    n.push(number);
  }
  return { admin, alice, bob, eng, n };
}

const list = async (p: Person, query: string) => {
  const res = await api.list(p.token, query);
  expect(res.status, res.text).toBe(200);
  return numbersOf(res.json).sort((a, b) => a - b);
};

describe("GET /tickets filters", () => {
  it("status: one value, a comma list, any letter case", async () => {
    const { admin, n } = await board();
    expect(await list(admin, "status=OPEN")).toEqual([n[0], n[5]]);
    expect(await list(admin, "status=OPEN,BLOCKED")).toEqual([n[0], n[2], n[5]]);
    expect(await list(admin, "status=resolved, closed")).toEqual([n[3], n[4]]);
  });

  it("active=true and active=false", async () => {
    const { admin, n } = await board();
    expect(await list(admin, "active=true")).toEqual([n[0], n[1], n[2], n[5]]);
    expect(await list(admin, "active=false")).toEqual([n[3], n[4]]);
  });

  it("ticketPriority", async () => {
    const { admin, n } = await board();
    expect(await list(admin, "ticketPriority=1")).toEqual([n[1], n[3]]);
    expect(await list(admin, "ticketPriority=2")).toEqual([n[2], n[5]]);
  });

  it("assignee=<userId>, assignee=none and unassigned=true", async () => {
    const { admin, eng, n } = await board();
    expect(await list(admin, `assignee=${eng.userId}`)).toEqual([n[0], n[1], n[3]]);
    expect(await list(admin, "assignee=none")).toEqual([n[2], n[4], n[5]]);
    expect(await list(admin, "unassigned=true")).toEqual([n[2], n[4], n[5]]);
    expect(await list(admin, "assignee=nobody-known")).toEqual([]);
  });

  it("reporter", async () => {
    const { admin, alice, bob, n } = await board();
    expect(await list(admin, `reporter=${alice.userId}`)).toEqual([n[0], n[1], n[4]]);
    expect(await list(admin, `reporter=${bob.userId}`)).toEqual([n[2], n[3], n[5]]);
  });

  it("filters combine with each other and with visibility", async () => {
    const { admin, alice, eng, n } = await board();
    expect(await list(admin, `active=true&assignee=${eng.userId}&ticketPriority=1`)).toEqual([
      n[1],
    ]);
    expect(await list(alice, "status=OPEN")).toEqual([n[0]]);
    // The engineer sees their own three plus the active pool (n[2], n[5]); not the closed one.
    expect(await list(eng, "ticketPriority=2")).toEqual([n[2], n[5]]);
  });

  it("createdFrom / createdTo, whole days inclusive, and date-times", async () => {
    const { admin, n } = await board();
    await setTicket(n[0], { created_at: day("2024-01-10T08:00:00Z") });
    await setTicket(n[1], { created_at: day("2024-02-15T18:00:00Z") });
    await setTicket(n[2], { created_at: day("2024-03-20T00:00:00Z") });
    for (const k of [3, 4, 5]) await setTicket(n[k], { created_at: day("2025-06-01T00:00:00Z") });
    expect(await list(admin, "createdFrom=2024-02-01&createdTo=2024-12-31")).toEqual([n[1], n[2]]);
    expect(await list(admin, "createdTo=2024-02-15")).toEqual([n[0], n[1]]);
    expect(await list(admin, "createdFrom=2024-02-15&createdTo=2024-02-15")).toEqual([n[1]]);
    expect(await list(admin, "createdFrom=2024-02-15T19:00:00Z&createdTo=2024-12-31")).toEqual([
      n[2],
    ]);
  });

  it("resolvedFrom / resolvedTo, skipping tickets never resolved", async () => {
    const { admin, n } = await board();
    await setTicket(n[3], { resolved_at: day("2024-05-05T10:00:00Z") });
    await setTicket(n[4], { resolved_at: day("2024-06-30T23:00:00Z") });
    expect(await list(admin, "resolvedFrom=2024-05-01")).toEqual([n[3], n[4]]);
    expect(await list(admin, "resolvedFrom=2024-05-06")).toEqual([n[4]]);
    expect(await list(admin, "resolvedTo=2024-06-29")).toEqual([n[3]]);
    expect(await list(admin, "resolvedFrom=2024-01-01&resolvedTo=2024-06-30")).toEqual([
      n[3],
      n[4],
    ]);
  });
});

describe("GET /tickets?q= full-text search", () => {
  async function corpus() {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    const eng = await person("ENGINEER");
    const a = await raise(c, "Printer jams", "Paper stuck in tray");
    const b = await raise(c, "Wifi drops", "Connection lost every hour");
    const d = await raise(c, "Monitor flickers", "Screen goes dark");
    await api.reply(eng.token, d, { body: "Swapped the graphics cable" });
    return { admin, c, a, b, d };
  }

  it("matches title, description and public replies", async () => {
    const { admin, a, b, d } = await corpus();
    expect(await list(admin, "q=jams")).toEqual([a]);
    expect(await list(admin, "q=connection")).toEqual([b]);
    expect(await list(admin, "q=graphics")).toEqual([d]);
  });

  it("matches word forms (stemmed), needs every word, ignores case", async () => {
    const { admin, c, a, b } = await corpus();
    expect(await list(admin, "q=jam")).toEqual([a]);
    expect(await list(admin, "q=jamming")).toEqual([a]);
    expect(await list(admin, "q=paper%20trays")).toEqual([a]);
    expect(await list(admin, "q=paper%20wifi")).toEqual([]);
    expect(await list(admin, "q=WIFI")).toEqual([b]);
    // The same for a customer, whose search runs inside their own documents.
    expect(await list(c, "q=jamming")).toEqual([a]);
  });

  it("a customer's search never reaches another customer's tickets", async () => {
    const { c, a } = await corpus();
    const other = await person("CUSTOMER");
    const theirs = await raise(other, "Printer jams again", "Paper stuck in tray");
    expect(await list(c, "q=jams")).toEqual([a]);
    expect(await list(other, "q=jams")).toEqual([theirs]);
  });

  it("follows the title after an edit", async () => {
    const { admin, a } = await corpus();
    await api.update(admin.token, a, { title: "Scanner broken" });
    expect(await list(admin, "q=scanner")).toEqual([a]);
    expect(await list(admin, "q=jams")).toEqual([]);
  });

  it.each([
    '"AND (',
    "AND",
    "OR NOT",
    "NEAR(printer jams)",
    "title:printer",
    '"',
    "'",
    "*",
    "-jams",
    "printer*",
    "^paper",
    "(){}[]",
    "a AND OR",
    "%_\\",
    "🙂 printer",
  ])("never fails on %j", async (q) => {
    const { admin } = await corpus();
    const res = await api.list(admin.token, `q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.data)).toBe(true);
  });

  it("still finds words next to stray operators", async () => {
    const { admin, a } = await corpus();
    expect(await list(admin, `q=${encodeURIComponent('"printer (jams*')}`)).toEqual([a]);
  });
});

describe("GET /tickets: bad input answers 400", () => {
  it.each([
    "cursor=garbage!",
    `cursor=${Buffer.from('{"a":1}').toString("base64url")}`,
    `cursor=${Buffer.from("[1]").toString("base64url")}`,
    "limit=0",
    "limit=101",
    "limit=ten",
    "status=DONE",
    "status=OPEN,NOPE",
    "active=maybe",
    "ticketPriority=9",
    "createdFrom=yesterday",
    "createdTo=2024-13-45",
    "resolvedFrom=2024/01/01",
    "resolvedTo=12-31-2024",
    "sort=random",
    "order=sideways",
    `q=${"x".repeat(201)}`,
  ])("%s", async (query) => {
    const admin = await person("ADMIN");
    const res = await api.list(admin.token, query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
  });

  it("answers 401 without a token", async () => {
    expect((await api.list("", "")).status).toBe(401);
  });
});
