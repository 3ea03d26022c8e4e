import type { Metadata } from "next";
import { bulkUpdateAction, deleteViewAction, saveViewAction } from "@/app/(portal)/tickets/actions";
import { PhoneDisclosure } from "@/components/ui/phone-disclosure";
import { PillNav } from "@/components/ui/pill-nav";
import { unassignedCount } from "@/lib/tickets/counts";
import { Alert } from "@/components/ui/alert";
import { FlashBanner } from "@/components/ui/flash-banner";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { BulkToolbar } from "@/components/tickets/bulk-toolbar";
import { SavedViews } from "@/components/tickets/saved-views";
import { listParamsFrom, TicketFilters } from "@/components/tickets/ticket-filters";
import { TicketTable } from "@/components/tickets/ticket-table";
import { CursorRejectedNotice } from "@/components/ui/cursor-notice";
import { requireActor } from "@/lib/auth/session";
import { pageOrFirstPage } from "@/lib/pagination";
import { listTickets } from "@/lib/tickets/list-tickets";
import { listSavedViews } from "@/lib/tickets/saved-views";
import { listApprovedEngineers } from "@/lib/users/list-engineers";
import { listTicketsQuery } from "@/lib/validation/tickets";

const QUICK_VIEWS = [
  { label: "All tickets", query: "" },
  { label: "Active issues", query: "active=true" },
  { label: "Unassigned", query: "assignee=none&active=true" },
];

type Search = Record<string, string | undefined>;

/** The list's query without its cursor: which view this is, whatever page of it. */
function viewQuery(search: Search) {
  const { cursor: _cursor, ...withoutCursor } = listParamsFrom(search);
  return new URLSearchParams(withoutCursor).toString();
}

/** The tab says which view or search this is, as the page's heading does. */
export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<Search>;
}): Promise<Metadata> {
  const search = await searchParams;
  const query = viewQuery(search);
  const quick = QUICK_VIEWS.find((v) => v.query && v.query === query)?.label;
  const q = search.q?.trim();
  const title =
    quick ??
    (q
      ? `Tickets matching “${q.slice(0, 60)}”`
      : query && query !== "sort=created"
        ? "Tickets (filtered)"
        : "Tickets");
  return { title };
}

/** The views staff open most, one click away (the unassigned pool shows how many wait). */
function QuickViews({ current, unassigned }: { current: string; unassigned: number }) {
  return (
    <PillNav
      label="Ticket views"
      items={QUICK_VIEWS.map((v) => ({
        label: v.label,
        href: v.query ? `/tickets?${v.query}` : "/tickets",
        current: current === v.query || (v.query === "" && current === "sort=created"),
        badge: v.label === "Unassigned" ? unassigned : undefined,
      }))}
    />
  );
}

/** Up to this many tickets, a customer gets no filter bar: the list is short enough to read. */
const CUSTOMER_FEW_TICKETS = 5;

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const search = await searchParams;
  const params = listParamsFrom(search);
  const parsed = listTicketsQuery.safeParse(params);
  const page = await pageOrFirstPage(
    parsed.success ? parsed.data : listTicketsQuery.parse({}),
    (q) => listTickets(actor, q),
  );
  const isAdmin = actor.userType === "ADMIN";
  const isCustomer = actor.userType === "CUSTOMER";
  const views = await listSavedViews(actor);
  const engineers = isAdmin ? await listApprovedEngineers(actor) : [];
  const unassigned = actor.userType !== "CUSTOMER" ? await unassignedCount(actor) : 0;
  const { cursor: _cursor, ...withoutCursor } = params;
  const baseQuery = new URLSearchParams(withoutCursor).toString();
  const filtered = baseQuery !== "" && baseQuery !== "sort=created";
  // Sorting is not filtering: only what narrows the list counts on the phone's "Filters" button.
  const activeFilters = Object.keys(withoutCursor).filter(
    (k) => k !== "sort" && k !== "order",
  ).length;
  const title = QUICK_VIEWS.find((v) => v.query && v.query === baseQuery)?.label ?? "Tickets";

  return (
    <>
      <PageHeader
        title={title}
        description={
          isAdmin
            ? "Every ticket on the help desk. Filter, search, save views and change many at once."
            : actor.userType === "ENGINEER"
              ? "Tickets assigned to you or raised by you, and the unassigned pool."
              : "Every ticket you have raised."
        }
        actions={<ButtonLink href="/tickets/new">Raise a ticket</ButtonLink>}
      />
      <FlashBanner />
      {!parsed.success ? (
        <Alert tone="warning" className="mb-4">
          Some filters were not valid and were ignored:{" "}
          {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </Alert>
      ) : null}
      <CursorRejectedNotice show={page.cursorRejected} />
      {actor.userType !== "CUSTOMER" ? (
        <QuickViews current={baseQuery} unassigned={unassigned} />
      ) : null}
      {!isCustomer ? (
        <PhoneDisclosure label="Filters" note={activeFilters ? `${activeFilters} on` : undefined}>
          <TicketFilters search={search} engineers={engineers} isAdmin={isAdmin} />
        </PhoneDisclosure>
      ) : filtered || page.data.length > CUSTOMER_FEW_TICKETS || page.nextCursor ? (
        // A customer with a handful of tickets reads the list; more than that, words and status.
        <TicketFilters search={search} isAdmin={false} simple />
      ) : null}
      {!isCustomer || views.length > 0 ? (
        <SavedViews
          views={views}
          currentQuery={baseQuery}
          saveAction={saveViewAction}
          deleteAction={deleteViewAction}
        />
      ) : null}
      {isAdmin && page.data.length > 0 ? (
        <BulkToolbar formId="bulk" engineers={engineers} bulkAction={bulkUpdateAction} />
      ) : null}
      {page.data.length === 0 ? (
        <EmptyState title={filtered ? "No tickets match these filters" : "No tickets yet"}>
          {filtered
            ? "Try fewer filters, or clear them."
            : "Raised tickets appear here. Use “Raise a ticket” to log a problem."}
        </EmptyState>
      ) : (
        <TicketTable
          tickets={page.data}
          showReporter={actor.userType !== "CUSTOMER"}
          selectable={isAdmin ? { formId: "bulk" } : undefined}
        />
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between">
        {params.cursor ? (
          <ButtonLink href={`/tickets?${baseQuery}`} variant="secondary" size="sm">
            First page
          </ButtonLink>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <ButtonLink
            href={`/tickets?${new URLSearchParams({ ...withoutCursor, cursor: page.nextCursor })}`}
            variant="secondary"
            size="sm"
          >
            Next page
          </ButtonLink>
        ) : null}
      </nav>
    </>
  );
}
