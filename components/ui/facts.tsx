import type { ReactNode } from "react";

export type Fact = [label: string, value: ReactNode];
/** A fact, or a falsy value for one that doesn't apply (`sentAt && ["Sent", …]`). */
export type FactItem = Fact | false | null | undefined | "" | 0;

/** A record's details as a label-over-value list; `false`/`null` entries are left out. */
export function Facts({ items }: { items: FactItem[] }) {
  return (
    <dl className="space-y-3 text-sm">
      {items
        .filter((f): f is Fact => !!f)
        .map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="mt-0.5 break-words">{value}</dd>
          </div>
        ))}
    </dl>
  );
}
