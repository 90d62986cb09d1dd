import type { ReactNode } from "react";

export interface DataTableColumn {
  label: string;
  /** Right-aligns the header over a column of figures (its cells add `text-right` themselves). */
  numeric?: boolean;
  /** Shows the label to screen readers only, e.g. "Actions" over a column of buttons. */
  srOnly?: boolean;
}

/** The space between columns; cells in the rows use the same `pr-*` so headers line up with them. */
const columnGaps = { regular: "pr-4", compact: "pr-3" };
const textSizes = { sm: "text-sm", xs: "text-xs" };

/**
 * The app's list table: caption for screen readers, one header row, and the caller's `<tr>` rows as children.
 * Every header but the last gets the column gap. A column only some viewers see is passed as `false`:
 * it still holds the last place, so the header before it keeps its gap, as the cells below that header do.
 */
export function DataTable({
  caption,
  columns,
  busy,
  scrollable = true,
  stickyHeader = false,
  density = "regular",
  textSize = "sm",
  foot,
  children,
}: {
  caption: string;
  columns: readonly (DataTableColumn | false)[];
  /** Sets aria-busy while the rows are being refetched. */
  busy?: boolean;
  /** Scrolls a wide table sideways inside its own box; turn off when a parent already scrolls it. */
  scrollable?: boolean;
  /** Keeps the header in view inside a parent that scrolls vertically. */
  stickyHeader?: boolean;
  density?: keyof typeof columnGaps;
  textSize?: keyof typeof textSizes;
  /** A `<tfoot>` with totals, drawn after the rows. */
  foot?: ReactNode;
  children: ReactNode;
}) {
  const last = columns.length - 1;
  const table = (
    <table className={`w-full text-left ${textSizes[textSize]}`} aria-busy={busy}>
      <caption className="sr-only">{caption}</caption>
      <thead className={`${stickyHeader ? "sticky top-0 bg-white " : ""}border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500`}>
        <tr>
          {columns.map(
            (column, i) =>
              column && (
                <th key={column.label} scope="col" className={["py-2", i < last && columnGaps[density], column.numeric && "text-right"].filter(Boolean).join(" ")}>
                  {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
                </th>
              ),
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
      {foot}
    </table>
  );
  return scrollable ? <div className="overflow-x-auto">{table}</div> : table;
}
