"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatEui } from "@/app/(tenant)/t/[slug]/devices/device-format";
import { InvoiceAmount } from "@/components/billing/invoice-amount";
import { InvoiceStatusBadge } from "@/components/billing/invoice-status-badge";
import { periodLabel } from "@/components/billing/periods";
import { DailyUsageChart } from "@/components/charts/daily-usage-chart";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { formatGbp, invoiceAmount } from "@/domain/billing";
import { useTRPC } from "@/trpc/react";

/** The tenant's use of the network on its console page: plan and estimate, traffic, devices, invoices. */
export function TenantUsage({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.tenants.overview.queryOptions({ tenantId }));
  if (overview.isPending) return <LoadingRows rows={4} label="Loading the tenant's devices, traffic and invoices" />;
  if (overview.error) return <ErrorNotice error={overview.error} title="Couldn't load the tenant's usage" />;
  const { devices, dailyUsage, account, estimate, invoices } = overview.data;

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-2">
      <Card title="Plan and this month">
        {!account?.planId ? (
          <EmptyState title="Not on a plan yet">Billing staff assign a plan under Billing → Accounts; its traffic is metered meanwhile but not invoiced.</EmptyState>
        ) : (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-slate-500">Billing plan</dt>
            <dd>
              {account.planName} {account.planKind === "internal" && <span className="text-slate-500">(internal: cross-charged, never invoiced)</span>}
            </dd>
            <dt className="text-slate-500">Pays by</dt>
            <dd>{account.planKind === "internal" ? "Cross-charge" : account.paymentMethod === "stripe" ? "Card or Direct Debit (Stripe)" : `Invoice, ${account.paymentTermsDays} days`}</dd>
            <dt className="text-slate-500">Dunning</dt>
            <dd>
              <StatusBadge status={account.dunning.status} />
            </dd>
            {estimate && (
              <>
                <dt className="text-slate-500">So far this month</dt>
                <dd data-testid="tenant-estimate">
                  {formatGbp(estimate.internal ? estimate.notionalTotalPence : estimate.totalPence)}
                  {estimate.internal && <span className="text-slate-500"> notional</span>}{" "}
                  <span className="text-slate-500">
                    ({estimate.usage.activeDevices} active {estimate.usage.activeDevices === 1 ? "device" : "devices"}; about{" "}
                    {formatGbp(estimate.internal ? estimate.projectedNotionalTotalPence : estimate.projectedTotalPence)} by the month&apos;s end)
                  </span>
                </dd>
              </>
            )}
          </dl>
        )}
      </Card>

      <Card title="Traffic, last 30 days">
        {dailyUsage.length === 0 ? (
          <EmptyState title="No traffic in the last 30 days">Uplinks appear here once the tenant&apos;s registered devices are heard by the network.</EmptyState>
        ) : (
          <DailyUsageChart title="Uplinks and credits per day" data={dailyUsage} height={200} />
        )}
      </Card>

      <Card title={`Devices (${devices.total})`}>
        {devices.total === 0 ? (
          <EmptyState title="No devices registered yet">The tenant&apos;s admins register devices in their portal, one at a time or from a CSV file.</EmptyState>
        ) : (
          <>
            <DataTable caption="Most recently heard devices" columns={[{ label: "Name" }, { label: "DevEUI" }, { label: "Profile" }, { label: "Last heard" }]}>
              {devices.rows.map((d) => (
                <tr key={d.id}>
                  <td className="py-2 pr-4">{d.name}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{formatEui(d.devEui)}</td>
                  <td className="py-2 pr-4">{d.profileName ?? <span className="text-slate-400">No profile</span>}</td>
                  <td className="py-2"><RelativeTime date={d.lastSeenAt ? new Date(d.lastSeenAt) : null} fallback="Never" /></td>
                </tr>
              ))}
            </DataTable>
            {devices.total > devices.rows.length && <p className="mt-2 text-xs text-slate-500">The {devices.rows.length} most recently heard of {devices.total}.</p>}
          </>
        )}
      </Card>

      <Card title="Invoices" actions={invoices.total > 0 ? <Link href="/billing/invoices" className="text-sm text-teal-700 hover:underline">All invoices</Link> : undefined}>
        {invoices.total === 0 ? (
          <EmptyState title="No invoices yet">Invoices are issued when billing staff close a month for tenants on a plan.</EmptyState>
        ) : (
          <DataTable caption="Latest invoices" columns={[{ label: "Number" }, { label: "Month" }, { label: "Total", numeric: true }, { label: "Status" }]}>
            {invoices.rows.map((i) => (
              <tr key={i.id}>
                <td className="py-2 pr-4">
                  <Link href={`/billing/invoices/${i.tenantId}/${i.id}`} className="font-mono font-medium text-teal-800 hover:underline">
                    {i.number}
                  </Link>
                </td>
                <td className="py-2 pr-4">{periodLabel(new Date(i.periodStart))}</td>
                <td className="py-2 pr-4 text-right tabular-nums">
                  <InvoiceAmount amount={invoiceAmount(i)} />
                </td>
                <td className="py-2">
                  <InvoiceStatusBadge status={i.status} dueAt={i.dueAt} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
