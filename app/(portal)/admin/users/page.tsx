import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { FlashBanner } from "@/components/ui/flash-banner";
import { RoleBadge, StatusBadge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { listTable } from "@/components/ui/list-table";
import { Input, Select } from "@/components/ui/input";
import { USER_STATUS_LABEL, USER_TYPE_LABEL } from "@/lib/labels";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";
import { CursorRejectedNotice } from "@/components/ui/cursor-notice";
import { requireActor } from "@/lib/auth/session";
import { pageOrFirstPage } from "@/lib/pagination";
import { listUsers } from "@/lib/users/list-users";
import { listUsersQuery } from "@/lib/validation/users";
import { GetForm } from "@/components/ui/get-form";

export const metadata: Metadata = { title: "Users" };

type Search = Record<string, string | undefined>;

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("ADMIN");
  const search = await searchParams;
  const parsed = listUsersQuery.safeParse(search);
  const query = parsed.success ? parsed.data : listUsersQuery.parse({});
  const page = await pageOrFirstPage(query, (q) => listUsers(actor, q));
  const filtered = !!(query.q || query.userType || query.userStatus);
  const withCursor = (cursor: string) => {
    const p = new URLSearchParams(
      Object.entries(search).filter(([k, v]) => v && k !== "cursor") as [string, string][],
    );
    p.set("cursor", cursor);
    return `/admin/users?${p}`;
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with an account: customers, engineers and admins."
        actions={<ButtonLink href="/admin/users/new">New admin</ButtonLink>}
      />
      <FlashBanner />
      {!parsed.success ? (
        <Alert tone="warning" className="mb-4">
          Some filters in the address were not valid and were ignored.
        </Alert>
      ) : null}
      <CursorRejectedNotice show={page.cursorRejected} />

      <GetForm
        className="mb-4 grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto]"
        role="search"
        aria-label="Filter users"
      >
        <label className="sr-only" htmlFor="q">
          Search
        </label>
        <Input
          data-shortcut="search"
          id="q"
          name="q"
          type="search"
          placeholder="Search name, user ID, email, company"
          defaultValue={query.q ?? ""}
        />
        <label className="sr-only" htmlFor="userType">
          Role
        </label>
        <Select id="userType" name="userType" defaultValue={query.userType ?? ""}>
          <option value="">All roles</option>
          {USER_TYPES.map((t) => (
            <option key={t} value={t}>
              {USER_TYPE_LABEL[t]}
            </option>
          ))}
        </Select>
        <label className="sr-only" htmlFor="userStatus">
          Status
        </label>
        <Select id="userStatus" name="userStatus" defaultValue={query.userStatus ?? ""}>
          <option value="">All statuses</option>
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {USER_STATUS_LABEL[s]}
            </option>
          ))}
        </Select>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          {filtered ? (
            <ButtonLink href="/admin/users" variant="ghost">
              Clear
            </ButtonLink>
          ) : null}
        </div>
      </GetForm>

      {page.data.length === 0 ? (
        <EmptyState title={filtered ? "No users match these filters" : "No users yet"}>
          {filtered ? (
            <Link href="/admin/users" className="text-indigo-600 hover:underline">
              Clear the filters
            </Link>
          ) : (
            "Users appear here when they sign up."
          )}
        </EmptyState>
      ) : (
        <div className={listTable.frame}>
          <table className={cn(listTable.table, "md:min-w-[40rem]")}>
            <caption className="sr-only">Users</caption>
            <thead className={listTable.head}>
              <tr>
                <th scope="col" className={listTable.th}>
                  Name
                </th>
                <th scope="col" className={listTable.th}>
                  Email
                </th>
                <th scope="col" className={listTable.th}>
                  Role
                </th>
                <th scope="col" className={listTable.th}>
                  Status
                </th>
                <th scope="col" className={listTable.th}>
                  Company
                </th>
                <th scope="col" className={listTable.th}>
                  Joined
                </th>
              </tr>
            </thead>
            <tbody className={listTable.body}>
              {page.data.map((u) => (
                // On a phone: the name with role and status, then email, company and joining day.
                <tr key={u.userId} data-row className={cn(listTable.row, listTable.hover)}>
                  <td className={cn(listTable.cell, "order-1 flex-1")}>
                    <Link
                      href={`/admin/users/${encodeURIComponent(u.userId)}`}
                      data-row-link
                      className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {u.name}
                    </Link>
                    <span className="block font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
                      {u.userId}
                    </span>
                  </td>
                  <td className={cn(listTable.line, "order-4 break-all")}>{u.email}</td>
                  <td className={cn(listTable.cell, "order-2")}>
                    <RoleBadge role={u.userType} />
                  </td>
                  <td className={cn(listTable.cell, "order-3")}>
                    <StatusBadge status={u.userStatus} />
                  </td>
                  <td className={cn(listTable.cell, "order-5", !u.company && "max-md:hidden")}>
                    {u.company ?? "—"}
                  </td>
                  <td
                    className={cn(
                      listTable.cell,
                      "order-6 whitespace-nowrap tabular-nums max-md:text-zinc-600 max-md:dark:text-zinc-400",
                    )}
                  >
                    <span className={listTable.phoneOnly}>joined </span>
                    {u.createdAt.slice(0, 10)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between">
        {query.cursor ? (
          <ButtonLink
            href={withCursor("").replace(/[?&]cursor=$/, "")}
            variant="secondary"
            size="sm"
          >
            First page
          </ButtonLink>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <ButtonLink href={withCursor(page.nextCursor)} variant="secondary" size="sm">
            Next page
          </ButtonLink>
        ) : null}
      </nav>
    </>
  );
}
