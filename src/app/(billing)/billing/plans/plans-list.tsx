"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { currentPeriod, periodLabel } from "@/components/billing/periods";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { formatCount, formatGbp } from "@/domain/billing";
import { basisPointsToPercent } from "@/domain/billing/decimal-input";
import { useTRPC } from "@/trpc/react";
import { ChangePricesForm } from "./change-prices-form";
import { PlanLimits } from "./plan-limits";
import { CreatePlanForm } from "./create-plan-form";

export function PlansList() {
  const trpc = useTRPC();
  const plans = useQuery(trpc.plans.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [changing, setChanging] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const thisPeriodStart = currentPeriod().start.getTime();

  return (
    <>
      <PageHeader
        title="Plans"
        description="Prices are versioned: a change applies from the start of next month, so no invoice ever uses prices that were not in effect for its month."
        actions={!creating && <Button onClick={() => { setMessage(null); setCreating(true); }}>New plan</Button>}
      />
      <div aria-live="polite" className="mb-4 empty:hidden">
        {message && <SuccessNotice>{message}</SuccessNotice>}
      </div>
      {creating && (
        <CreatePlanForm
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            setMessage(`Plan “${name}” created. Assign it to tenants under Accounts.`);
          }}
        />
      )}
      <ErrorNotice error={plans.error} title="Couldn't load plans" />
      {plans.isPending ? (
        <LoadingRows rows={4} label="Loading plans" />
      ) : plans.data?.length === 0 ? (
        <EmptyState title="No plans yet" action={!creating && <Button onClick={() => setCreating(true)}>Create the first plan</Button>}>
          A plan sets the device fee, the included credits and the price of usage above them.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {plans.data?.map((plan) => {
            const inEffect = plan.versions.filter((v) => new Date(v.effectiveFrom).getTime() <= thisPeriodStart).sort((a, b) => new Date(b.effectiveFrom).getTime() - new Date(a.effectiveFrom).getTime() || b.version - a.version)[0];
            const pending = plan.versions.find((v) => new Date(v.effectiveFrom).getTime() > thisPeriodStart);
            const latest = plan.versions[0];
            return (
              <Card
                key={plan.id}
                title={
                  <span className="flex flex-wrap items-center gap-2">
                    {plan.name}
                    <Badge tone={plan.kind === "internal" ? "blue" : "slate"}>{plan.kind}</Badge>
                    {plan.archived && <Badge tone="amber">archived</Badge>}
                  </span>
                }
                actions={
                  changing !== plan.id &&
                  latest && (
                    <Button variant="secondary" onClick={() => { setMessage(null); setChanging(plan.id); }}>
                      Change prices<span className="sr-only"> of {plan.name}</span>
                    </Button>
                  )
                }
              >
                <p className="mb-3 text-sm text-slate-600">
                  {plan.tenantCount === 0 ? "No tenants on this plan." : `${plan.tenantCount} ${plan.tenantCount === 1 ? "tenant" : "tenants"} on this plan.`}
                  {plan.kind === "internal" && " Internal: statements show the notional cost; nothing is charged."}
                </p>
                <PlanLimits planId={plan.id} planName={plan.name} maxDevices={plan.maxDevices} maxGateways={plan.maxGateways} />
                <DataTable
                  caption={`Price versions of ${plan.name}, newest first`}
                  columns={[{ label: "Version" }, { label: "Effective from" }, { label: "Device fee", numeric: true }, { label: "Allowance / device", numeric: true }, { label: "Per 1,000 credits", numeric: true }, { label: "Minimum", numeric: true }, { label: "VAT", numeric: true }, { label: "Grace", numeric: true }, { label: "Auto-suspend" }]}
                  density="compact"
                >
                  {plan.versions.map((v) => (
                    <tr key={v.version} className={v === inEffect ? "bg-teal-50/60" : undefined}>
                      <td className="py-2 pr-3">
                        <span className="font-medium">v{v.version}</span>{" "}
                        {v === inEffect && <Badge tone="green">in effect</Badge>}
                        {v === pending && <Badge tone="blue">pending</Badge>}
                      </td>
                      <td className="py-2 pr-3">{periodLabel(new Date(v.effectiveFrom))}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatGbp(v.deviceMonthlyFeePence)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatCount(v.allowanceCreditsPerDevice)} credits</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatGbp(v.pricePer1000CreditsPence)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{v.minimumMonthlyChargePence ? formatGbp(v.minimumMonthlyChargePence) : "None"}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{basisPointsToPercent(v.vatRateBasisPoints)}%</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{v.paymentGraceDays} days</td>
                      <td className="py-2">{v.autoSuspend ? "Yes" : "No — staff approve"}</td>
                    </tr>
                  ))}
                </DataTable>
                {changing === plan.id && latest && (
                  <ChangePricesForm
                    planId={plan.id}
                    planName={plan.name}
                    current={pending ?? inEffect ?? latest}
                    pendingVersion={pending?.version ?? null}
                    onDone={(done) => {
                      setChanging(null);
                      if (done) setMessage(done);
                    }}
                  />
                )}
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}
