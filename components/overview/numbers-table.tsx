"use client";

export type NumbersTableData = { caption: string; head: string[]; rows: (string | number)[][] };

/**
 * A chart's figures as a table inside <details>. A client component so that the page's payload
 * carries the figures once, as data, rather than a row of elements per day and engineer (the
 * overview's tables were two thirds of it); the table's cells are styled from the table, not
 * each cell, for the same reason in the HTML.
 */
export function NumbersTable({ table }: { table: NumbersTableData }) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer rounded text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:text-zinc-100">
        Show the numbers
      </summary>
      <div className="mt-2 max-h-80 overflow-auto">
        <table className="w-full text-sm [&_tbody_th]:text-left [&_tbody_th]:font-normal [&_tbody_tr]:border-t [&_tbody_tr]:border-zinc-100 dark:[&_tbody_tr]:border-zinc-800 [&_td]:py-1 [&_td]:pr-3 [&_td]:text-right [&_td]:tabular-nums [&_th]:py-1 [&_th]:pr-3 [&_thead_th]:font-medium [&_thead_th+th]:text-right">
          <caption className="sr-only">{table.caption}</caption>
          <thead className="sticky top-0 bg-white text-left text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              {table.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map(([first, ...rest]) => (
              <tr key={String(first)}>
                <th scope="row">{first}</th>
                {rest.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
