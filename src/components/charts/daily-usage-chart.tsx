"use client";

import { useId } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";

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
  const titleId = useId();
  const rows = data.map((d) => ({ at: d.day.getTime(), uplinks: d.uplinks, credits: d.credits }));
  const uplinks = data.reduce((s, d) => s + d.uplinks, 0);
  const credits = data.reduce((s, d) => s + d.credits, 0);
  return (
    <figure aria-labelledby={titleId} className="space-y-2">
      <figcaption id={titleId} className="text-sm font-medium text-slate-800">
        {title}
      </figcaption>
      <p className="text-xs text-slate-500">
        {count.format(uplinks)} uplinks using {count.format(credits)} credits over {data.length} {data.length === 1 ? "day" : "days"}. Days are UTC, like billing periods.
      </p>
      <div aria-hidden="true">
        <ComposedChart responsive accessibilityLayer={false} data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="at" tickFormatter={(at: number) => tickLabel.format(new Date(at))} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis yAxisId="credits" allowDecimals={false} width={52} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <YAxis yAxisId="uplinks" orientation="right" allowDecimals={false} width={44} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(at) => dayLabel.format(new Date(Number(at)))} formatter={(value, name) => [count.format(Number(value)), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="credits" dataKey="credits" name="Credits" fill="#0f766e" radius={[2, 2, 0, 0]} isAnimationActive={false} />
          <Line yAxisId="uplinks" dataKey="uplinks" name="Uplinks" stroke="#d97706" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Uplinks</th>
            <th scope="col">Credits</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.day.getTime()}>
              <th scope="row">{dayLabel.format(d.day)}</th>
              <td>{count.format(d.uplinks)}</td>
              <td>{count.format(d.credits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
