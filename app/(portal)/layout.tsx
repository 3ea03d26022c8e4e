import { LogOut } from "lucide-react";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { resendVerificationAction } from "@/app/(portal)/profile/actions";
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
import { quarantinedEmailCount } from "@/lib/email/inbound-log";
import { failedEmailCount } from "@/lib/notifications/requests";
import { unassignedCount } from "@/lib/tickets/counts";
import { pendingRequestCount } from "@/lib/users/list-users";

async function navFor(actor: Actor): Promise<NavItem[]> {
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
  const [unassigned, pending, failed, quarantined] = await Promise.all([
    unassignedCount(actor),
    pendingRequestCount(actor),
    failedEmailCount(actor),
    quarantinedEmailCount(actor),
  ]);
  return [
    { href: "/admin", label: "Overview" },
    // The badge is how admins see, at a glance, tickets that found no engineer.
    { href: "/tickets", label: "Tickets", badge: unassigned },
    ...crm,
    { href: "/admin/requests", label: "Requests", badge: pending },
    { href: "/admin/users", label: "Users" },
    { href: "/admin/outbox", label: "Outbox", badge: failed },
    // Incoming email that could not be handled waits here for an admin to retry or discard it.
    { href: "/admin/email", label: "Email", badge: quarantined },
    profile,
  ];
}

function AccountName({ actor }: { actor: Actor }) {
  return (
    <span className="block min-w-0 text-sm">
      <span
        title={actor.name}
        className="block leading-tight font-medium break-words md:max-w-48 md:truncate"
      >
        {actor.name}
      </span>
      <span className="block text-xs break-all text-zinc-600 dark:text-zinc-400">
        {actor.userId}
      </span>
    </span>
  );
}

function SignOutButton({ iconFromXl = false }: { iconFromXl?: boolean }) {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        title="Sign out"
        className="inline-flex h-9 items-center gap-1.5 rounded-md px-2 text-sm whitespace-nowrap text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <LogOut className="size-4" aria-hidden />
        {/* Just the icon where an admin's links need the room: from xl, where they form a row (ten
            of them fill it even at 2xl, with the live label shown); other roles' from xl to 2xl. */}
        <span className={iconFromXl ? "xl:sr-only" : "xl:max-2xl:sr-only"}>Sign out</span>
      </button>
    </form>
  );
}

/** The signed-in shell. Every page below re-checks the actor; this layout only frames them. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const [navItems, since] = await Promise.all([navFor(actor), latestChangeId()]);
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:block focus:bg-indigo-700 focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-white focus:outline-2 focus:-outline-offset-4 focus:outline-white"
      >
        Skip to content
      </a>
      <header className="relative border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl items-center gap-x-3 px-4 py-3 sm:px-6 lg:gap-x-4">
          <Logo href={homeFor(actor.userType)} />
          <Nav
            items={navItems}
            account={
              <div className="flex items-center justify-between gap-3">
                <AccountName actor={actor} />
                <SignOutButton />
              </div>
            }
          />
          <div className="ml-auto flex shrink-0 items-center gap-2">
            <span className="hidden text-right md:block">
              <AccountName actor={actor} />
            </span>
            <LiveUpdates since={since} />
            <RoleBadge role={actor.userType} />
            <ThemeToggle />
            {/* Below md the name and signing out are in the menu instead. */}
            <div className="hidden md:block">
              <SignOutButton iconFromXl={actor.userType === "ADMIN"} />
            </div>
          </div>
        </div>
      </header>
      {!actor.emailVerified ? (
        <VerifyBanner email={actor.email} resendAction={resendVerificationAction} />
      ) : null}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
      <Shortcuts />
    </div>
  );
}
