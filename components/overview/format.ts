const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "42 min", "5.2 h", "3.4 days"; "—" when there is nothing to measure. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < MINUTE) return "under a minute";
  if (ms < 90 * MINUTE) return `${Math.round(ms / MINUTE)} min`;
  if (ms < 48 * HOUR) return `${round(ms / HOUR)} h`;
  return `${round(ms / DAY)} days`;
}

const round = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());

/** "17 May" from "2026-05-17" (the day is UTC, so it is read as UTC). */
export function shortDay(day: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}

export const formatCount = (n: number) => n.toLocaleString("en");
