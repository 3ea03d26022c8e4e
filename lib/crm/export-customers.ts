import { stringify } from "csv-stringify/sync";
import { getDb } from "@/db/client";
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
 * Admins export customers as CSV or JSON (SPEC §6), with the customer list's filters. The body
 * is pulled page by page (keyset on id, oldest first) as the client reads it, so there is no row
 * limit and memory stays flat; rows added meanwhile can't be skipped or repeated.
 */
export function exportCustomers(actor: Actor, query: ExportCustomersQuery, today = new Date()) {
  requireRole(actor, "ADMIN");
  const csv = query.format === "csv";
  const pages = customerPages(query);
  const encoder = new TextEncoder();
  let started = false;
  let first = true;

  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = "";
      if (!started) {
        started = true;
        // The BOM lets Excel read the file as UTF-8; Caseline's import accepts it.
        text = csv ? stringify([[...EXPORT_COLUMNS]], { bom: true }) : "[";
      }
      const page = pages.next();
      if (page.done) {
        controller.enqueue(encoder.encode(text + (csv ? "" : first ? "]\n" : "\n]\n")));
        controller.close();
        return;
      }
      const customers = page.value.map(toExported);
      if (csv) text += stringify(customers.map(toCsvRecord));
      else {
        for (const c of customers) {
          text += `${first ? "\n" : ",\n"}${JSON.stringify(c)}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(text));
    },
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
    // The same matching as the customer list (lib/crm/customers.ts).
    params.pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const match = ["user_id", "name", "email", "company"].map(
      (c) => `${c} like @pattern escape '\\'`,
    );
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

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula, and customers choose their own
 * names: such free text gets a leading apostrophe, which the import takes off again.
 */
const guard = (value: string | null) => (value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function toCsvRecord(c: ExportedCustomer) {
  return [c.userId, guard(c.name), c.email, guard(c.company), c.phone, c.status, c.createdAt];
}
