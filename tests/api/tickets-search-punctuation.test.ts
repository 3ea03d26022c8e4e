import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { ENGINE } from "@/db/engine-kind";
import { listTickets } from "@/lib/tickets/list-tickets";
import { toFtsQuery } from "@/lib/tickets/search-query";
import { listTicketsQuery } from "@/lib/validation/tickets";
import { api, numbersOf, person, raise } from "../ticket-kit";

/**
 * A search is a filter: whatever is typed, it never answers more than a real word would, and it
 * never breaks the FTS5 syntax (a 500). Each ticket here holds one unique word and nothing else,
 * so any query can match at most one ticket.
 */
async function corpus() {
  const admin = await person("ADMIN");
  const eng = await person("ENGINEER");
  const c = await person("CUSTOMER");
  const words = ["zebrafoo", "quokkabar", "narwhalbaz"];
  const numbers: number[] = [];
  for (const w of words) numbers.push(await raise(c, w, w));
  return { admin, eng, c, words, numbers };
}

const PUNCTUATION_ONLY = [
  "*",
  '"',
  "-",
  "^",
  "()",
  ":",
  '" "',
  "* -",
  "(:)",
  "^*\"'",
  "{}[]",
  "+",
  "—",
  "…",
];

describe("GET /tickets?q= made only of punctuation", () => {
  it.each(PUNCTUATION_ONLY)("%j matches nothing in the API, for every role", async (q) => {
    const { admin, eng, c } = await corpus();
    for (const who of [admin, eng, c]) {
      const res = await api.list(who.token, `q=${encodeURIComponent(q)}`);
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({ data: [], nextCursor: null });
    }
  });

  it.each(PUNCTUATION_ONLY)(
    "%j matches nothing in the portal's list (same query parsing)",
    async (q) => {
      const { admin, c } = await corpus();
      for (const who of [admin, c]) {
        for (const sort of ["created", "updated"]) {
          const page = await listTickets(who.actor, listTicketsQuery.parse({ q, sort }));
          expect(page.data).toEqual([]);
        }
      }
    },
  );

  it("a real word among the punctuation still finds its ticket", async () => {
    const { admin, numbers } = await corpus();
    const res = await api.list(admin.token, `q=${encodeURIComponent('*"quokkabar"^ -')}`);
    expect(numbersOf(res.json)).toEqual([numbers[1]]);
  });

  it("any typed string: never a 5xx, never more than one ticket, the right one when its word is there", async () => {
    const { admin, c, words, numbers } = await corpus();
    const junk = fc.string({
      unit: fc.constantFrom(..."*\"-^():{}[]+~'.,;!?/\\ \t\nANDORNEAR_%0é🙂"),
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(
        junk,
        fc.option(fc.nat({ max: 2 })),
        junk,
        fc.boolean(),
        async (pre, pick, post, staff) => {
          const word = pick === null ? "" : words[pick];
          const q = `${pre}${word ? ` ${word} ` : ""}${post}`;
          // An empty (or blank) q is no search at all: the whole list, by design.
          if (q.trim() === "") return;
          const who = staff ? admin : c;
          const res = await api.list(who.token, `q=${encodeURIComponent(q)}&limit=100`);
          expect(res.status, `${JSON.stringify(q)}: ${res.text}`).toBe(200);
          const found = numbersOf(res.json);
          expect(found.length, JSON.stringify(q)).toBeLessThanOrEqual(1);
          if (found.length === 1) expect(numbers).toContain(found[0]);
          // With nothing else searchable around it, the word finds its own ticket.
          if (pick !== null && !/[\p{L}\p{N}_]/u.test(pre + post))
            expect(found, JSON.stringify(q)).toEqual([numbers[pick]]);
        },
      ),
      { numRuns: 150 },
    );
  });

  // SQLite only: it sends toFtsQuery's output straight to FTS5's MATCH to prove the syntax is
  // always valid; PostgreSQL's search is tsvector-based and never sees FTS5 syntax.
  it.skipIf(ENGINE !== "sqlite")(
    "the query builder: any Unicode string gives a valid FTS5 query or none at all",
    async () => {
      const { c, numbers } = await corpus();
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: "binary", maxLength: 60 }),
          fc.boolean(),
          async (text, staff) => {
            const fts = toFtsQuery(text, { staff, reporterId: staff ? undefined : c.id });
            if (fts === null) {
              // Nothing searchable: the list matches nothing rather than everything.
              if (text.trim() !== "")
                expect(
                  (await listTickets(c.actor, listTicketsQuery.parse({ q: text.slice(0, 200) })))
                    .data,
                ).toEqual([]);
              return;
            }
            const found = await rows<{ rowid: number }>(
              sql`select rowid from ticket_search where ticket_search match ${fts}`,
            );
            expect(found.length).toBeLessThanOrEqual(1);
            for (const r of found) expect(numbers).toContain(r.rowid);
          },
        ),
        { numRuns: 500 },
      );
    },
  );

  // PostgreSQL's counterpart: every ticket has its search documents in ticket_search, and any
  // Unicode string searched through the domain's list is a valid query matching at most one.
  it.skipIf(ENGINE !== "postgres")(
    "the query builder: any Unicode string gives a valid tsquery or none at all",
    async () => {
      const { admin, c, numbers } = await corpus();
      const docs = await rows<{ number: number; reporter: number }>(
        sql`select ticket_number as number, reporter_id as reporter from ticket_search
          where public_doc is not null order by ticket_number`,
      );
      expect(docs).toEqual(numbers.map((number) => ({ number, reporter: c.id })));
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: "binary", maxLength: 60 }),
          fc.boolean(),
          async (text, staff) => {
            if (text.trim() === "") return;
            const who = staff ? admin : c;
            const page = await listTickets(
              who.actor,
              listTicketsQuery.parse({ q: text.slice(0, 200), limit: 100 }),
            );
            expect(page.data.length, JSON.stringify(text)).toBeLessThanOrEqual(1);
            for (const t of page.data) expect(numbers).toContain(t.number);
            // Nothing searchable: the list matches nothing rather than everything.
            if (!/[\p{L}\p{N}_]/u.test(text)) expect(page.data).toEqual([]);
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});
