import { getDb } from "@/db/client";
import { pagedCsvStream, pagedTextStream, spreadsheetSafe } from "@/lib/http/paged-stream";
import { likePattern, USER_TEXT_COLUMNS } from "@/lib/users/text-match";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { EXPORT_COLUMNS, type ExportCustomersQuery } from "@/lib/validation/import";

/** One customer as exported: never a password, a hash or anything else internal. */
export type ExportedCustomer = {
  userId: string;
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  status: "ACTIVE" | "DEACTIVATED";
  createdAt: string;
};

type Row = {
  id: number;
  userId: string;
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  deactivatedAt: number | null;
  createdAt: number;
};

/** Rows read per page of the keyset walk: one page is in memory at a time, whatever the total. */
export const EXPORT_PAGE = 1_000;

/**
 * Admins export customers as CSV or JSON (docs/crm.md#export), with the customer list's filters. The body
 * is pulled page by page (keyset on id, oldest first) as the client reads it, so there is no row
 * limit and memory stays flat; rows added meanwhile can't be skipped or repeated.
 */
export function exportCustomers(actor: Actor, query: ExportCustomersQuery, today = new Date()) {
  requireRole(actor, "ADMIN");
  const csv = query.format === "csv";
  const pages = customerPages(query);
  let first = true;
  const body = csv
    ? pagedCsvStream(EXPORT_COLUMNS, pages, (row) => toCsvRecord(toExported(row)))
    : pagedTextStream(pages, {
        head: "[",
        page: (rows) =>
          rows
            .map((row) => {
              const item = `${first ? "\n" : ",\n"}${JSON.stringify(toExported(row))}`;
              first = false;
              return item;
            })
            .join(""),
        tail: () => (first ? "]\n" : "\n]\n"),
      });

  const date = today.toISOString().slice(0, 10);
  return {
    body,
    filename: `customers-${date}.${csv ? "csv" : "json"}`,
    contentType: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
  };
}

function* customerPages(query: ExportCustomersQuery): Generator<Row[]> {
  const where = ["user_type = 'CUSTOMER'", "deleted_at is null", "id > @after"];
  const params: Record<string, string | number> = {};
  if (query.q) {
    // The same matching as the customer list (lib/users/text-match.ts).
    params.pattern = likePattern(query.q);
    const match = USER_TEXT_COLUMNS.map((c) => `${c} like @pattern escape '\\'`);
    where.push(`(${match.join(" or ")})`);
  }
  if (query.company) {
    params.company = query.company;
    where.push("company = @company collate nocase");
  }
  if (query.status === "active") where.push("deactivated_at is null");
  if (query.status === "deactivated") where.push("deactivated_at is not null");
  const statement = getDb().$client.prepare<[Record<string, string | number>], Row>(
    `select id, user_id as userId, name, email, company, phone,
            deactivated_at as deactivatedAt, created_at as createdAt
     from users where ${where.join(" and ")} order by id limit ${EXPORT_PAGE}`,
  );
  let after = 0;
  for (;;) {
    const rows = statement.all({ ...params, after });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < EXPORT_PAGE) return;
    after = rows[rows.length - 1].id;
  }
}

function toExported(row: Row): ExportedCustomer {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    company: row.company,
    phone: row.phone,
    status: row.deactivatedAt ? "DEACTIVATED" : "ACTIVE",
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function toCsvRecord(c: ExportedCustomer) {
  return [
    c.userId,
    spreadsheetSafe(c.name),
    c.email,
    spreadsheetSafe(c.company),
    c.phone,
    c.status,
    c.createdAt,
  ];
}
