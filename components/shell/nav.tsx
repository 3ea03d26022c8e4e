"use client";

import { Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type NavItem = { href: string; label: string; badge?: number };

// The width from which the links fit in a row beside the logo and the account: an admin's ten
// need `xl`, the six or fewer of other roles `lg`. (Whole class names, for Tailwind to find.)
const WIDE = {
  lg: { nav: "lg:flex-1", row: "lg:flex", narrowOnly: "lg:hidden" },
  xl: { nav: "xl:flex-1", row: "xl:flex", narrowOnly: "xl:hidden" },
};

/**
 * The main navigation. On wide screens a row of links; narrower, one "Menu" button that opens a
 * panel with every destination and its badges (an admin's ten links don't fit a phone, and a row
 * that scrolls sideways hides the ones with waiting work). `account` is shown at the foot of the
 * panel below `md`, where the header has no room for the user's name and the sign-out button.
 */
export function Nav({ items, account }: { items: NavItem[]; account?: ReactNode }) {
  const wide = WIDE[items.length > 6 ? "xl" : "lg"];
  const pathname = usePathname();
  const search = useSearchParams();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // The most specific item that matches is the current page; an item with a query string matches
  // only when every one of its parameters is present.
  const matches = (href: string) => {
    const [path, query] = href.split("?");
    if (!(pathname === path || pathname.startsWith(`${path}/`))) return false;
    return [...new URLSearchParams(query ?? "")].every(([k, v]) => search.get(k) === v);
  };
  const current = items
    .filter((i) => matches(i.href))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const waiting = items.reduce((sum, i) => sum + (i.badge ?? 0), 0);

  // Following a link closes the menu (the layout stays mounted across pages).
  const page = `${pathname}?${search}`;
  const [shownFor, setShownFor] = useState(page);
  if (shownFor !== page) {
    setShownFor(page);
    setOpen(false);
  }

  // Opening moves focus into the panel; Escape closes it and gives focus back to the button.
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>("a, button")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <nav
      aria-label="Main"
      className={cn("min-w-0", wide.nav)}
      // Tabbing out of the open panel closes it, so it never hides the page behind the focus. (A
      // click that focuses nothing has no relatedTarget; clicks outside close it on pointerdown.)
      onBlur={(e) => {
        const to = e.relatedTarget as Node | null;
        if (open && to && !e.currentTarget.contains(to)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          "relative inline-flex h-9 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800",
          wide.narrowOnly,
        )}
      >
        {open ? <X className="size-4" aria-hidden /> : <Menu className="size-4" aria-hidden />}
        Menu
        {waiting ? (
          <>
            <span
              aria-hidden
              className="absolute -top-1 -right-1 size-3 rounded-full bg-amber-600 ring-2 ring-white dark:bg-amber-400 dark:ring-zinc-900"
            />
            <span className="sr-only">(something is waiting)</span>
          </>
        ) : null}
      </button>

      {/* Wide screens: the row of links. */}
      <ul className={cn("-mx-2 hidden gap-0.5 overflow-x-auto px-2", wide.row)}>
        {items.map((item) => (
          <li key={item.href} className="shrink-0">
            <NavLink item={item} current={item.href === current} />
          </li>
        ))}
      </ul>

      {/* Narrow screens: the panel under the header, over the page. */}
      <div
        ref={panel}
        id={panelId}
        hidden={!open}
        className={cn(
          "absolute inset-x-0 top-full z-40 border-b border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900",
          wide.narrowOnly,
        )}
      >
        {/* Filled only while open: closed, its links and the user's name would be a second,
            hidden copy of the row and the header's in the page. */}
        {open ? (
          <>
            {/* Two columns on a tablet, read down the first, then the second, in the nav's order. */}
            <ul className="mx-auto max-w-7xl px-4 py-3 sm:columns-2 sm:gap-x-2 sm:px-6">
              {items.map((item) => (
                <li key={item.href} className="mb-1 break-inside-avoid">
                  <NavLink item={item} current={item.href === current} inPanel />
                </li>
              ))}
            </ul>
            {account ? (
              <div className="mx-auto max-w-7xl border-t border-zinc-200 px-4 py-3 md:hidden dark:border-zinc-800">
                {account}
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </nav>
  );
}

function NavLink({
  item,
  current,
  inPanel,
}: {
  item: NavItem;
  current: boolean;
  inPanel?: boolean;
}) {
  return (
    <Link
      href={item.href}
      aria-current={current ? "page" : undefined}
      className={cn(
        "flex items-center gap-2 rounded-md px-3 text-sm font-medium",
        inPanel ? "justify-between py-2.5" : "py-2 xl:px-2.5",
        "focus-visible:outline-2 focus-visible:outline-indigo-500",
        current
          ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
          : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
      )}
    >
      {item.label}
      {item.badge ? (
        <span className="rounded-full bg-amber-700 px-1.5 text-xs font-semibold text-white dark:bg-amber-400 dark:text-zinc-950">
          {item.badge}
          <span className="sr-only"> waiting</span>
        </span>
      ) : null}
    </Link>
  );
}
