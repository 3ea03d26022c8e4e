import type { Metadata } from "next";
import Link from "next/link";
import { NotificationStatusBadge } from "@/components/notifications/status-badge";
import { When } from "@/components/tickets/badges";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { listTable } from "@/components/ui/list-table";
import { PillNav } from "@/components/ui/pill-nav";
import { NOTIFICATION_STATUSES } from "@/db/schema";
import { NOTIFICATION_STATUS_LABEL } from "@/lib/labels";
import { CursorRejectedNotice } from "@/components/ui/cursor-notice";
import { requireActor } from "@/lib/auth/session";
import { pageOrFirstPage } from "@/lib/pagination";
import { listNotifications } from "@/lib/notifications/requests";
import { outboxCounts } from "@/lib/notifications/worker";
import { listNotificationsQuery } from "@/lib/validation/notifications";

export const metadata: Metadata = { title: "Outbox" };

type Search = Record<string, string | undefined>;

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("ADMIN");
  const search = await searchParams;
  const parsed = listNotificationsQuery.safeParse(search);
  const query = parsed.success ? parsed.data : listNotificationsQuery.parse({});
  const page = await pageOrFirstPage(query, (q) => listNotifications(actor, q));
  const counts = Object.fromEntries((await outboxCounts()).map((c) => [c.status, c.count]));
  const href = (params: Record<string, string | undefined>) => {
    const p = new URLSearchParams(
      Object.entries(params).filter((e): e is [string, string] => !!e[1]),
    );
    return `/admin/outbox${p.size ? `?${p}` : ""}`;
  };
  const tabs = [
    { label: "All", status: undefined },
    ...NOTIFICATION_STATUSES.map((s) => ({ label: NOTIFICATION_STATUS_LABEL[s], status: s })),
  ];

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every email Caseline sends goes through here: queued with the change that caused it, then sent by the worker, retried with growing pauses, and marked failed after the last attempt."
      />
      {!parsed.success ? (
        <Alert tone="warning" className="mb-4">
          Some filters in the address were not valid and were ignored.
        </Alert>
      ) : null}
      <CursorRejectedNotice show={page.cursorRejected} />
      <PillNav
        label="Filter by status"
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
        <EmptyState
          title={query.status ? `No ${query.status.toLowerCase()} emails` : "No emails yet"}
        >
          Emails appear here as tickets change and people sign up.
        </EmptyState>
      ) : (
        <div className={listTable.frame}>
          <table className={cn(listTable.table, "md:min-w-[44rem]")}>
            <caption className="sr-only">Emails, newest first</caption>
            <thead className={listTable.head}>
              <tr>
                <th scope="col" className={listTable.th}>
                  Subject
                </th>
                <th scope="col" className={listTable.th}>
                  To
                </th>
                <th scope="col" className={listTable.th}>
                  Status
                </th>
                <th scope="col" className={listTable.th}>
                  Attempts
                </th>
                <th scope="col" className={listTable.th}>
                  Queued
                </th>
              </tr>
            </thead>
            <tbody className={listTable.body}>
              {page.data.map((n) => (
                // On a phone: subject and status, the recipients, then attempts and age.
                <tr key={n.requestId} data-row className={cn(listTable.row, "md:align-top")}>
                  <td className={cn(listTable.cell, "order-1 flex-1")}>
                    <Link
                      href={`/admin/outbox/${n.requestId}`}
                      data-row-link
                      className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {n.subject || "(no subject)"}
                    </Link>
                    {n.lastError && n.status !== "SENT" ? (
                      <p className="mt-0.5 line-clamp-1 text-xs break-all text-red-700 dark:text-red-400">
                        {n.lastError}
                      </p>
                    ) : null}
                  </td>
                  <td
                    className={cn(
                      listTable.line,
                      "order-3 truncate text-zinc-600 md:max-w-56 dark:text-zinc-400",
                    )}
                  >
                    <span className={listTable.phoneOnly}>To </span>
                    {n.recipientEmails.join(", ")}
                  </td>
                  <td className={cn(listTable.cell, "order-2")}>
                    <NotificationStatusBadge status={n.status} />
                  </td>
                  <td className={cn(listTable.cell, "order-4 tabular-nums")}>
                    {n.attempts}
                    <span className={listTable.phoneOnly}>
                      {n.attempts === 1 ? " attempt ·" : " attempts ·"}
                    </span>
                  </td>
                  <td
                    className={cn(
                      listTable.cell,
                      "order-5 whitespace-nowrap text-zinc-600 dark:text-zinc-400",
                    )}
                  >
                    <span className={listTable.phoneOnly}>queued </span>
                    <When iso={n.createdAt} />
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
    </>
  );
}
