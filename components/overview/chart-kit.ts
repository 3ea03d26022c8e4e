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
