import Link from "next/link";
import type { ReactNode } from "react";
import type { Window } from "@/lib/pagination";

const linkClass =
  "inline-block rounded text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300";

/**
 * A window of a ticket's replies or events (the latest, or those before an id) with a link to the
 * ones before it and, once stepped back, one to the latest again. `positions` is where each list
 * of the page stands (the id it shows items before; none for the latest): the links move this
 * list's, keep the other's, and land on the list's heading (`anchor`).
 */
export function WindowLinks({
  path,
  name,
  window,
  positions,
  anchor,
  earlierLabel,
  latestLabel,
  children,
}: {
  path: string;
  name: "replies" | "events";
  window: Window<{ id: number }>;
  positions: Partial<Record<"replies" | "events", number>>;
  anchor: string;
  earlierLabel: string;
  latestLabel: string;
  children: ReactNode;
}) {
  const href = (id: number | undefined) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...positions, [name]: id }))
      if (value !== undefined) query.set(key, String(value));
    const search = query.toString();
    return `${path}${search ? `?${search}` : ""}#${anchor}`;
  };
  return (
    <>
      {window.earlier && window.items.length ? (
        <p className="mb-3">
          <Link href={href(window.items[0].id)} className={linkClass}>
            {earlierLabel}
          </Link>
        </p>
      ) : null}
      {children}
      {positions[name] !== undefined ? (
        <p className="mt-3">
          <Link href={href(undefined)} className={linkClass}>
            {latestLabel}
          </Link>
        </p>
      ) : null}
    </>
  );
}
