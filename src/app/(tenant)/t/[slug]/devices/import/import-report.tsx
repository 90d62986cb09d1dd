import type { DeviceImportRowReport } from "@/domain/devices";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";

/** A 5,000-row table is slow to draw and to read; problems come first, so they are always among those shown. */
const MAX_SHOWN = 1_000;

/** Each row's verdict; rows with problems first, so they are seen. */
export function ImportReport({ rows, onlyProblems }: { rows: readonly DeviceImportRowReport[]; onlyProblems: boolean }) {
  const sorted = onlyProblems ? rows.filter((r) => !r.ok) : [...rows].sort((a, b) => Number(a.ok) - Number(b.ok) || a.row - b.row);
  const shown = sorted.slice(0, MAX_SHOWN);
  return (
    <div className="max-h-[32rem] overflow-auto">
      {sorted.length > shown.length && (
        <p className="mb-2 text-xs text-slate-500">
          Showing the first {MAX_SHOWN.toLocaleString("en-GB")} of {sorted.length.toLocaleString("en-GB")} rows, problems first.
        </p>
      )}
      <DataTable
        caption="Import check, one line per row of the file"
        columns={[{ label: "Row" }, { label: "Name" }, { label: "DevEUI" }, { label: "Activation" }, { label: "Result" }]}
        scrollable={false}
        stickyHeader
      >
        {shown.map((r) => (
          <tr key={r.row} className="align-top">
            <th scope="row" className="py-2 pr-4 font-normal tabular-nums">{r.row}</th>
            <td className="py-2 pr-4">{r.name || <span className="text-slate-400">(none)</span>}</td>
            <td className="py-2 pr-4 font-mono text-xs">{r.devEui || <span className="text-slate-400">(none)</span>}</td>
            <td className="py-2 pr-4 uppercase">{r.activation || "—"}</td>
            <td className="py-2">
              {r.ok ? (
                <Badge tone="green">ready</Badge>
              ) : (
                <ul className="space-y-0.5 text-red-800">
                  {r.errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
