import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as overviewRoute from "@/app/api/v1/reports/overview/route";
import * as resolvedRoute from "@/app/api/v1/reports/resolved-tickets/route";
import { getDb, writeTransaction } from "@/db/client";
import { tickets } from "@/db/schema";
import { pagedDownload } from "@/lib/http/paged-download";
import {
  countResolvedTickets,
  RESOLVED_PAGE,
  resolvedTicketsCsv,
} from "@/lib/reports/resolved-tickets";
import { resolvedTicketsRange } from "@/lib/validation/reports";
import { call } from "../helpers";
import { api, assignDirectly, person, raise, setTicket, type Person } from "../ticket-kit";

const DAY = 86_400_000;
const HEADER = [
  "ticketId",
  "number",
  "title",
  "description",
  "status",
  "assignee",
  "resolvedAt",
  "createdAt",
];

afterEach(() => {
  vi.useRealTimers();
});

const report = (token: string, query = "") =>
  call(resolvedRoute.GET, "GET", `/api/v1/reports/resolved-tickets${query ? `?${query}` : ""}`, {
    token,
  });

/** The CSV's rows as objects keyed by the header (the header itself is checked separately). */
function rowsOf(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true });
}
const numbersIn = (text: string) => rowsOf(text).map((r) => Number(r.number));

/** A ticket resolved at `at` (ms), raised by `by` and, optionally, assigned to `assignee`. */
async function resolvedAt(by: Person, at: number, assignee?: Person | null, status = "RESOLVED") {
  const n = await raise(by);
  if (assignee !== undefined) await assignDirectly(n, assignee);
  await setTicket(n, { status, resolved_at: at, created_at: at - 3_600_000 });
  return n;
}

const utc = (iso: string) => Date.parse(iso);

describe("GET /reports/resolved-tickets: who may ask", () => {
  it("answers 401 without a token and 403 to customers, with the error shape", async () => {
    const customer = await person("CUSTOMER");
    const anonymous = await call(resolvedRoute.GET, "GET", "/api/v1/reports/resolved-tickets");
    expect(anonymous.status).toBe(401);
    const res = await report(customer.token);
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "FORBIDDEN", message: expect.any(String) });
    expect(res.headers.get("RateLimit-Limit")).toBeTruthy();
  });

  it("gives an engineer only the tickets they may see, and an admin all of them", async () => {
    const admin = await person("ADMIN");
    const eve = await person("ENGINEER");
    const sam = await person("ENGINEER");
    const carol = await person("CUSTOMER");
    const now = Date.now();
    const eves = await resolvedAt(carol, now - DAY, eve);
    const sams = await resolvedAt(carol, now - DAY, sam);
    const raisedByEve = await resolvedAt(eve, now - DAY, sam);
    const nobodys = await resolvedAt(carol, now - DAY, null);

    const forEve = await report(eve.token);
    expect(forEve.status).toBe(200);
    expect(numbersIn(forEve.text).sort()).toEqual([eves, raisedByEve].sort());
    const forAdmin = await report(admin.token);
    expect(numbersIn(forAdmin.text).sort((a, b) => a - b)).toEqual(
      [eves, sams, raisedByEve, nobodys].sort((a, b) => a - b),
    );
    const byNumber = Object.fromEntries(rowsOf(forAdmin.text).map((r) => [r.number, r]));
    expect(byNumber[eves].assignee).toBe(eve.userId);
    expect(byNumber[nobodys].assignee).toBe("");
  });
});

describe("GET /reports/resolved-tickets: the file", () => {
  it("is a CSV attachment named after the range, with exactly the documented columns", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    const n = await resolvedAt(carol, utc("2026-03-10T12:00:00.000Z"), admin);
    const [ticket] = await getDb()
      .select({ id: tickets.id })
      .from(tickets)
      .where(eq(tickets.number, n));

    const res = await report(admin.token, "from=2026-03-01&to=2026-03-31");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="resolved-tickets-2026-03-01-2026-03-31.csv"',
    );
    expect(res.headers.get("RateLimit-Remaining")).toBeTruthy();
    const [header, ...rows] = parse(res.text, { bom: true }) as string[][];
    expect(header).toEqual(HEADER);
    expect(rows).toEqual([
      [
        ticket.id,
        String(n),
        "Printer jams",
        "It jams on every page",
        "RESOLVED",
        admin.userId,
        "2026-03-10T12:00:00.000Z",
        "2026-03-10T11:00:00.000Z",
      ],
    ]);
  });

  it("starts with a UTF-8 BOM (for spreadsheets) and has only the header when nothing matches", async () => {
    const engineer = await person("ENGINEER");
    const { body } = pagedDownload(
      resolvedTicketsCsv(engineer.actor, resolvedTicketsRange.parse({})),
    );
    const bytes = new Uint8Array(await new Response(body).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(`${HEADER.join(",")}\n`);
  });

  it("quotes commas, quotes and newlines and keeps unicode, so a parser reads back the text", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    const title = 'VPN "split tunnel", again';
    const description = 'Line one, with a comma\nLine "two"\r\nŁódź, 東京, emoji 🎉, naïve café';
    const n = await raise(carol, title, description);
    await setTicket(n, { status: "CLOSED", resolved_at: Date.now() - DAY });

    const res = await report(admin.token);
    expect(res.text).toContain('"VPN ""split tunnel"", again"');
    const [row] = rowsOf(res.text);
    expect(row).toMatchObject({ number: String(n), title, description, status: "CLOSED" });
  });

  it("puts an apostrophe before free text a spreadsheet would run as a formula", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    const n = await raise(carol, '=HYPERLINK("http://evil.test")', "+1 and -1 and @me");
    await setTicket(n, { status: "RESOLVED", resolved_at: Date.now() - DAY });
    const [row] = rowsOf((await report(admin.token)).text);
    expect(row.title).toBe('\'=HYPERLINK("http://evil.test")');
    expect(row.description).toBe("'+1 and -1 and @me");
  });
});

