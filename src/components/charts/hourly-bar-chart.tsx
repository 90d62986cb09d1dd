"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { axisStyle, ChartFigure } from "./chart-figure";

export interface HourlyValue { hour: Date; value: number }

const hourLabel = new Intl.DateTimeFormat("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit" });
const tickLabel = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const dayLabel = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric" });
const count = new Intl.NumberFormat("en-GB");

interface HourlyBarChartProps {
  /** Shown above the chart and used as the caption of its data table. */
  title: string;
  data: readonly HourlyValue[];
  /** What one bar counts, e.g. "Uplinks". */
  valueLabel: string;
  height?: number;
}

/**
 * One bar per hour. The SVG is hidden from assistive technology; the same numbers are in a visually
 * hidden table, and a one-line summary (total and busiest hour) is visible to everyone.
 */
export function HourlyBarChart({ title, data, valueLabel, height = 240 }: HourlyBarChartProps) {
  const rows = data.map((d) => ({ at: d.hour.getTime(), value: d.value }));
  const total = data.reduce((sum, d) => sum + d.value, 0);
  const peak = data.reduce<HourlyValue | null>((best, d) => (d.value > 0 && (!best || d.value > best.value) ? d : best), null);
  return (
    <ChartFigure
      title={title}
      summary={`${count.format(total)} in all${peak ? `; busiest hour ${hourLabel.format(peak.hour)} with ${count.format(peak.value)}` : ""}. Times are local.`}
      columns={["Hour starting", valueLabel]}
      rows={data.map((d) => ({ key: d.hour.getTime(), heading: hourLabel.format(d.hour), cells: [count.format(d.value)] }))}
    >
      <BarChart responsive accessibilityLayer={false} data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis
          dataKey="at"
          tickFormatter={(at: number) => {
            const date = new Date(at);
            return date.getHours() === 0 ? dayLabel.format(date) : tickLabel.format(date);
          }}
          minTickGap={24}
          {...axisStyle}
          axisLine={{ stroke: "#cbd5e1" }}
        />
        <YAxis allowDecimals={false} width={44} {...axisStyle} axisLine={false} />
        <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(at) => hourLabel.format(new Date(Number(at)))} formatter={(value) => [count.format(Number(value)), valueLabel]} />
        <Bar dataKey="value" name={valueLabel} fill="#0f766e" radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}
