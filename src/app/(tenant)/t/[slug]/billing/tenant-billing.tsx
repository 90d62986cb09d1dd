"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import { BillingModeBanner } from "@/components/billing/billing-mode-banner";
import { num } from "@/components/billing/numbers";
import { errorCode, retryUnlessRefused } from "@/components/billing/retry";
import { currentPeriod, periodLabel } from "@/components/billing/periods";
import { DailyUsageChart, type DailyUsage } from "@/components/charts/daily-usage-chart";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { formatCount, formatGbp } from "@/domain/billing";
import { basisPointsToPercent } from "@/domain/billing/decimal-input";
import { hasTenantRole } from "@/domain/tenancy/roles";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { BudgetCard } from "./budget-card";
import { NoBillingAccess } from "./no-billing-access";
import { PaymentMethodCard } from "./payment-method-card";
import { TenantInvoicesCard } from "./tenant-invoices-card";

const DAY_MS = 86_400_000;
const asOfFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export function TenantBilling({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const allowed = me.data ? hasTenantRole(me.data.role, "admin") : false;
  const overview = useQuery({ ...trpc.billing.overview.queryOptions(), enabled: allowed, retry: retryUnlessRefused });

  const daily: DailyUsage[] = useMemo(() => {
    const rows = new Map((overview.data?.dailyUsage ?? []).map((d) => [new Date(d.day).getTime(), d]));
    const start = currentPeriod().start.getTime();
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const days: DailyUsage[] = [];
    for (let t = start; t <= today; t += DAY_MS) {
      const row = rows.get(t);
      days.push({ day: new Date(t), uplinks: num(row?.uplinks), credits: num(row?.credits) });
    }
    return days;
  }, [overview.data]);

  const header = <PageHeader title="Billing" description="Your plan, what this month costs so far, your invoices and how you pay." />;
  if (me.isPending || (allowed && overview.isPending)) {
    return (
      <>
        {header}
        <LoadingRows rows={5} label="Loading billing" />
      </>
    );
  }
  const forbidden = errorCode(overview.error) === "FORBIDDEN";
  if (me.error || !allowed || forbidden) {
    return (
      <>
        {header}
        {me.error ? <ErrorNotice error={me.error} title="Couldn't load your organisation" /> : <NoBillingAccess slug={slug} role={me.data?.role} />}
      </>
    );
  }
  if (overview.error) {
    return (
      <>
        {header}
        <ErrorNotice error={overview.error} title="Couldn't load billing" />
      </>
    );
  }

  const { stripeMode, account, estimate } = overview.data!;
  const role = me.data!.role;
  const isOwner = role === "owner";
  const hasPlan = Boolean(account?.planId && estimate);

  return (
    <>
      {header}
      <BillingModeBanner stripeMode={stripeMode} audience="tenant" />
      {!hasPlan || !estimate || !account ? (
        <div className="space-y-6">
          <EmptyState title="No billing plan yet">
            The council&apos;s billing team hasn&apos;t put {me.data!.name} on a plan yet, so nothing is being charged. Once they do, your charges so far, budget and invoices appear here.
          </EmptyState>
          <TenantInvoicesCard slug={slug} />
        </div>
      ) : (
        <div className="space-y-6">
          <ThisMonth estimate={estimate} />
          <Card title={`Daily usage, ${periodLabel(currentPeriod())}`}>
            <DailyUsageChart title={`Uplinks and credits per day in ${periodLabel(currentPeriod())}`} data={daily} />
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <PlanCard planName={account.planName ?? estimate.planVersion.name} estimate={estimate} />
            <BudgetCard capPence={account.budgetCapPence} spendPence={estimate.internal ? estimate.notionalTotalPence : estimate.totalPence} internal={estimate.internal} />
          </div>
          <TenantInvoicesCard slug={slug} />
          <PaymentMethodCard stripeMode={stripeMode} isOwner={isOwner} account={account} internal={estimate.internal} />
        </div>
      )}
    </>
  );
}

type Estimate = NonNullable<inferRouterOutputs<AppRouter>["billing"]["overview"]["estimate"]>;

function ThisMonth({ estimate }: { estimate: Estimate }) {
  const internal = estimate.internal;
  const { usage } = estimate;
  const credits = num(usage.credits);
  const allowance = num(usage.allowanceCredits);
  const used = allowance > 0 ? Math.min(100, Math.round((credits / allowance) * 100)) : credits > 0 ? 100 : 0;
  return (
    <section aria-labelledby="this-month">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="this-month" className="text-lg font-semibold text-slate-900">
          This month so far
        </h2>
        <p className="text-xs text-slate-500">
          Estimate as of {asOfFormat.format(new Date(estimate.asOf))}, {estimate.elapsedHours} of {estimate.hoursInPeriod} hours of {periodLabel(currentPeriod())}. The invoice is issued after the month ends.
        </p>
      </div>
      <StatGrid>
        <StatCard
          label={internal ? "Notional cost to date" : "Estimate to date"}
          value={formatGbp(internal ? estimate.notionalTotalPence : estimate.totalPence)}
          detail={internal ? "Cross-charged, nothing to pay · VAT included" : "VAT included"}
        />
        <StatCard
          label="Projected for the month"
          value={formatGbp(internal ? estimate.projectedNotionalTotalPence : estimate.projectedTotalPence)}
          detail="If usage carries on at the same rate"
        />
        <StatCard label="Active devices" value={formatCount(usage.activeDevices)} detail="Sent at least one uplink this month" />
        <StatCard
          label="Credits used"
          value={formatCount(credits)}
          tone={num(usage.overageCredits) > 0 ? "warn" : "default"}
          detail={
            <>
              of {formatCount(allowance)} included ({used}%)
              <span aria-hidden className="mt-1 block h-1.5 w-full overflow-hidden rounded bg-slate-100">
                <span className={`block h-full ${num(usage.overageCredits) > 0 ? "bg-amber-500" : "bg-teal-600"}`} style={{ width: `${used}%` }} />
              </span>
              {num(usage.overageCredits) > 0 ? `${formatCount(num(usage.overageCredits))} credits above the allowance so far` : "No usage charge so far"}
            </>
          }
        />
      </StatGrid>
      {estimate.lines.length > 0 && (
        <Card title="Charges so far">
          <DataTable
            caption="Charges so far this month"
            columns={[{ label: "Line" }, { label: "Amount", numeric: true }]}
            scrollable={false}
            foot={
              <tfoot>
                <tr className="border-t border-slate-200">
                  <th scope="row" className="py-1 pr-4 text-right font-medium text-slate-600">VAT at {basisPointsToPercent(estimate.planVersion.vatRateBasisPoints)}%</th>
                  <td className="py-1 text-right tabular-nums">{formatGbp(estimate.notional.vatPence)}</td>
                </tr>
                <tr>
                  <th scope="row" className="py-1 pr-4 text-right font-semibold">{internal ? "Notional total (nothing to pay)" : "Total so far"}</th>
                  <td className="py-1 text-right font-semibold tabular-nums">{formatGbp(estimate.notional.totalPence)}</td>
                </tr>
              </tfoot>
            }
          >
            {estimate.lines.map((l) => (
              <tr key={l.code}>
                <td className="py-2 pr-4">{l.description}</td>
                <td className="py-2 text-right tabular-nums">{formatGbp(l.amountPence)}</td>
              </tr>
            ))}
          </DataTable>
        </Card>
      )}
    </section>
  );
}

function PlanCard({ planName, estimate }: { planName: string; estimate: Estimate }) {
  const v = estimate.planVersion;
  return (
    <Card title={<span className="flex items-center gap-2">Your plan: {planName} {v.kind === "internal" && <Badge tone="blue">internal</Badge>}</span>}>
      <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600">Fee per active device, per month</dt>
        <dd className="text-right tabular-nums">{formatGbp(v.deviceMonthlyFeePence)}</dd>
        <dt className="text-slate-600">Credits included per active device</dt>
        <dd className="text-right tabular-nums">{formatCount(v.allowanceCreditsPerDevice)}</dd>
        <dt className="text-slate-600">Price per 1,000 credits above the allowance</dt>
        <dd className="text-right tabular-nums">{formatGbp(v.pricePer1000CreditsPence)}</dd>
        <dt className="text-slate-600">Minimum monthly charge</dt>
        <dd className="text-right tabular-nums">{v.minimumMonthlyChargePence ? formatGbp(v.minimumMonthlyChargePence) : "None"}</dd>
        <dt className="text-slate-600">VAT</dt>
        <dd className="text-right tabular-nums">{basisPointsToPercent(v.vatRateBasisPoints)}%</dd>
      </dl>
      <p className="mt-4 text-xs text-slate-500">
        A device counts as active in a month once it sends an uplink; the allowance is pooled across your active devices. Each message uses credits according to its size.
        {v.kind === "internal" && " As a council department you are not charged: statements show the notional cost for cross-charging."}
      </p>
    </Card>
  );
}
