"use client";

import { cn } from "@/components/ui/cn";

export type Progress = { step: "upload" | "checking" | "importing"; done: number; total: number };

const n = (value: number) => value.toLocaleString("en-US");

function describe({ step, done, total }: Progress, dryRun: boolean): [string, number | null] {
  const share = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  if (step === "upload") return [`Uploading the file… ${share}%`, share];
  if (step === "checking") {
    const what = dryRun ? "Checking rows" : "Checking rows before importing";
    return [`${what}… ${n(done)} of ${n(total)}`, share];
  }
  return [`Importing ${n(total)} customers and queuing their invitations…`, null];
}

/**
 * Upload progress (from the browser), then the server's own (rows checked so far), then the
 * import itself, which is one transaction: a bar without a value. Screen readers hear each step
 * and every tenth of the way, not every percent.
 */
export function ImportProgressBar({ progress, dryRun }: { progress: Progress; dryRun: boolean }) {
  const [label, value] = describe(progress, dryRun);
  const coarse =
    value === null ? label : label.replace(/… .*$/, `… ${Math.floor(value / 10) * 10}%`);
  return (
    <div className="space-y-2">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium">{label}</span>
        {value !== null ? (
          <span className="text-zinc-600 tabular-nums dark:text-zinc-400">{value}%</span>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value ?? undefined}
        className="h-2.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={cn(
            "h-full rounded-full bg-indigo-600 transition-[width] duration-200 dark:bg-indigo-400",
            value === null && "w-full animate-pulse",
          )}
          style={value === null ? undefined : { width: `${value}%` }}
        />
      </div>
      <p aria-live="polite" className="sr-only">
        {coarse}
      </p>
    </div>
  );
}
