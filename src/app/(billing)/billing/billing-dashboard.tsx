"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { formatNumber, num } from "@/components/billing/numbers";
import { currentPeriod, formatDate, lastPeriod, periodLabel, periodsBackFrom } from "@/components/billing/periods";
import { IncomeByMonthChart, type MonthlyIncome } from "@/components/charts/income-by-month-chart";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { formatGbp } from "@/domain/billing";
import { useTRPC } from "@/trpc/react";
import { ClosePeriodCard } from "./close-period-card";
import { ExportsCard } from "./exports-card";
import { RevenueByGatewayCard } from "./revenue-by-gateway-card";
import { SuspensionsCard } from "./suspensions-card";


export function BillingDashboard() {
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.incomeReports.dashboard.queryOptions());
  const now = useMemo(() => new Date(), []);
  const last = lastPeriod(now);

  const months: MonthlyIncome[] = useMemo(() => {
    const byStart = new Map((dashboard.data?.byMonth ?? []).map((m) => [new Date(m.periodStart).getTime(), m]));
    return periodsBackFrom(currentPeriod(now), 12)
      .reverse()
      .map((p) => {
        const row = byStart.get(p.start.getTime());
        return { month: p.start, invoicedPence: num(row?.invoicedPence), paidPence: num(row?.paidPence), crossChargePence: num(row?.crossChargePence) };
      });
  }, [dashboard.data, now]);

  if (dashboard.isPending) {
    return (
      <>
        <PageHeader title="Billing dashboard" />
        <LoadingRows rows={6} label="Loading the billing dashboard" />
      </>
    );
  }
  if (dashboard.error) {
    return (
      <>
        <PageHeader title="Billing dashboard" />
        <ErrorNotice error={dashboard.error} title="Couldn't load the billing dashboard" />
      </>
    );
  }

  const { outstanding, traffic } = dashboard.data;
  const lastMonth = months.find((m) => m.month.getTime() === last.start.getTime());

  return (
    <>
      <PageHeader title="Billing dashboard" description="Income, money owed, suspensions waiting for a decision, and each tenant's traffic this month." />
      <StatGrid>
        <StatCard
          label="Invoiced this month"
          value={formatGbp(lastMonth?.invoicedPence ?? 0)}
          detail={`For usage in ${periodLabel(last)} · ${formatGbp(lastMonth?.paidPence ?? 0)} paid so far`}
          href="/billing/invoices"
        />
        <StatCard label="Outstanding" value={formatGbp(outstanding.pence)} detail={`${formatNumber(outstanding.count)} open ${outstanding.count === 1 ? "invoice" : "invoices"}`} href="#aged-debt" />
        <StatCard
          label="Overdue invoices"
          value={outstanding.overdueCount}
          tone={outstanding.overdueCount ? "bad" : "good"}
          detail={outstanding.overdueCount ? `${formatGbp(outstanding.overduePence)} past its due date` : "Nothing past its due date"}
          href="#aged-debt"
        />
        <StatCard label="Cross-charged this month" value={formatGbp(lastMonth?.crossChargePence ?? 0)} detail={`Internal statements for ${periodLabel(last)}; not income`} />
      </StatGrid>

      <div className="grid gap-6">
        <Card title="Income by month">
          <IncomeByMonthChart title={`Invoiced and paid by billing month, ${periodLabel(months[0]!.month)} to ${periodLabel(months.at(-1)!.month)}`} data={months} />
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <ClosePeriodCard />
          <ExportsCard />
        </div>

        <SuspensionsCard />

        <section id="aged-debt" aria-labelledby="aged-debt-title" className="scroll-mt-6 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <header className="border-b border-slate-100 px-5 py-3">
            <h2 id="aged-debt-title" className="text-base font-semibold text-slate-900">
              Outstanding invoices (aged debt)
            </h2>
          </header>
          <div className="p-5">
            {outstanding.count === 0 ? (
              <EmptyState title="Nothing outstanding">Every issued invoice is paid.</EmptyState>
            ) : (
              <>
                <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
                  {outstanding.bands.map((b) => (
                    <div key={b.label} className={`rounded-md px-3 py-2 ring-1 ring-inset ${b.label !== "Not yet due" && b.count ? "bg-red-50 ring-red-200" : "bg-slate-50 ring-slate-200"}`}>
                      <dt className="text-xs text-slate-600">{b.label}</dt>
                      <dd className="font-semibold tabular-nums">{formatGbp(b.pence)}</dd>
                      <dd className="text-xs text-slate-500">
                        {b.count} {b.count === 1 ? "invoice" : "invoices"}
                      </dd>
                    </div>
                  ))}
                </dl>
                <DataTable
                  caption="Open invoices, oldest due date first"
                  columns={[{ label: "Invoice" }, { label: "Tenant" }, { label: "Amount", numeric: true }, { label: "Due" }, { label: "Days overdue" }, { label: "Collection" }]}
                >
                  {outstanding.oldest.map((o) => (
                    <tr key={o.invoiceId} className={o.overdue ? "bg-red-50/60" : undefined}>
                      <td className="py-2 pr-4">
                        <Link href={`/billing/invoices/${o.tenantId}/${o.invoiceId}`} className="font-mono font-medium text-teal-800 hover:underline">
                          {o.number}
                        </Link>
                      </td>
                      <td className="py-2 pr-4">{o.tenantName}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatGbp(o.totalPence)}</td>
                      <td className="py-2 pr-4">{formatDate(o.dueAt)}</td>
                      <td className="py-2 pr-4">{o.overdue ? <Badge tone="red">{o.daysOverdue === 0 ? "due yesterday or today" : `${o.daysOverdue} ${o.daysOverdue === 1 ? "day" : "days"}`}</Badge> : <span className="text-slate-500">Not yet due</span>}</td>
                      <td className="py-2">{o.mode === "stripe" ? "Stripe" : "Bank transfer"}</td>
                    </tr>
                  ))}
                </DataTable>
                {outstanding.count > outstanding.oldest.length && (
                  <p className="mt-3 text-xs text-slate-500">
                    The {outstanding.oldest.length} oldest of {formatNumber(outstanding.count)} open invoices; the totals above cover them all, and{" "}
                    <Link href="/billing/invoices" className="font-medium text-teal-800 hover:underline">Invoices</Link> lists every one.
                  </p>
                )}
              </>
            )}
          </div>
        </section>

        <Card title={`Busiest tenants, ${periodLabel(currentPeriod(now))} so far`}>
          {traffic.tenants === 0 ? (
            <EmptyState title="No tenants yet">Operators onboard tenants in the operator console; put each on a plan under Accounts so its traffic is invoiced.</EmptyState>
          ) : (
            <>
              <DataTable
                caption="Devices and traffic of the busiest tenants this month, busiest first"
                columns={[{ label: "Tenant" }, { label: "Devices registered", numeric: true }, { label: "Active this month", numeric: true }, { label: "Uplinks", numeric: true }, { label: "Credits", numeric: true }]}
              >
                {traffic.busiest.map((t) => (
                  <tr key={t.tenantId}>
                    <td className="py-2 pr-4">{t.tenantName}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(t.registeredDevices)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(t.activeDevices)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(t.uplinks)}</td>
                    <td className="py-2 text-right tabular-nums">{formatNumber(t.credits)}</td>
                  </tr>
                ))}
              </DataTable>
              {traffic.tenants > traffic.busiest.length && (
                <p className="mt-3 text-xs text-slate-500">
                  The {traffic.busiest.length} busiest of {formatNumber(traffic.tenants)} tenants. Every tenant&apos;s devices and usage are in the device usage CSV under Exports for finance once the month is invoiced.
                </p>
              )}
            </>
          )}
        </Card>

        <RevenueByGatewayCard />
      </div>
    </>
  );
}
