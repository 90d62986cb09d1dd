"use client";

import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { lineThroughReadings } from "@/domain/readings/reading-series";
import { axisStyle, ChartFigure } from "./chart-figure";

export interface ReadingPoint { at: Date; average: number | null; min: number | null; max: number | null; readings: number }

const pointLabel = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
const hourTick = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const dayTick = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/**
 * One numeric field over time: the average of each period as a dot where there are readings, joined
 * by a line across the usual gaps between them (a sensor that reports every few hours) but broken
 * where the device was silent for longer than usual (lineThroughReadings), and its lowest to highest
 * reading as a band. The SVG is hidden from assistive technology; a visually hidden table carries the
 * same numbers, and a summary line is visible to everyone.
 */
export function ReadingLineChart({ title, unit, points, dayTicks, height = 260 }: { title: string; unit: string | null; points: readonly ReadingPoint[]; dayTicks: boolean; height?: number }) {
  const withUnit = (value: number) => `${number.format(value)}${unit ? ` ${unit}` : ""}`;
  const line = lineThroughReadings(points.map((p) => p.average));
  const rows = points.map((p, i) => ({ at: p.at.getTime(), average: p.average, line: line[i], range: p.min === null || p.max === null ? null : [p.min, p.max] }));
  const read = points.filter((p) => p.readings > 0);
  const lowest = read.length ? Math.min(...read.map((p) => p.min!)) : null;
  const highest = read.length ? Math.max(...read.map((p) => p.max!)) : null;
  return (
    <ChartFigure
      title={title}
      summary={
        read.length === 0
          ? "No readings in this period."
          : `${read.reduce((n, p) => n + p.readings, 0).toLocaleString("en-GB")} readings, from ${withUnit(lowest!)} to ${withUnit(highest!)}. Times are local.`
      }
      columns={["Period starting", "Average", "Lowest", "Highest"]}
      rows={read.map((p) => ({ key: p.at.getTime(), heading: pointLabel.format(p.at), cells: [withUnit(p.average!), withUnit(p.min!), withUnit(p.max!)] }))}
    >
      <ComposedChart responsive accessibilityLayer={false} data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="at" type="number" domain={["dataMin", "dataMax"]} scale="time" tickFormatter={(at: number) => (dayTicks ? dayTick : hourTick).format(new Date(at))} minTickGap={28} {...axisStyle} axisLine={{ stroke: "#cbd5e1" }} />
        <YAxis width={52} domain={["auto", "auto"]} {...axisStyle} axisLine={false} tickFormatter={(v: number) => number.format(v)} />
        <Tooltip
          labelFormatter={(at) => pointLabel.format(new Date(Number(at)))}
          formatter={(value, name) => [Array.isArray(value) ? `${withUnit(Number(value[0]))} – ${withUnit(Number(value[1]))}` : withUnit(Number(value)), name]}
        />
        <Area dataKey="range" name="Lowest – highest" stroke="none" fill="#99f6e4" fillOpacity={0.6} connectNulls={false} isAnimationActive={false} />
        <Line dataKey="line" stroke="#0f766e" strokeWidth={2} dot={false} activeDot={false} connectNulls={false} tooltipType="none" isAnimationActive={false} />
        <Line dataKey="average" name="Average" stroke="none" dot={{ r: 2, fill: "#0f766e" }} connectNulls={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartFigure>
  );
}
