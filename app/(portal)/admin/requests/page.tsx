import type { Metadata } from "next";
import Link from "next/link";
import { RoleBadge } from "@/components/ui/badge";
import { updateUserAction } from "@/app/(portal)/admin/actions";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DecisionButtons } from "@/components/users/decision-buttons";
import { requireActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Registration requests" };

export default async function RequestsPage() {
  const actor = await requireActor("ADMIN");
  const { data: pending, nextCursor } = await listUsers(actor, {
    userStatus: "PENDING",
    limit: 100,
  });
  return (
    <>
      <PageHeader
        title="Registration requests"
        description="Engineers who signed up, and users promoted to admin, wait here until you decide."
      />
      {pending.length === 0 ? (
        <EmptyState title="No requests waiting">
          New engineer sign-ups will appear here for you to approve or reject.
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Pending requests">
          {pending.map((u) => (
            <li key={u.userId} data-row>
              <Card className="flex flex-wrap items-center justify-between gap-4">
                <div className="min-w-0">
                  <p className="font-medium break-words">
                    <Link
                      href={`/admin/users/${encodeURIComponent(u.userId)}`}
                      data-row-link
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {u.name}
                    </Link>{" "}
                    <span className="font-mono text-sm break-all text-zinc-600 dark:text-zinc-400">
                      ({u.userId})
                    </span>
                  </p>
                  <p className="text-sm break-words text-zinc-600 dark:text-zinc-400">
                    <span className="break-all">{u.email}</span> · <RoleBadge role={u.userType} /> ·
                    asked {new Date(u.updatedAt).toISOString().slice(0, 10)}
                  </p>
                </div>
                <DecisionButtons user={u} decideAction={updateUserAction} />
              </Card>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          Showing the newest 100. Filter the users list by status to see all.
        </p>
      ) : null}
    </>
  );
}
