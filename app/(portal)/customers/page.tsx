import type { Metadata } from "next";
import Link from "next/link";
import { CustomerStatusBadge } from "@/components/crm/badges";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { listTable } from "@/components/ui/list-table";
import { Input, Select } from "@/components/ui/input";
import { CursorRejectedNotice } from "@/components/ui/cursor-notice";
import { requireActor } from "@/lib/auth/session";
import { pageOrFirstPage } from "@/lib/pagination";
import { listCompanies, listCustomers } from "@/lib/crm/customers";
import { listCustomersQuery } from "@/lib/validation/crm";
import { GetForm } from "@/components/ui/get-form";
import { countOf } from "@/lib/labels";

export const metadata: Metadata = { title: "Customers" };

type Search = Record<string, string | undefined>;

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("ADMIN", "ENGINEER");
  const search = await searchParams;
  const parsed = listCustomersQuery.safeParse(search);
  const query = parsed.success ? parsed.data : listCustomersQuery.parse({});
  const page = await pageOrFirstPage(query, (q) => listCustomers(actor, q));
  const companies = await listCompanies(actor);
  const isAdmin = actor.userType === "ADMIN";
  const filtered = !!(
    query.q ||
    query.company ||
    query.status ||
    query.hasActiveTickets !== undefined
  );
  const withParams = (extra: Record<string, string>) => {
    const p = new URLSearchParams(
      Object.entries(search).filter((e): e is [string, string] => !!e[1] && e[0] !== "cursor"),
    );
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/customers?${p}`;
  };

  return (
    <>
      <PageHeader
        title="Customers"
        description={
          isAdmin
            ? "Everyone who raises tickets: their details, tickets, meetings and history."
            : "Customers whose tickets you work on."
        }
        actions={
          isAdmin ? (
            <div className="flex flex-wrap gap-2">
              <ButtonLink href="/customers/import" variant="secondary">
                Import / export
              </ButtonLink>
              <ButtonLink href="/customers/new">Add customer</ButtonLink>
            </div>
          ) : null
        }
      />
      {!parsed.success ? (
        <Alert tone="warning" className="mb-4">
          Some filters in the address were not valid and were ignored.
        </Alert>
      ) : null}
      <CursorRejectedNotice show={page.cursorRejected} />
      <div className="grid gap-6 lg:grid-cols-[1fr_16rem]">
        <div className="min-w-0">
          <GetForm
            role="search"
            aria-label="Filter customers"
            className="mb-4 grid gap-3 sm:grid-cols-2 xl:grid-cols-[1fr_11rem_9rem_11rem_auto]"
          >
            <label className="sr-only" htmlFor="q">
              Search
            </label>
            <Input
              data-shortcut="search"
              id="q"
              name="q"
              type="search"
              placeholder="Name, user ID, email, company"
              defaultValue={query.q ?? ""}
            />
            <label className="sr-only" htmlFor="company">
              Company
            </label>
            <Input
              id="company"
              name="company"
              list="companies"
              placeholder="Company"
              defaultValue={query.company ?? ""}
            />
            <datalist id="companies">
              {companies.map((c) => (
                <option key={c.company} value={c.company} />
              ))}
            </datalist>
            <label className="sr-only" htmlFor="status">
              Status
            </label>
            <Select id="status" name="status" defaultValue={query.status ?? ""}>
              <option value="">Any status</option>
              <option value="active">Active</option>
              <option value="deactivated">Deactivated</option>
            </Select>
            <label className="sr-only" htmlFor="hasActiveTickets">
              Active tickets
            </label>
            <Select
              id="hasActiveTickets"
              name="hasActiveTickets"
              defaultValue={
                query.hasActiveTickets === undefined ? "" : String(query.hasActiveTickets)
              }
            >
              <option value="">Any tickets</option>
              <option value="true">With active tickets</option>
              <option value="false">No active tickets</option>
            </Select>
            <div className="flex gap-2">
              <Button type="submit" variant="secondary">
                Filter
              </Button>
              {filtered ? (
                <ButtonLink href="/customers" variant="ghost">
                  Clear
                </ButtonLink>
              ) : null}
            </div>
          </GetForm>

          {page.data.length === 0 ? (
            <EmptyState title={filtered ? "No customers match these filters" : "No customers yet"}>
              {filtered
                ? "Try fewer filters, or clear them."
                : isAdmin
                  ? "Customers appear when they sign up, or add and import them here."
                  : "Customers appear here once you work on one of their tickets."}
            </EmptyState>
          ) : (
            <div className={listTable.frame}>
              <table className={cn(listTable.table, "md:min-w-[40rem]")}>
                <caption className="sr-only">Customers, newest first</caption>
                <thead className={listTable.head}>
                  <tr>
                    <th scope="col" className={listTable.th}>
                      Name
                    </th>
                    <th scope="col" className={listTable.th}>
                      Company
                    </th>
                    <th scope="col" className={listTable.th}>
                      Email
                    </th>
                    <th scope="col" className={cn(listTable.th, "text-right")}>
                      Active tickets
                    </th>
                    <th scope="col" className={listTable.th}>
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody className={listTable.body}>
                  {page.data.map((c) => (
                    // On a phone: name and status, then company and email, then the tickets.
                    <tr key={c.userId} data-row className={listTable.row}>
                      <td className={cn(listTable.cell, "order-1 min-w-0 flex-1")}>
                        <Link
                          href={`/customers/${c.userId}`}
                          data-row-link
                          className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                        >
                          {c.name}
                        </Link>
                        <span className="block text-xs break-all text-zinc-600 dark:text-zinc-400">
                          {c.userId}
                        </span>
                      </td>
                      <td className={cn(listTable.line, "order-3", !c.company && "max-md:hidden")}>
                        {c.company ?? "—"}
                      </td>
                      <td
                        className={cn(
                          listTable.line,
                          "order-4 break-all text-zinc-600 dark:text-zinc-400",
                        )}
                      >
                        {c.email}
                      </td>
                      <td className={cn(listTable.line, "order-5 tabular-nums md:text-right")}>
                        <span className="max-md:hidden">
                          {c.activeTickets}
                          <span className="text-zinc-600 dark:text-zinc-400">
                            {" "}
                            / {c.totalTickets}
                          </span>
                        </span>
                        <span className="text-zinc-600 md:hidden dark:text-zinc-400">
                          {c.activeTickets} active of {c.totalTickets}{" "}
                          {c.totalTickets === 1 ? "ticket" : "tickets"}
                        </span>
                      </td>
                      <td className={cn(listTable.cell, "order-2")}>
                        <CustomerStatusBadge status={c.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label="Pages" className="mt-4 flex justify-between">
            {query.cursor ? (
              <ButtonLink href={withParams({}).replace(/\?$/, "")} variant="secondary" size="sm">
                First page
              </ButtonLink>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <ButtonLink
                href={withParams({ cursor: page.nextCursor })}
                variant="secondary"
                size="sm"
              >
                Next page
              </ButtonLink>
            ) : null}
          </nav>
        </div>
        <Card className="h-fit">
          <h2 className="mb-3 text-sm font-semibold">Companies</h2>
          {companies.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No companies on file yet.</p>
          ) : (
            <ul className="space-y-1.5 text-sm">
              {companies.slice(0, 30).map((c) => (
                <li key={c.company} data-row className="flex justify-between gap-2">
                  <Link
                    href={`/customers?company=${encodeURIComponent(c.company)}`}
                    data-row-link
                    className="truncate text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {c.company}
                  </Link>
                  <span className="shrink-0 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                    {countOf(c.customers, "customer")} · {countOf(c.activeTickets, "active ticket")}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
