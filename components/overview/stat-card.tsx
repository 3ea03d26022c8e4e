import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/** One headline number with its label, a link to the tickets behind it, and a footnote. */
export function StatCard({
  label,
  value,
  href,
  note,
}: {
  label: string;
  value: string;
  href?: string;
  note?: ReactNode;
}) {
  return (
    // Two to a row on a phone: a little less padding and a smaller number leave the label room.
    <Card className="min-w-0 p-4 sm:p-5">
      <h2 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{label}</h2>
      <p className="mt-2 text-2xl font-semibold tabular-nums sm:text-3xl">
        {href ? (
          <Link
            href={href}
            className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
          >
            {value}
          </Link>
        ) : (
          value
        )}
      </p>
      {note ? (
        <p className="mt-1 text-sm break-words text-zinc-600 dark:text-zinc-400">{note}</p>
      ) : null}
    </Card>
  );
}
