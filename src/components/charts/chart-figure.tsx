"use client";

import { useId, type ReactNode } from "react";

/** One row of a chart's data table: its heading (the period it is about) and its figures, formatted. */
export interface ChartTableRow { key: string | number; heading: string; cells: readonly ReactNode[] }

/** The axes' look, shared by every chart. */
export const axisStyle = { tick: { fontSize: 11, fill: "#64748b" }, tickLine: false } as const;

/**
 * Every chart's frame: its title and a one-line summary, visible to everyone; the chart itself, hidden
 * from assistive technology; and the same figures in a visually hidden table captioned by the title.
 */
export function ChartFigure({ title, summary, columns, rows, children }: { title: string; summary: ReactNode; columns: readonly string[]; rows: readonly ChartTableRow[]; children: ReactNode }) {
  const titleId = useId();
  return (
    <figure aria-labelledby={titleId} className="space-y-2">
      <figcaption id={titleId} className="text-sm font-medium text-slate-800">
        {title}
      </figcaption>
      <p className="text-xs text-slate-500">{summary}</p>
      <div aria-hidden="true">{children}</div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.heading}</th>
              {row.cells.map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
