import { and, asc, eq, gt, isNotNull, isNull, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sameText } from "@/db/dialect";
import { users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { userTextMatch } from "@/lib/users/text-match";
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

/** Rows read per page of the keyset walk: one page is in memory at a time, whatever the total. */
export const EXPORT_PAGE = 1_000;

/** Free text a person typed: a spreadsheet must not run it as a formula (docs/crm.md#export). */
const FREE_TEXT = ["name", "company"] as const;

/**
 * Admins export customers as CSV or JSON (docs/crm.md#export), with the customer list's filters:
 * the file's description and its page reader. lib/http/paged-download.ts streams it, pulling page
 * by page (keyset on id, oldest first) as the client reads, so there is no row limit and memory
 * stays flat; rows added meanwhile can't be skipped or repeated.
 */
export function exportCustomers(actor: Actor, query: ExportCustomersQuery, today = new Date()) {
  requireRole(actor, "ADMIN");
  const date = today.toISOString().slice(0, 10);
  return {
    format: query.format,
    filename: `customers-${date}.${query.format}`,
    columns: EXPORT_COLUMNS,
    freeText: FREE_TEXT,
    page: (after: number | undefined) => exportCustomersPage(actor, query, after),
  };
}

/** One page of the export: the customers after id `after`, oldest first, and the next cursor. */
export async function exportCustomersPage(
  actor: Actor,
  query: ExportCustomersQuery,
  after = 0,
  pageSize = EXPORT_PAGE,
): Promise<{ rows: ExportedCustomer[]; next?: number }> {
  requireRole(actor, "ADMIN");
  const where: (SQL | undefined)[] = [
    eq(users.userType, "CUSTOMER"),
    isNull(users.deletedAt),
    gt(users.id, after),
  ];
  // The same matching as the customer list (lib/crm/customers.ts).
  if (query.q) where.push(userTextMatch(query.q));
  if (query.company) where.push(sameText(users.company, query.company));
  if (query.status === "active") where.push(isNull(users.deactivatedAt));
  if (query.status === "deactivated") where.push(isNotNull(users.deactivatedAt));
  const rows = await getDb()
    .select({
      id: users.id,
      userId: users.userId,
      name: users.name,
      email: users.email,
      company: users.company,
      phone: users.phone,
      deactivatedAt: users.deactivatedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.id))
    .limit(pageSize);
  return {
    rows: rows.map((row): ExportedCustomer => ({
      userId: row.userId,
      name: row.name,
      email: row.email,
      company: row.company,
      phone: row.phone,
      status: row.deactivatedAt ? "DEACTIVATED" : "ACTIVE",
      createdAt: row.createdAt.toISOString(),
    })),
    next: rows.length === pageSize ? rows[rows.length - 1].id : undefined,
  };
}