describe("GET /reports/resolved-tickets: the range", () => {
  it("defaults to the last 30 days, today included", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: utc("2026-05-20T15:00:00.000Z") });
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    const firstDay = await resolvedAt(carol, utc("2026-04-21T00:00:00.000Z"));
    const today = await resolvedAt(carol, utc("2026-05-20T14:59:00.000Z"));
    await resolvedAt(carol, utc("2026-04-20T23:59:59.999Z")); // 31 days back
    await resolvedAt(carol, utc("2026-05-21T00:00:00.000Z")); // tomorrow (a skewed clock)

    const res = await report(admin.token);
    expect(res.headers.get("content-disposition")).toContain(
      "resolved-tickets-2026-04-21-2026-05-20.csv",
    );
    expect(numbersIn(res.text)).toEqual([firstDay, today]);
  });

  it("includes the whole `to` day and the whole `from` day, and nothing either side", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    await resolvedAt(carol, utc("2026-02-28T23:59:59.999Z"));
    const first = await resolvedAt(carol, utc("2026-03-01T00:00:00.000Z"));
    const last = await resolvedAt(carol, utc("2026-03-03T23:59:59.999Z"));
    await resolvedAt(carol, utc("2026-03-04T00:00:00.000Z"));

    const res = await report(admin.token, "from=2026-03-01&to=2026-03-03");
    expect(numbersIn(res.text)).toEqual([first, last]);
    const oneDay = await report(admin.token, "from=2026-03-03&to=2026-03-03");
    expect(numbersIn(oneDay.text)).toEqual([last]);
  });

  it("takes ISO date-times too, each end inclusive, offsets honoured", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    const before = await resolvedAt(carol, utc("2026-03-01T09:59:59.999Z"));
    const atStart = await resolvedAt(carol, utc("2026-03-01T10:00:00.000Z"));
    const atEnd = await resolvedAt(carol, utc("2026-03-01T12:00:00.000Z"));
    const after = await resolvedAt(carol, utc("2026-03-01T12:00:00.001Z"));

    const res = await report(
      admin.token,
      `from=${encodeURIComponent("2026-03-01T12:00:00+02:00")}&to=2026-03-01T12:00:00Z`,
    );
    expect(res.status).toBe(200);
    expect(numbersIn(res.text)).toEqual([atStart, atEnd]);
    expect(numbersIn(res.text)).not.toContain(before);
    expect(numbersIn(res.text)).not.toContain(after);
    expect(res.headers.get("content-disposition")).toContain(
      "resolved-tickets-2026-03-01-2026-03-01.csv",
    );
  });

  it.each([
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    ["from=2026-03-01T10:00", "from"],
    ["from=2026-03-10&to=2026-03-01", "from"],
    ["from=2020-01-01&to=2026-01-01", "to"],
    ["from=2026-03-01", "from"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    vi.useFakeTimers({ toFake: ["Date"], now: utc("2026-01-15T12:00:00.000Z") });
    const engineer = await person("ENGINEER");
    const res = await report(engineer.token, query);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(res.json.error.details[field]).toEqual([expect.any(String)]);
  });

  it("accepts exactly five years", async () => {
    const admin = await person("ADMIN");
    const res = await report(admin.token, "from=2021-01-01&to=2025-12-31");
    expect(res.status).toBe(200);
  });

  it("leaves out a ticket that was reopened (its resolvedAt is cleared) and keeps a closed one", async () => {
    const admin = await person("ADMIN");
    const eve = await person("ENGINEER");
    const carol = await person("CUSTOMER");
    const reopened = await raise(carol);
    const closed = await raise(carol);
    for (const n of [reopened, closed])
      expect((await api.update(admin.token, n, { status: "RESOLVED" })).status).toBe(200);
    expect((await api.update(carol.token, reopened, { status: "OPEN" })).status).toBe(200);
    expect((await api.update(carol.token, closed, { status: "CLOSED" })).status).toBe(200);

    for (const token of [admin.token, eve.token]) {
      const rows = rowsOf((await report(token)).text);
      expect(rows.map((r) => Number(r.number))).toEqual([closed]);
      expect(rows[0]).toMatchObject({ status: "CLOSED", assignee: eve.userId });
    }
  });
});

