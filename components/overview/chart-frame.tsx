import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { NumbersTable, type NumbersTableData } from "./numbers-table";

/**
 * A chart with its title, a one-line reading guide, and its numbers as a table inside <details>,
 * so screen-reader and keyboard users (and anyone who wants the exact figures) get the same data.
 * The CSS variables give the charts their colours in the light and dark themes.
 */
export function ChartFrame({
  id,
  title,
  description,
  children,
  table,
  className,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  table: NumbersTableData;
  className?: string;
}) {
  return (
    <figure
      aria-labelledby={`${id}-title`}
      className={cn(
        "rounded-lg border border-zinc-200 bg-white p-5 shadow-xs dark:border-zinc-800 dark:bg-zinc-900",
        CHART_COLOURS,
        className,
      )}
    >
      <figcaption>
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {description ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
        ) : null}
      </figcaption>
      {children ? <div className="mt-4">{children}</div> : null}
      {table.rows.length ? <NumbersTable table={table} /> : null}
    </figure>
  );
}

/** Series and chrome colours, chosen for contrast on white and on zinc-900. */
export const CHART_COLOURS = cn(
  "[--chart-grid:#e4e4e7] [--chart-text:#52525b] [--chart-tooltip:#ffffff]",
  "[--chart-1:#4f46e5] [--chart-2:#059669] [--chart-3:#d97706]",
  "dark:[--chart-grid:#3f3f46] dark:[--chart-text:#a1a1aa] dark:[--chart-tooltip:#18181b]",
  "dark:[--chart-1:#818cf8] dark:[--chart-2:#34d399] dark:[--chart-3:#fbbf24]",
);
