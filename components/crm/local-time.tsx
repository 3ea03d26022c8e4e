"use client";

import { useHydrated } from "@/components/forms/use-hydrated";
import { DATE_TIME, utcDateTime } from "@/lib/format";

/**
 * A date and time in the reader's own time zone. The server renders UTC (it can't know the zone);
 * the browser swaps in local time once it runs.
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const text = hydrated
    ? new Intl.DateTimeFormat(undefined, DATE_TIME).format(new Date(iso))
    : utcDateTime(iso);
  return (
    <time dateTime={iso} title={utcDateTime(iso)}>
      {text}
    </time>
  );
}
