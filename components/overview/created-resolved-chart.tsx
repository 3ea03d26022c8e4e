"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, chartStyle, legendProps, tooltipProps } from "./chart-kit";
import { shortDay } from "./format";

export type CreatedResolvedPoint = { day: string; created: number; resolved: number };

/** Tickets created and resolved per day: two lines over the window. */
export function CreatedResolvedChart({ data }: { data: CreatedResolvedPoint[] }) {
  return (
    <div className="h-64 sm:h-72">
      <LineChart
        responsive
        style={chartStyle}
        data={data}
        margin={{ top: 8, right: 12, bottom: 0, left: -8 }}
        title="Tickets created and resolved per day"
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="day"
          tickFormatter={shortDay}
          interval="preserveStartEnd"
          minTickGap={24}
          {...axisProps}
        />
        <YAxis allowDecimals={false} width={48} {...axisProps} axisLine={false} />
        <Tooltip labelFormatter={(d) => shortDay(String(d))} {...tooltipProps} />
        <Legend {...legendProps} />
        <Line
          type="linear"
          dataKey="created"
          name="Created"
          stroke="var(--chart-1)"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="linear"
          dataKey="resolved"
          name="Resolved"
          stroke="var(--chart-2)"
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
