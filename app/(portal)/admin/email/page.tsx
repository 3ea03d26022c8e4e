import type { Metadata } from "next";
import Link from "next/link";
import {
  createMailboxAction,
  deleteMailboxAction,
  testMailboxAction,
  testMailboxUrlAction,
  updateMailboxAction,
} from "@/app/(portal)/admin/email/actions";
import { InboundStatusBadge } from "@/components/email/inbound-status-badge";
import { WaysIn } from "@/components/email/ways-in";
import { When } from "@/components/tickets/badges";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CursorRejectedNotice } from "@/components/ui/cursor-notice";
import { listTable } from "@/components/ui/list-table";
import { PillNav } from "@/components/ui/pill-nav";
import { INBOUND_STATUSES, type InboundStatus } from "@/db/enums";
import { requireActor } from "@/lib/auth/session";
import { inboundCounts, listInboundMessages } from "@/lib/email/inbound-log";
import { inboundStatus } from "@/lib/email/mailboxes";
import { INBOUND_STATUS_LABEL } from "@/lib/labels";
import { pageOrFirstPage } from "@/lib/pagination";
import { listInboundQuery } from "@/lib/validation/email";

export const metadata: Metadata = { title: "Email" };

type Search = Record<string, string | undefined>;

/** What an empty tab of the log says. */
const EMPTY: Record<InboundStatus | "ALL", [title: string, body: string]> = {
  ALL: [
    "No emails yet",
    "Every email that reaches the support address, by either way in, is listed here.",
  ],
  RECEIVED: ["None being handled", "An email shows here only for the moment it is being handled."],
  CREATED: ["No tickets from email yet", "An email that raises a new ticket shows here."],
  THREADED: [
    "No replies by email yet",
    "An email that answers a ticket joins its conversation and shows here.",
  ],
  IGNORED: [
    "Nothing ignored",
    "Automatic replies, bounces and Caseline's own mail are ignored and show here.",
  ],
  REFUSED: [
    "Nothing refused",
    "Emails from senders who may not write in, or who wrote too often, show here.",
  ],
  QUARANTINED: [
    "Nothing quarantined",
    "Emails that could not be handled wait here for you to retry or discard them.",
  ],
  DISCARDED: [
    "Nothing discarded",
    "Quarantined emails you discard show here, without their content.",
  ],
};

