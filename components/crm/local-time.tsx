"use client";

import { useHydrated } from "@/components/forms/use-hydrated";

const utc = (iso: string) =>
  `${new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(new Date(iso))} UTC`;

/**
 * A date and time in the reader's own time zone. The server renders UTC (it can't know the zone);
 * the browser swaps in local time once it runs.
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const text = hydrated
    ? new Intl.DateTimeFormat(undefined, {
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      }).format(new Date(iso))
    : utc(iso);
  return (
    <time dateTime={iso} title={utc(iso)}>
      {text}
    </time>
  );
}
