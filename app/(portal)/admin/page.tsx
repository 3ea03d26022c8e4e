import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";
import { requireActor } from "@/lib/auth/session";
import { pendingRequestCount, userCounts } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Overview" };

export default async function AdminOverview() {
  const actor = await requireActor("ADMIN");
  const counts = userCounts(actor);
  const pending = pendingRequestCount(actor);
  const count = (t: string, s: string) =>
    counts.find((c) => c.userType === t && c.userStatus === s)?.n ?? 0;
  return (
    <>
      <PageHeader
        title="Overview"
        description="Accounts on this help desk, and the requests waiting for you."
        actions={
          <ButtonLink href="/admin/users/new" variant="secondary">
            New admin
          </ButtonLink>
        }
      />
      <div className="grid gap-4 md:grid-cols-3">
        <Card className="md:col-span-1">
          <h2 className="text-sm font-medium text-zinc-500 dark:text-zinc-400">
            Waiting for approval
          </h2>
          <p className="mt-2 text-4xl font-semibold tabular-nums">{pending}</p>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {pending ? (
              <Link
                href="/admin/requests"
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                Review registration requests →
              </Link>
            ) : (
              "No one is waiting. New engineer sign-ups appear here."
            )}
          </p>
        </Card>
        <Card className="md:col-span-2">
          <h2 className="mb-3 text-sm font-medium text-zinc-500 dark:text-zinc-400">
            Accounts by role and status
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-zinc-500 dark:text-zinc-400">
                  <th scope="col" className="py-1 font-medium">
                    Role
                  </th>
                  {USER_STATUSES.map((s) => (
                    <th key={s} scope="col" className="py-1 text-right font-medium">
                      {s.toLowerCase()}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {USER_TYPES.map((t) => (
                  <tr key={t} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="py-2 text-left font-medium">
                      <Link href={`/admin/users?userType=${t}`} className="hover:underline">
                        {t.toLowerCase()}s
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
      </div>
    </>
  );
}
