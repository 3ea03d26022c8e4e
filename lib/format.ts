const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "3 hours ago" for a moment relative to `now` (server-rendered per request). */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return RELATIVE.format(Math.round(seconds), "second");
  if (abs < 3600) return RELATIVE.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return RELATIVE.format(Math.round(seconds / 3600), "hour");
  return RELATIVE.format(Math.round(seconds / 86400), "day");
}

/** "2026-11-24 13:05 UTC". */
export const utcMinute = (iso: string) =>
  `${new Date(iso).toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** Weekday, day, month, year, hour and minute: how meetings and other set times are written. */
export const DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};

/** "Tue, 1 Dec 2026, 14:30 UTC", for readers whose time zone isn't known (emails, server renders). */
export const utcDateTime = (date: Date | string) =>
  `${new Intl.DateTimeFormat("en-GB", { ...DATE_TIME, timeZone: "UTC" }).format(new Date(date))} UTC`;
