"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { axisStyle, ChartFigure } from "./chart-figure";

export interface DailyUsage {
  /** Start of the UTC day. */
  day: Date;
  uplinks: number;
  credits: number;
}

const dayLabel = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
const tickLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", timeZone: "UTC" });
const count = new Intl.NumberFormat("en-GB");

/**
 * Credits (what is billed) as bars and uplinks as a line, one point per UTC day. The SVG is hidden from
 * assistive technology; a visually hidden table carries the same numbers.
 */
export function DailyUsageChart({ title, data, height = 240 }: { title: string; data: readonly DailyUsage[]; height?: number }) {
  const rows = data.map((d) => ({ at: d.day.getTime(), uplinks: d.uplinks, credits: d.credits }));
  const uplinks = data.reduce((s, d) => s + d.uplinks, 0);
  const credits = data.reduce((s, d) => s + d.credits, 0);
  return (
    <ChartFigure
      title={title}
      summary={`${count.format(uplinks)} uplinks using ${count.format(credits)} credits over ${data.length} ${data.length === 1 ? "day" : "days"}. Days are UTC, like billing periods.`}
      columns={["Day", "Uplinks", "Credits"]}
      rows={data.map((d) => ({ key: d.day.getTime(), heading: dayLabel.format(d.day), cells: [count.format(d.uplinks), count.format(d.credits)] }))}
    >
      <ComposedChart responsive accessibilityLayer={false} data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="at" tickFormatter={(at: number) => tickLabel.format(new Date(at))} {...axisStyle} axisLine={{ stroke: "#cbd5e1" }} />
        <YAxis yAxisId="credits" allowDecimals={false} width={52} {...axisStyle} axisLine={false} />
        <YAxis yAxisId="uplinks" orientation="right" allowDecimals={false} width={44} {...axisStyle} axisLine={false} />
        <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(at) => dayLabel.format(new Date(Number(at)))} formatter={(value, name) => [count.format(Number(value)), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="credits" dataKey="credits" name="Credits" fill="#0f766e" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        <Line yAxisId="uplinks" dataKey="uplinks" name="Uplinks" stroke="#d97706" strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartFigure>
  );
}
