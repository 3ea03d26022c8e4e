import type { CSSProperties } from "react";

/** Shared Recharts styling: every colour comes from the CSS variables set by ChartFrame. */
export const axisProps = {
  stroke: "var(--chart-grid)",
  tick: { fill: "var(--chart-text)", fontSize: 12 },
  tickLine: false,
} as const;

const SERIES_ORDER = ["created", "resolved", "working", "blocked", "value"];

export const tooltipProps = {
  contentStyle: {
    background: "var(--chart-tooltip)",
    border: "1px solid var(--chart-grid)",
    borderRadius: 6,
    color: "var(--chart-text)",
    fontSize: 13,
  } satisfies CSSProperties,
  labelStyle: { color: "var(--chart-text)", fontWeight: 600 } satisfies CSSProperties,
  cursor: { stroke: "var(--chart-grid)", fill: "var(--chart-grid)", fillOpacity: 0.4 },
  // Series in the order they are drawn (the legend's), not alphabetical.
  itemSorter: (item: { dataKey?: unknown }) => SERIES_ORDER.indexOf(String(item.dataKey)),
};

export const legendProps = {
  wrapperStyle: { fontSize: 13, color: "var(--chart-text)" } satisfies CSSProperties,
  iconType: "plainline",
  // In the order the series are drawn, not alphabetical.
  itemSorter: null,
} as const;

export const chartStyle: CSSProperties = { width: "100%", height: "100%" };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DurationAxis = {
  unit: { label: "minutes" | "hours" | "days"; short: "min" | "h" | "d"; ms: number };
  /** The top of the axis, in `unit`; the bottom is 0. */
  max: number;
  ticks: number[];
};

/**
 * A y-axis for durations that fits the data: the unit the largest value reads best in (minutes
 * under 90 min, hours under 48 h, days beyond), and a top just above the largest value on a
 * 1-2-2.5-5 step, so a week of 10-minute medians isn't drawn flat along a 0–4 h axis.
 */
export function durationAxis(values: (number | null)[], typicalMs: number | null): DurationAxis {
  const measured = values.filter((v): v is number => v !== null && Number.isFinite(v) && v >= 0);
  const largest = Math.max(0, ...measured, typicalMs ?? 0);
  const unit =
    largest < 90 * MINUTE
      ? ({ label: "minutes", short: "min", ms: MINUTE } as const)
      : largest < 48 * HOUR
        ? ({ label: "hours", short: "h", ms: HOUR } as const)
        : ({ label: "days", short: "d", ms: DAY } as const);
  const top = largest / unit.ms;
  if (top === 0) return { unit, max: 1, ticks: [0, 1] };
  // Whole minutes at least: medians of a few seconds would otherwise tick at 0.00015 min.
  const step = Math.max(niceStep(top / 4), unit.ms === MINUTE ? 1 : 0);
  const max = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 1000; t += step) ticks.push(Number(t.toFixed(6)));
  return { unit, max: Number(max.toFixed(6)), ticks };
}

/** The smallest of 1, 2, 2.5, 5 (times a power of ten) that is at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw - 1e-12) return m * power;
  return 10 * power;
}
