"use client";

import { useHydrated } from "@/components/forms/use-hydrated";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, chartStyle, durationAxis, tooltipProps } from "./chart-kit";
import { formatDuration, shortDay } from "./format";

export type MedianPoint = { day: string; ms: number | null };

/** One median per day (gaps where a day had nothing to measure), on an axis that fits them. */
export function MedianTrendChart({
  data,
  typicalMs,
  name,
  colour,
}: {
  data: MedianPoint[];
  typicalMs: number | null;
  name: string;
  colour: "var(--chart-1)" | "var(--chart-2)" | "var(--chart-3)";
}) {
  const axis = durationAxis(
    data.map((d) => d.ms),
    typicalMs,
  );
  const { unit } = axis;
  const points = data.map((d) => ({
    day: d.day,
    ms: d.ms,
    value: d.ms === null ? null : Number((d.ms / unit.ms).toFixed(3)),
  }));
  // Drawn in the browser only: sized by its box, a chart has nothing to draw on the server,
  // where Recharts still cost most of the overview page's CPU. The box keeps its height.
  const hydrated = useHydrated();
  return (
    <div className="h-48">
      {hydrated ? (
        <LineChart
          responsive
          style={chartStyle}
          data={points}
          margin={{ top: 8, right: 12, bottom: 0, left: -8 }}
          title={`${name} per day, in ${unit.label}`}
        >
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={shortDay}
            interval="preserveStartEnd"
            minTickGap={24}
            {...axisProps}
          />
          <YAxis
            width={60}
            {...axisProps}
            axisLine={false}
            domain={[0, axis.max]}
            ticks={axis.ticks}
            allowDataOverflow={false}
            tickFormatter={(v: number) => `${v} ${unit.short}`}
          />
          <Tooltip
            labelFormatter={(d) => shortDay(String(d))}
            formatter={(_value, _name, item) => [
              formatDuration((item.payload as { ms: number | null }).ms),
              name,
            ]}
            {...tooltipProps}
          />
          <Line
            type="linear"
            dataKey="value"
            name={name}
            stroke={colour}
            strokeWidth={2}
            dot={{ r: 2, fill: colour }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      ) : null}
    </div>
  );
}
