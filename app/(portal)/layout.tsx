import { LogOut } from "lucide-react";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { LiveUpdates } from "@/components/live/live-updates";
import { Logo } from "@/components/shell/logo";
import { Nav, type NavItem } from "@/components/shell/nav";
import { Shortcuts } from "@/components/shell/shortcuts";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { VerifyBanner } from "@/components/shell/verify-banner";
import { RoleBadge } from "@/components/ui/badge";
import { homeFor, type Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/session";
import { latestChangeId } from "@/lib/live/hub";
import { failedEmailCount } from "@/lib/notifications/requests";
import { unassignedCount } from "@/lib/tickets/counts";
import { findUserById } from "@/lib/users/find-user";
import { pendingRequestCount } from "@/lib/users/list-users";

function navFor(actor: Actor): NavItem[] {
  const home = homeFor(actor.userType);
  const profile = { href: "/profile", label: "Profile" };
  if (actor.userType === "CUSTOMER")
    return [{ href: home, label: "Dashboard" }, { href: "/tickets", label: "My tickets" }, profile];
  const crm = [
    { href: "/customers", label: "Customers" },
    { href: "/interactions", label: "Interactions" },
    { href: "/reports", label: "Reports" },
  ];
  if (actor.userType === "ENGINEER")
    return [
      { href: home, label: "Queue" },
      { href: "/tickets", label: "Tickets" },
      ...crm,
      profile,
    ];
  return [
    { href: "/admin", label: "Overview" },
    // The badge is how admins see, at a glance, tickets that found no engineer.
    { href: "/tickets", label: "Tickets", badge: unassignedCount(actor) },
    ...crm,
    { href: "/admin/requests", label: "Requests", badge: pendingRequestCount(actor) },
    { href: "/admin/users", label: "Users" },
    { href: "/admin/outbox", label: "Outbox", badge: failedEmailCount(actor) },
    profile,
  ];
}

/** The signed-in shell. Every page below re-checks the actor; this layout only frames them. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const unverified = !findUserById(actor.id)?.emailVerifiedAt;
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:block focus:bg-indigo-700 focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-white focus:outline-2 focus:-outline-offset-4 focus:outline-white"
      >
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Logo href={homeFor(actor.userType)} />
          <div className="order-3 w-full sm:order-none sm:w-auto sm:flex-1">
            <Nav items={navFor(actor)} />
          </div>
          <div className="ml-auto flex items-center gap-2">
            <span className="hidden text-right text-sm sm:block">
              <span className="block leading-tight font-medium">{actor.name}</span>
              <span className="text-xs text-zinc-500">{actor.userId}</span>
            </span>
            <LiveUpdates since={latestChangeId()} />
            <RoleBadge role={actor.userType} />
            <ThemeToggle />
            <form action={signOutAction}>
              <button
                type="submit"
                className="inline-flex h-9 items-center gap-1.5 rounded-md px-2 text-sm text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                <LogOut className="size-4" aria-hidden />
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      {unverified ? <VerifyBanner email={actor.email} /> : null}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
      <Shortcuts />
    </div>
  );
}
