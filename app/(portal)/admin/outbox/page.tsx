import type { Metadata } from "next";
import Link from "next/link";
import { NotificationStatusBadge } from "@/components/notifications/status-badge";
import { When } from "@/components/tickets/badges";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
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
  const page = pageOrFirstPage(query, (q) => listNotifications(actor, q));
  const counts = Object.fromEntries(outboxCounts().map((c) => [c.status, c.count]));
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
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full min-w-[44rem] text-sm">
            <caption className="sr-only">Emails, newest first</caption>
            <thead className="bg-zinc-50 text-left text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Subject
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  To
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Attempts
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Queued
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {page.data.map((n) => (
                <tr key={n.requestId} className="align-top">
                  <td className="px-4 py-2">
                    <Link
                      href={`/admin/outbox/${n.requestId}`}
                      className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {n.subject || "(no subject)"}
                    </Link>
                    {n.lastError && n.status !== "SENT" ? (
                      <p className="mt-0.5 line-clamp-1 text-xs text-red-700 dark:text-red-400">
                        {n.lastError}
                      </p>
                    ) : null}
                  </td>
                  <td className="max-w-56 truncate px-4 py-2 text-zinc-600 dark:text-zinc-400">
                    {n.recipientEmails.join(", ")}
                  </td>
                  <td className="px-4 py-2">
                    <NotificationStatusBadge status={n.status} />
                  </td>
                  <td className="px-4 py-2 tabular-nums">{n.attempts}</td>
                  <td className="px-4 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
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
