"use client";

import { useHydrated } from "@/components/forms/use-hydrated";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, chartStyle, legendProps, tooltipProps } from "./chart-kit";

export type EngineerBar = { userId: string; name: string; working: number; blocked: number };

/** Working and blocked tickets per engineer, as stacked horizontal bars (busiest at the top). */
export function EngineerLoadChart({ data }: { data: EngineerBar[] }) {
  // Drawn in the browser only: sized by its box, a chart has nothing to draw on the server,
  // where Recharts still cost most of the overview page's CPU. The box keeps its height.
  const hydrated = useHydrated();
  return (
    <div style={{ height: Math.max(140, data.length * 30 + 56) }}>
      {hydrated ? (
        <BarChart
          responsive
          style={chartStyle}
          data={data}
          layout="vertical"
          margin={{ top: 0, right: 12, bottom: 0, left: 0 }}
          barCategoryGap={6}
          title="Working and blocked tickets per engineer"
        >
          <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...axisProps} />
          <YAxis
            type="category"
            // People by name, as everywhere else; a long one is shortened here and whole in the
            // tooltip and in "Show the numbers".
            dataKey="name"
            width={112}
            tickFormatter={(name: string) => (name.length > 16 ? `${name.slice(0, 15)}…` : name)}
            {...axisProps}
            axisLine={false}
            interval={0}
          />
          <Tooltip {...tooltipProps} />
          <Legend {...legendProps} iconType="square" />
          <Bar
            dataKey="working"
            name="Working"
            stackId="load"
            fill="var(--chart-1)"
            isAnimationActive={false}
          />
          <Bar
            dataKey="blocked"
            name="Blocked"
            stackId="load"
            fill="var(--chart-3)"
            radius={[0, 3, 3, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      ) : null}
    </div>
  );
}
