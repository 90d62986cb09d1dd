"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatNumber } from "@/components/billing/numbers";
import { lastPeriod, periodKey, periodOptions, periodsBackFrom } from "@/components/billing/periods";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { formatGbp } from "@/domain/billing";
import { useTRPC } from "@/trpc/react";

/** Which sites earn their keep: a month's net income shared among the gateways that carried the traffic. */
export function RevenueByGatewayCard() {
  const trpc = useTRPC();
  const months = periodOptions(periodsBackFrom(lastPeriod(), 12));
  const [period, setPeriod] = useState(periodKey(lastPeriod()));
  const areas = useQuery(trpc.incomeReports.byGateway.queryOptions({ period }));
  const total = areas.data?.reduce((sum, a) => sum + a.revenuePence, 0) ?? 0;
  return (
    <Card title="Income by gateway area">
      <div className="mb-4 max-w-xs">
        <SelectField label="Month" options={months} value={period} onChange={(e) => setPeriod(e.target.value)} />
      </div>
      <p className="mb-3 text-sm text-slate-600">
        Each invoice's net amount is shared among the gateways that heard the tenant's uplinks, in proportion to what each heard. Internal statements are not income and are left out.
      </p>
      <ErrorNotice error={areas.error} />
      {areas.isPending ? (
        <LoadingRows label="Loading income by gateway" />
      ) : areas.data?.length === 0 ? (
        <EmptyState title="No invoiced traffic for this month">Close the month on this dashboard to issue its invoices first.</EmptyState>
      ) : (
        <DataTable
          caption="Net income attributed to each gateway, highest first"
          columns={[{ label: "Gateway" }, { label: "Location" }, { label: "Receptions", numeric: true }, { label: "Net income", numeric: true }, { label: "Share", numeric: true }]}
        >
          {areas.data?.map((a) => (
            <tr key={a.gatewayEui}>
              <td className="py-2 pr-4">
                {a.name}
                <div className="font-mono text-xs text-slate-500">{a.gatewayEui}</div>
              </td>
              <td className="py-2 pr-4 font-mono text-xs">{a.latitude !== null && a.longitude !== null ? `${a.latitude.toFixed(4)}, ${a.longitude.toFixed(4)}` : "—"}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(a.receptions)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatGbp(a.revenuePence)}</td>
              <td className="py-2 text-right tabular-nums">{total ? `${Math.round((a.revenuePence / total) * 100)}%` : "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
