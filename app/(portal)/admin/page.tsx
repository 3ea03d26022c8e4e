import type { Metadata } from "next";
import Link from "next/link";
import {
  CreatedResolvedFrame,
  EngineerLoadFrame,
  MedianFrame,
} from "@/components/overview/overview-charts";
import { formatCount } from "@/components/overview/format";
import { StatCard } from "@/components/overview/stat-card";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/auth/actor";
import { adminOverview } from "@/lib/reports/overview";
import { userCounts } from "@/lib/users/list-users";
import { USER_STATUS_LABEL, USER_TYPE_PLURAL } from "@/lib/labels";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";

export const metadata: Metadata = { title: "Overview" };

export default async function AdminOverview() {
  const actor = await requireActor("ADMIN");
  const overview = await adminOverview(actor);
  const { tickets, pendingRequests } = overview;
  return (
    <>
      <PageHeader
        title="Overview"
        description="Tickets, engineers and response times on this help desk. Days are UTC days."
        actions={
          <>
            <ButtonLink href="/reports" variant="secondary">
              Reports
            </ButtonLink>
            <ButtonLink href="/admin/users/new" variant="secondary">
              New admin
            </ButtonLink>
          </>
        }
      />
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <StatCard
          label="Active tickets"
          value={formatCount(tickets.active)}
          href="/tickets?active=true"
          note={`${formatCount(tickets.inProgress)} in progress · ${formatCount(tickets.blocked)} blocked`}
        />
        <StatCard
          label="Open"
          value={formatCount(tickets.open)}
          href="/tickets?status=OPEN"
          note="Not started yet"
        />
        <StatCard
          label="Unassigned"
          value={formatCount(tickets.unassigned)}
          href="/tickets?assignee=none&active=true"
          note={
            tickets.unassigned ? "Active, with no engineer" : "Every active ticket has an engineer"
          }
        />
        <StatCard
          label="Waiting for approval"
          value={formatCount(pendingRequests)}
          href={pendingRequests ? "/admin/requests" : undefined}
          note={
            pendingRequests ? (
              <Link
                href="/admin/requests"
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                Review registration requests →
              </Link>
            ) : (
              "No one is waiting. New engineer sign-ups appear here."
            )
          }
        />
      </div>
      <div className="mt-4 grid items-start gap-4 lg:grid-cols-2">
        <CreatedResolvedFrame overview={overview} className="lg:col-span-2" />
        <MedianFrame overview={overview} kind="firstReply" />
        <MedianFrame overview={overview} kind="resolution" />
        <EngineerLoadFrame overview={overview} />
        <AccountsCard actor={actor} />
      </div>
    </>
  );
}

async function AccountsCard({ actor }: { actor: Actor }) {
  const counts = await userCounts(actor);
  const count = (t: string, s: string) =>
    counts.find((c) => c.userType === t && c.userStatus === s)?.n ?? 0;
  return (
    <Card>
      <h2 className="mb-3 text-base font-semibold">Accounts by role and status</h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-zinc-600 dark:text-zinc-400">
              <th scope="col" className="py-1 font-medium">
                Role
              </th>
              {USER_STATUSES.map((s) => (
                <th key={s} scope="col" className="py-1 text-right font-medium">
                  {USER_STATUS_LABEL[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {USER_TYPES.map((t) => (
              <tr key={t} className="border-t border-zinc-100 dark:border-zinc-800">
                <th scope="row" className="py-2 text-left font-medium">
                  <Link href={`/admin/users?userType=${t}`} className="hover:underline">
                    {USER_TYPE_PLURAL[t]}
                  </Link>
                </th>
                {USER_STATUSES.map((s) => (
                  <td key={s} className="py-2 text-right tabular-nums">
                    <Link
                      href={`/admin/users?userType=${t}&userStatus=${s}`}
                      className="hover:underline"
                    >
                      {count(t, s)}
                    </Link>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