export default async function EmailPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("ADMIN");
  const search = await searchParams;
  const parsed = listInboundQuery.safeParse(search);
  const query = parsed.success ? parsed.data : listInboundQuery.parse({});
  const [status, page, countRows] = await Promise.all([
    inboundStatus(actor),
    pageOrFirstPage(query, (q) => listInboundMessages(actor, q)),
    inboundCounts(actor),
  ]);
  const counts: Partial<Record<InboundStatus, number>> = Object.fromEntries(
    countRows.map((c) => [c.status, c.count]),
  );
  // The log's links land on the log, not on the top of the page.
  const href = (params: Record<string, string | undefined>) => {
    const p = new URLSearchParams(
      Object.entries(params).filter((e): e is [string, string] => !!e[1]),
    );
    return `/admin/email${p.size ? `?${p}` : ""}#log`;
  };
  const tabs = [
    { label: "All", status: undefined },
    ...INBOUND_STATUSES.map((s) => ({ label: INBOUND_STATUS_LABEL[s], status: s })),
  ];
  const [emptyTitle, emptyBody] = EMPTY[query.status ?? "ALL"];

  return (
    <>
      <PageHeader
        title="Email"
        description="How email reaches Caseline, and what became of every email that came in: a ticket, a reply on one, or a reason why not."
      />
      <WaysIn
        status={status}
        actions={{
          create: createMailboxAction,
          update: updateMailboxAction,
          remove: deleteMailboxAction,
          test: testMailboxAction,
          testUrl: testMailboxUrlAction,
        }}
      />

      <section aria-labelledby="log" className="mt-10">
        <h2 id="log" className="mb-1 scroll-mt-4 text-lg font-semibold">
          Inbound log
        </h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Every email that came in, newest first. Open a quarantined one to retry or discard it.
        </p>
        {!parsed.success ? (
          <Alert tone="warning" className="mb-4">
            Some filters in the address were not valid and were ignored.
          </Alert>
        ) : null}
        <CursorRejectedNotice show={page.cursorRejected} />
        <PillNav
          label="Filter the log by status"
          items={tabs.map((tab) => ({
            label: tab.label,
            href: href({ status: tab.status, ticket: search.ticket }),
            current: query.status === tab.status,
            count: tab.status
              ? (counts[tab.status] ?? 0)
              : Object.values(counts).reduce((a, b) => a + b, 0),
          }))}
        >
          {query.ticket ? (
            <ButtonLink href={href({ status: query.status })} variant="ghost" size="sm">
              Ticket #{query.ticket} only · show all
            </ButtonLink>
          ) : null}
        </PillNav>

        {page.data.length === 0 ? (
          <EmptyState title={emptyTitle}>{emptyBody}</EmptyState>
        ) : (
          <div className={listTable.frame}>
            <table className={cn(listTable.table, "md:min-w-[48rem]")}>
              <caption className="sr-only">Incoming emails, newest first</caption>
              <thead className={listTable.head}>
                <tr>
                  <th scope="col" className={listTable.th}>
                    Subject
                  </th>
                  <th scope="col" className={listTable.th}>
                    From
                  </th>
                  <th scope="col" className={listTable.th}>
                    Status
                  </th>
                  <th scope="col" className={listTable.th}>
                    Ticket
                  </th>
                  <th scope="col" className={listTable.th}>
                    Received
                  </th>
                </tr>
              </thead>
              <tbody className={listTable.body}>
                {page.data.map((m) => (
                  // On a phone: subject and status, the sender, then the ticket and age.
                  <tr key={m.id} data-row className={cn(listTable.row, "md:align-top")}>
                    <td className={cn(listTable.cell, "order-1 flex-1 md:max-w-md")}>
                      <Link
                        href={`/admin/email/${m.id}`}
                        data-row-link
                        className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {m.subject || "(no subject)"}
                      </Link>
                      {m.reason ? (
                        <p
                          title={m.reason}
                          className={cn(
                            "mt-0.5 line-clamp-1 text-xs break-all",
                            m.status === "QUARANTINED" || m.status === "REFUSED"
                              ? "text-red-700 dark:text-red-400"
                              : "text-zinc-600 dark:text-zinc-400",
                          )}
                        >
                          {m.reason}
                        </p>
                      ) : null}
                    </td>
                    <td
                      className={cn(
                        listTable.line,
                        "order-3 truncate text-zinc-600 md:max-w-56 dark:text-zinc-400",
                      )}
                    >
                      <span className={listTable.phoneOnly}>From </span>
                      {m.from ?? "(no sender)"}
                    </td>
                    <td className={cn(listTable.cell, "order-2")}>
                      <InboundStatusBadge status={m.status} />
                    </td>
                    <td
                      className={cn(
                        listTable.cell,
                        "order-4 whitespace-nowrap",
                        !m.ticketNumber && "max-md:hidden",
                      )}
                    >
                      {m.ticketNumber ? (
                        <>
                          <Link
                            href={`/tickets/${m.ticketNumber}`}
                            className="text-indigo-700 hover:underline dark:text-indigo-300"
                          >
                            #{m.ticketNumber}
                          </Link>
                          <span className={listTable.phoneOnly}> ·</span>
                        </>
                      ) : (
                        <>
                          <span aria-hidden className="text-zinc-500">
                            —
                          </span>
                          <span className="sr-only">None</span>
                        </>
                      )}
                    </td>
                    <td
                      className={cn(
                        listTable.cell,
                        "order-5 whitespace-nowrap text-zinc-600 dark:text-zinc-400",
                      )}
                    >
                      <span className={listTable.phoneOnly}>received </span>
                      <When iso={m.receivedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.nextCursor ? (
          <div className="mt-4 flex justify-end">
            <ButtonLink
              href={href({ status: query.status, ticket: search.ticket, cursor: page.nextCursor })}
              variant="secondary"
            >
              Older emails
            </ButtonLink>
          </div>
        ) : null}
      </section>
    </>
  );
}
