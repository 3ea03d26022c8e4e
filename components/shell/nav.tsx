"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type NavItem = { href: string; label: string; badge?: number };

export function Nav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const search = useSearchParams();
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
  return (
    <nav aria-label="Main" className="-mx-2 flex gap-1 overflow-x-auto px-2">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.href === current ? "page" : undefined}
          className={cn(
            "flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium",
            "focus-visible:outline-2 focus-visible:outline-indigo-500",
            item.href === current
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
          )}
        >
          {item.label}
          {item.badge ? (
            <span
              className="rounded-full bg-amber-700 px-1.5 text-xs font-semibold text-white dark:bg-amber-400 dark:text-zinc-950"
              aria-label={`${item.badge} waiting`}
            >
              {item.badge}
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}
