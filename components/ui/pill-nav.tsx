import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

export type PillItem = {
  href: string;
  label: string;
  current: boolean;
  count?: number;
  badge?: number;
};

/** A row of rounded links that switch a list's view; the current one is filled. */
export function PillNav({
  label,
  items,
  children,
}: {
  label: string;
  items: PillItem[];
  /** Anything after the pills (a "show all" link). */
  children?: ReactNode;
}) {
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-2">
      {items.map((item) => (
        <Link
          key={item.label}
          href={item.href}
          aria-current={item.current ? "page" : undefined}
          className={cn(
            "inline-flex items-center gap-2 rounded-full px-3 py-1.5 text-sm font-medium ring-1 ring-inset",
            item.current
              ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-700 ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800",
          )}
        >
          {item.label}
          {item.count !== undefined ? (
            <span className="tabular-nums opacity-80">{item.count}</span>
          ) : null}
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
      {children}
    </nav>
  );
}
