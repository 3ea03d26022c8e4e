"use client";

import { stringify } from "csv-stringify/sync";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ImportReport } from "@/lib/validation/import";

/** Rows of the problem table drawn at once; the rest are in the CSV download. */
export const SHOWN_PROBLEMS = 200;

const FIELD_LABEL: Record<string, string> = {
  userId: "User ID",
  name: "Name",
  email: "Email",
  company: "Company",
  phone: "Phone",
  status: "Status",
};

const n = (value: number) => value.toLocaleString("en-US");

/** The counts of a check or an import. */
export function ReportCounts({ report }: { report: ImportReport }) {
  const items: [string, number, string?][] =
    !report.dryRun && report.imported
      ? [
          ["Imported", report.imported],
          ["Invited", report.invited],
        ]
      : [
          ["Rows", report.total],
          ["Valid", report.valid],
          ["With problems", report.invalid, report.invalid ? "text-red-700 dark:text-red-300" : ""],
        ];
  return (
    <dl className="grid grid-cols-3 gap-3 sm:flex sm:flex-wrap sm:gap-8">
      {items.map(([label, value, tone]) => (
        <div key={label}>
          <dt className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
            {label}
          </dt>
          <dd className={`text-2xl font-semibold tabular-nums ${tone ?? ""}`}>{n(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every bad row with its column and reason: the first 200 drawn, all of them downloadable. */
export function ProblemTable({ report, fileName }: { report: ImportReport; fileName: string }) {
  const shown = report.errors.slice(0, SHOWN_PROBLEMS);
  const base = fileName.replace(/\.[^.]+$/, "") || "import";
  // Built on demand: the list may hold thousands of rows.
  const download = () => {
    const csv = stringify([
      ["row", "column", "value", "problem"],
      ...report.errors.map((e) => [e.row, e.field ?? "", e.value ?? "", e.reason]),
    ]);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${base}-problems.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  if (!report.errors.length) return null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">Rows with problems</h3>
        <Button variant="secondary" size="sm" onClick={download}>
          <Download className="size-4" aria-hidden />
          Download all problems (CSV)
        </Button>
      </div>
      {/* Phones get a list (a four-column table would hide the reasons off to the side). */}
      <ol className="divide-y divide-zinc-200 rounded-md border border-zinc-200 text-sm sm:hidden dark:divide-zinc-800 dark:border-zinc-800">
        {shown.map((e, i) => (
          <li key={`${e.row}-${e.field ?? ""}-${i}`} className="space-y-0.5 px-3 py-2">
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Row {e.row}
              {e.field ? ` · ${FIELD_LABEL[e.field] ?? e.field}` : ""}
            </p>
            <p className="font-medium">{e.reason}</p>
            {e.value ? (
              <p className="truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">
                {e.value}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="hidden overflow-x-auto rounded-md border border-zinc-200 sm:block dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Rows with problems, by row number</caption>
          <thead className="bg-zinc-50 text-xs text-zinc-600 uppercase dark:bg-zinc-800/60 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Row
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Value
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {shown.map((e, i) => (
              <tr key={`${e.row}-${e.field ?? ""}-${i}`}>
                <td className="px-3 py-2 tabular-nums">{e.row}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {e.field ? (FIELD_LABEL[e.field] ?? e.field) : "—"}
                </td>
                <td className="max-w-48 truncate px-3 py-2 font-mono text-xs" title={e.value}>
                  {e.value ? (
                    e.value
                  ) : (
                    <span className="text-zinc-600 dark:text-zinc-400">(empty)</span>
                  )}
                </td>
                <td className="min-w-56 px-3 py-2">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.errors.length > shown.length || report.errorsTruncated ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Showing the first {n(shown.length)} of {report.errorsTruncated ? "more than " : ""}
          {n(report.errors.length)} problems; the download has{" "}
          {report.errorsTruncated ? `the first ${n(report.errors.length)}` : "them all"}.
        </p>
      ) : null}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Row numbers count customers from the first line after the header (row 1).
      </p>
    </div>
  );
}
