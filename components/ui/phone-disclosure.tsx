"use client";

import { ChevronDown, SlidersHorizontal } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * Below `md`, folds `children` behind a button (a dozen filter fields would fill two phone screens
 * before the list); from `md` up the button is gone and `children` always show. Rendered folded on
 * the server, and `max-md:hidden` keeps it shown on wide screens, so nothing jumps on load.
 */
export function PhoneDisclosure({
  label,
  note,
  children,
}: {
  label: string;
  /** A short status beside the label, e.g. "2 on". */
  note?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="mb-3 inline-flex h-9 items-center gap-2 rounded-md px-3 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 md:hidden dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800"
      >
        <SlidersHorizontal className="size-4" aria-hidden />
        {label}
        {note ? (
          <span className="rounded-full bg-indigo-50 px-1.5 text-xs text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300">
            {note}
          </span>
        ) : null}
        <ChevronDown
          className={cn("size-4 transition-transform", open && "rotate-180")}
          aria-hidden
        />
      </button>
      <div id={id} className={open ? undefined : "max-md:hidden"}>
        {children}
      </div>
    </>
  );
}