describe("GET /reports/resolved-tickets: no row limit", () => {
  /** `count` tickets straight into the table, `tie` at a time sharing one resolvedAt. */
  async function bulkResolved(reporter: Person, count: number, tie: number, base: number) {
    const rows = Array.from({ length: count }, (_, i) => {
      // Numbers grow with i but times are shuffled in blocks, so number order != time order.
      const at = base + (Math.floor(i / tie) % 2 ? 1 : -1) * Math.floor(i / tie) * 1000;
      return {
        id: `bulk-${i}`,
        title: `Bulk ticket ${i}, "row" ${i}`,
        description: "bulk",
        status: "RESOLVED" as const,
        reporterId: reporter.id,
        createdAt: new Date(at - DAY),
        updatedAt: new Date(at),
        resolvedAt: new Date(at),
      };
    });
    await writeTransaction(async () => {
      // A few hundred rows per statement: well under either engine's limit on parameters.
      for (let i = 0; i < rows.length; i += 250) {
        await getDb()
          .insert(tickets)
          .values(rows.slice(i, i + 250));
      }
    });
  }

  it("streams 2,500 rows across page boundaries in order, each once", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    await bulkResolved(carol, 2_500, 7, Date.now() - 5 * DAY);
    expect(RESOLVED_PAGE).toBeLessThan(2_500);

    const res = await report(admin.token);
    expect(res.status).toBe(200);
    const rows = rowsOf(res.text);
    expect(rows).toHaveLength(2_500);
    expect(new Set(rows.map((r) => r.ticketId)).size).toBe(2_500);
    const keys = rows.map((r) => [Date.parse(r.resolvedAt), Number(r.number)]);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
    expect(rows[0].title).toMatch(/^Bulk ticket \d+, "row" \d+$/);
  });

  it("merges an engineer's assigned and reported tickets across pages in order, each once, and counts them alike", async () => {
    const eve = await person("ENGINEER");
    const sam = await person("ENGINEER");
    const carol = await person("CUSTOMER");
    const base = Date.now() - 10 * DAY;
    const expected: number[] = [];
    // Assigned to Eve, raised by Eve for Sam, raised by Eve and kept by her (both branches at
    // once), and tickets she may not see, with resolution times interleaved and some shared.
    for (let i = 0; i < 12; i++) {
      const at = base + Math.floor(i / 2) * 60_000;
      expected.push(await resolvedAt(carol, at, eve));
      expected.push(await resolvedAt(eve, at + (i % 3) * 1000, sam));
      if (i % 2) expected.push(await resolvedAt(eve, at, eve, "CLOSED"));
      await resolvedAt(carol, at, sam);
      await resolvedAt(carol, at, null);
    }
    const range = resolvedTicketsRange.parse({});
    const body = pagedDownload(resolvedTicketsCsv(eve.actor, range, 4)).body;
    const rows = rowsOf(await new Response(body).text());
    expect(rows.map((r) => Number(r.number)).sort((a, b) => a - b)).toEqual(
      expected.sort((a, b) => a - b),
    );
    const keys = rows.map((r) => [Date.parse(r.resolvedAt), Number(r.number)]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(await countResolvedTickets(eve.actor, range)).toBe(expected.length);
  });

  it("pulls one page at a time as the reader asks, and stops when the reader cancels", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    await bulkResolved(carol, 250, 3, Date.now() - 2 * DAY);
    const { body } = pagedDownload(
      resolvedTicketsCsv(admin.actor, resolvedTicketsRange.parse({}), 100),
    );
    const reader = body!.getReader();
    const lines = async () => {
      const { value } = await reader.read();
      return new TextDecoder().decode(value).trimEnd().split("\n").length;
    };
    expect(await lines()).toBe(101); // the header and the first page
    expect(await lines()).toBe(100);
    await reader.cancel();

    const all = rowsOf(
      await new Response(
        pagedDownload(resolvedTicketsCsv(admin.actor, resolvedTicketsRange.parse({}), 100)).body,
      ).text(),
    );
    expect(all).toHaveLength(250);
    expect(new Set(all.map((r) => r.number)).size).toBe(250);
  });
});

describe("GET /reports/overview", () => {
  it("answers admins with the overview, and 403 to engineers and customers", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    await raise(customer);
    const url = "/api/v1/reports/overview";
    for (const who of [engineer, customer]) {
      const res = await call(overviewRoute.GET, "GET", url, { token: who.token });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("FORBIDDEN");
    }
    const res = await call(overviewRoute.GET, "GET", url, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.json.tickets).toEqual({
      active: 1,
      open: 1,
      inProgress: 0,
      blocked: 0,
      unassigned: 0,
    });
    expect(res.json.engineers).toEqual([
      { userId: engineer.userId, name: engineer.user.name, working: 1, blocked: 0, active: 1 },
    ]);
    expect(res.json.days).toHaveLength(30);
    expect(res.json.days.at(-1)).toMatchObject({ created: 1, resolved: 0 });
    expect(res.json.medians).toMatchObject({ firstReplyMs: null, awaitingReply: 1 });
  });
});
