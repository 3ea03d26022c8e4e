"use client";

import { useHydrated } from "@/components/forms/use-hydrated";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, chartStyle, legendProps, tooltipProps } from "./chart-kit";
import { shortDay } from "./format";

export type CreatedResolvedPoint = { day: string; created: number; resolved: number };

/** Tickets created and resolved per day: two lines over the window. */
export function CreatedResolvedChart({ data }: { data: CreatedResolvedPoint[] }) {
  // Drawn in the browser only: sized by its box, a chart has nothing to draw on the server,
  // where Recharts still cost most of the overview page's CPU. The box keeps its height.
  const hydrated = useHydrated();
  return (
    <div className="h-64 sm:h-72">
      {hydrated ? (
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
      ) : null}
    </div>
  );
}
