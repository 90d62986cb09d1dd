"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatGbp } from "@/domain/billing";
import { axisStyle, ChartFigure } from "./chart-figure";

export interface MonthlyIncome {
  /** First instant of the month (UTC). */
  month: Date;
  invoicedPence: number;
  paidPence: number;
  /** Internal statements' notional cost: reported beside income, never as income. */
  crossChargePence: number;
}

const monthLabel = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const tickLabel = new Intl.DateTimeFormat("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });
const wholePounds = (pence: number) => `£${new Intl.NumberFormat("en-GB", { notation: pence >= 1_000_000 ? "compact" : "standard", maximumFractionDigits: 1 }).format(Math.round(pence / 100))}`;

/**
 * Invoiced and paid per billing month as bars, internal cross-charges as a dashed line kept apart from
 * income. The SVG is hidden from assistive technology; a visually hidden table carries the same figures.
 */
export function IncomeByMonthChart({ title, data, height = 280 }: { title: string; data: readonly MonthlyIncome[]; height?: number }) {
  const rows = data.map((d) => ({ at: d.month.getTime(), invoiced: d.invoicedPence, paid: d.paidPence, crossCharge: d.crossChargePence }));
  const invoiced = data.reduce((s, d) => s + d.invoicedPence, 0);
  const paid = data.reduce((s, d) => s + d.paidPence, 0);
  const cross = data.reduce((s, d) => s + d.crossChargePence, 0);
  return (
    <ChartFigure
      title={title}
      summary={`${formatGbp(invoiced)} invoiced and ${formatGbp(paid)} paid over ${data.length} months (VAT included); ${formatGbp(cross)} in internal cross-charges, which are not income.`}
      columns={["Billing month", "Invoiced", "Paid", "Internal cross-charges (not income)"]}
      rows={data.map((d) => ({ key: d.month.getTime(), heading: monthLabel.format(d.month), cells: [formatGbp(d.invoicedPence), formatGbp(d.paidPence), formatGbp(d.crossChargePence)] }))}
    >
      <ComposedChart responsive accessibilityLayer={false} data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="at" tickFormatter={(at: number) => tickLabel.format(new Date(at))} {...axisStyle} axisLine={{ stroke: "#cbd5e1" }} />
        <YAxis tickFormatter={(pence: number) => wholePounds(pence)} width={64} {...axisStyle} axisLine={false} />
        <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(at) => monthLabel.format(new Date(Number(at)))} formatter={(value, name) => [formatGbp(Number(value)), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="invoiced" name="Invoiced" fill="#0f766e" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="paid" name="Paid" fill="#5eead4" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        <Line dataKey="crossCharge" name="Internal cross-charges (not income)" stroke="#7c3aed" strokeDasharray="5 4" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </ComposedChart>
    </ChartFigure>
  );
}
