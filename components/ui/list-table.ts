/**
 * Class names for a list table that is a table from `md` up and a stack of cards below it: one
 * markup for both (so a row's checkbox, link and `data-row` exist once), the header row kept for
 * screen readers, each row laid out as a wrapping line of its cells. A cell that needs a word of
 * context on a phone, where there is no column header to see, carries it in a `md:hidden` span.
 */
export const listTable = {
  frame:
    "rounded-lg border border-zinc-200 bg-white md:overflow-x-auto dark:border-zinc-800 dark:bg-zinc-900",
  table: "block w-full text-sm md:table",
  head: "sr-only bg-zinc-50 text-left text-zinc-600 md:not-sr-only dark:bg-zinc-900 dark:text-zinc-400",
  body: "block divide-y divide-zinc-100 md:table-row-group dark:divide-zinc-800",
  row: "flex flex-wrap items-center gap-x-2 gap-y-1 px-4 py-3 md:table-row md:p-0",
  hover: "hover:bg-zinc-50 dark:hover:bg-zinc-800/50",
  th: "px-4 py-2 font-medium",
  cell: "min-w-0 md:table-cell md:px-4 md:py-2",
  /** A cell that takes a line of its own on a phone. */
  line: "min-w-0 basis-full md:table-cell md:px-4 md:py-2",
  /** Context shown only on a phone, where the column header is not visible. */
  phoneOnly: "md:hidden",
} as const;
