import type { Metadata } from "next";
import Link from "next/link";
import { InteractionStatusBadge, KIND_LABEL } from "@/components/crm/badges";
import { LocalTime } from "@/components/crm/local-time";
import { Alert } from "@/components/ui/alert";
import { FlashBanner } from "@/components/ui/flash-banner";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { listTable } from "@/components/ui/list-table";
import { Input, Select } from "@/components/ui/input";
import { PillNav } from "@/components/ui/pill-nav";
import { INTERACTION_KINDS, INTERACTION_STATUSES } from "@/db/schema";
import { INTERACTION_STATUS_LABEL } from "@/lib/labels";
import { CursorRejectedNotice } from "@/components/ui/cursor-notice";
import { requireActor } from "@/lib/auth/session";
import { pageOrFirstPage } from "@/lib/pagination";
import { listInteractions, type PublicInteraction } from "@/lib/crm/interactions";
import { listInteractionsQuery } from "@/lib/validation/crm";
import { GetForm } from "@/components/ui/get-form";

export const metadata: Metadata = { title: "Interactions" };

type Search = Record<string, string | undefined>;

function Rows({ items, caption }: { items: PublicInteraction[]; caption: string }) {
  return (
    <div className={listTable.frame}>
      <table className={cn(listTable.table, "md:min-w-[44rem]")}>
        <caption className="sr-only">{caption}</caption>
        <thead className={listTable.head}>
          <tr>
            <th scope="col" className={listTable.th}>
              When
            </th>
            <th scope="col" className={listTable.th}>
              What
            </th>
            <th scope="col" className={listTable.th}>
              Customer
            </th>
            <th scope="col" className={listTable.th}>
              Owner
            </th>
            <th scope="col" className={listTable.th}>
              Status
            </th>
          </tr>
        </thead>
        <tbody className={listTable.body}>
          {items.map((i) => (
            // On a phone: what it is and its status, then when, then with whom and whose.
            <tr
              key={i.id}
              data-row
              className={cn(listTable.row, i.overdue && "bg-red-50/60 dark:bg-red-950/20")}
            >
              <td className={cn(listTable.line, "order-3 whitespace-nowrap")}>
                <LocalTime iso={i.scheduledAt} />
              </td>
              <td className={cn(listTable.cell, "order-1 flex-1")}>
                <span className="mr-2 text-zinc-600 dark:text-zinc-400">{KIND_LABEL[i.kind]}</span>
                <Link
                  href={`/interactions/${i.id}`}
                  data-row-link
                  className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {i.title}
                </Link>
              </td>
              <td className={cn(listTable.line, "order-4")}>
                <span className={listTable.phoneOnly}>With </span>
                <Link href={`/customers/${i.customer}`} className="hover:underline">
                  {i.customerName}
                </Link>
                {i.customerCompany ? (
                  <span className="text-xs text-zinc-600 max-md:ml-1 md:block dark:text-zinc-400">
                    {i.customerCompany}
                  </span>
                ) : null}
              </td>
              <td className={cn(listTable.line, "order-5 text-zinc-600 dark:text-zinc-400")}>
                <span className={listTable.phoneOnly}>Owner: </span>
                {i.ownerName}
              </td>
              <td className={cn(listTable.cell, "order-2")}>
                <InteractionStatusBadge status={i.status} overdue={i.overdue} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function InteractionsPage({
  searchParams,
}: {
  searchParams: Promise<Search>;
}) {
  const actor = await requireActor("ADMIN", "ENGINEER");
  const search = await searchParams;
  const parsed = listInteractionsQuery.safeParse({ view: "agenda", ...search });
  const query = parsed.success ? parsed.data : listInteractionsQuery.parse({ view: "agenda" });
  const page = await pageOrFirstPage({ ...query, limit: query.cursor ? query.limit : 50 }, (q) =>
    listInteractions(actor, q),
  );
  const agenda = query.view === "agenda";
  const overdue = agenda ? page.data.filter((i) => i.overdue) : [];
  const upcoming = agenda ? page.data.filter((i) => !i.overdue) : page.data;
  const link = (extra: Record<string, string | undefined>) => {
    const merged: Record<string, string | undefined> = { ...search, cursor: undefined, ...extra };
    const p = new URLSearchParams(
      Object.entries(merged).filter((e): e is [string, string] => !!e[1]),
    );
    return `/interactions${p.size ? `?${p}` : ""}`;
  };
  const filtered = !!(query.kind || query.owner || query.customer || query.status);

  return (
    <>
      <PageHeader
        title="Interactions"
        description="Meetings, calls, tasks and follow-ups with customers."
        actions={<ButtonLink href="/interactions/new">Schedule</ButtonLink>}
      />
      <FlashBanner />
      {!parsed.success ? (
        <Alert tone="warning" className="mb-4">
          Some filters in the address were not valid and were ignored.
        </Alert>
      ) : null}
      <CursorRejectedNotice show={page.cursorRejected} />
      <PillNav
        label="Views"
        items={(["agenda", "all"] as const).map((v) => ({
          label: v === "agenda" ? "Agenda (still planned)" : "Everything",
          href: link({ view: v, status: undefined }),
          current: query.view === v,
        }))}
      />
      <GetForm
        role="search"
        aria-label="Filter interactions"
        className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_10rem_12rem_1fr_auto]"
      >
        <input type="hidden" name="view" value={query.view} />
        <label className="sr-only" htmlFor="kind">
          Kind
        </label>
        <Select id="kind" name="kind" defaultValue={query.kind ?? ""}>
          <option value="">Any kind</option>
          {INTERACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </Select>
        <label className="sr-only" htmlFor="status">
          Status
        </label>
        <Select
          id="status"
          name="status"
          // The agenda is what is still planned: the select shows that, and can't change it.
          defaultValue={agenda ? "PLANNED" : (query.status ?? "")}
          disabled={agenda}
        >
          <option value="">Any status</option>
          {INTERACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INTERACTION_STATUS_LABEL[s]}
            </option>
          ))}
        </Select>
        <label className="sr-only" htmlFor="owner">
          Owner
        </label>
        <Select id="owner" name="owner" defaultValue={query.owner ?? ""}>
          <option value="">Anyone&apos;s</option>
          <option value="me">Mine</option>
        </Select>
        <label className="sr-only" htmlFor="customer">
          Customer user ID
        </label>
        <Input
          id="customer"
          name="customer"
          placeholder="Customer user ID"
          defaultValue={query.customer ?? ""}
        />
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          {filtered ? (
            <ButtonLink href={`/interactions?view=${query.view}`} variant="ghost">
              Clear
            </ButtonLink>
          ) : null}
        </div>
      </GetForm>

      {page.data.length === 0 ? (
        <EmptyState title={agenda ? "Nothing planned" : "No interactions match"}>
          {agenda
            ? "Schedule a meeting, call, task or follow-up with a customer."
            : "Try fewer filters."}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {overdue.length ? (
            <section aria-labelledby="overdue-heading">
              <h2
                id="overdue-heading"
                className="mb-2 text-sm font-semibold text-red-700 dark:text-red-400"
              >
                Overdue ({overdue.length}) — past their time and still planned
              </h2>
              <Rows items={overdue} caption="Overdue" />
            </section>
          ) : null}
          {upcoming.length ? (
            <section aria-labelledby="upcoming-heading">
              {agenda ? (
                <h2 id="upcoming-heading" className="mb-2 text-sm font-semibold">
                  Coming up
                </h2>
              ) : null}
              <Rows items={upcoming} caption={agenda ? "Coming up" : "Interactions"} />
            </section>
          ) : null}
        </div>
      )}
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <ButtonLink href={link({ cursor: page.nextCursor })} variant="secondary" size="sm">
            More
          </ButtonLink>
        </div>
      ) : null}
    </>
  );
}
