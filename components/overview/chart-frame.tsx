import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

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
  table: { caption: string; head: string[]; rows: (string | number)[][] };
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
      {table.rows.length ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer rounded text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:text-zinc-100">
            Show the numbers
          </summary>
          <div className="mt-2 max-h-80 overflow-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{table.caption}</caption>
              <thead className="sticky top-0 bg-white text-left text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
                <tr>
                  {table.head.map((h, i) => (
                    <th
                      key={h}
                      scope="col"
                      className={cn("py-1 pr-3 font-medium", i > 0 && "text-right")}
                    >
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map(([first, ...rest]) => (
                  <tr key={String(first)} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="py-1 pr-3 text-left font-normal">
                      {first}
                    </th>
                    {rest.map((cell, i) => (
                      <td key={i} className="py-1 pr-3 text-right tabular-nums">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
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
