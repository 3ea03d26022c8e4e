import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
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
  const numbers = words.map((w) => raise(c, w, w));
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
          const page = listTickets(who.actor, listTicketsQuery.parse({ q, sort }));
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

  it("the query builder: any Unicode string gives a valid FTS5 query or none at all", async () => {
    const { c, numbers } = await corpus();
    const match = getDb().$client.prepare(
      "select rowid from ticket_search where ticket_search match ?",
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.boolean(), (text, staff) => {
        const fts = toFtsQuery(text, { staff, reporterId: staff ? undefined : c.id });
        if (fts === null) {
          // Nothing searchable: the list matches nothing rather than everything.
          if (text.trim() !== "")
            expect(
              listTickets(c.actor, listTicketsQuery.parse({ q: text.slice(0, 200) })).data,
            ).toEqual([]);
          return;
        }
        const rows = match.all(fts) as { rowid: number }[];
        expect(rows.length).toBeLessThanOrEqual(1);
        for (const r of rows) expect(numbers).toContain(r.rowid);
      }),
      { numRuns: 500 },
    );
  });
});
