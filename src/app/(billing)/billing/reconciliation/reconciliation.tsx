"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState } from "react";
import { InvoiceAmount } from "@/components/billing/invoice-amount";
import { currentPeriod, lastPeriod, periodKey, periodLabelForKey, periodOptions, periodsBackFrom } from "@/components/billing/periods";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { formatCount, formatGbp } from "@/domain/billing";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Result = inferRouterOutputs<AppRouter>["incomeReports"]["reconcile"][number];

const lineLabels: Record<string, string> = { device_fee: "Device fees", overage: "Usage above allowance", minimum_charge_top_up: "Minimum charge top-up", late_usage: "Late usage" };
const totalLabels: Record<string, string> = { subtotalPence: "Subtotal", vatPence: "VAT", totalPence: "Total", notionalTotalPence: "Notional total (cross-charge)" };
const usageLabels: Record<string, string> = { activeDevices: "Active devices", uplinks: "Uplinks", credits: "Credits", payloadBytes: "Payload bytes", allowanceCredits: "Allowance (credits)", overageCredits: "Credits above allowance" };
const credits = (n: number) => `${formatCount(n)} ${n === 1 ? "credit" : "credits"}`;
const signed = (n: number, format: (n: number) => string) => (n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : format(0));

export function Reconciliation() {
  const trpc = useTRPC();
  const options = useMemo(() => periodOptions(periodsBackFrom(currentPeriod(), 13)), []);
  // Last month: the latest one with invoices (the current month is invoiced once it is over).
  const [period, setPeriod] = useState(() => periodKey(lastPeriod()));
  const report = useQuery({ ...trpc.incomeReports.reconcile.queryOptions({ period }), placeholderData: keepPreviousData });
  const differing = report.data?.filter((r) => r.outcome === "differs").length ?? 0;
  const settled = report.data?.filter((r) => r.outcome === "settled").length ?? 0;

  return (
    <>
      <PageHeader title="Reconciliation" description="Checks each invoice of a month against an independent recomputation." />
      <Card className="mb-6">
        <div className="grid gap-4 md:grid-cols-[minmax(0,18rem)_1fr] md:items-start">
          <SelectField label="Month" options={options} value={period} onChange={(e) => setPeriod(e.target.value)} />
          <p className="text-sm text-slate-600">
            Invoices are priced from the hourly usage rollups that ingestion keeps up to date. This check recomputes every invoice of the month from the raw uplinks and joins themselves —
            credits from each message&apos;s payload size, active devices from their timestamps — independently of those rollups, prices them with the same plan version, and lists every line,
            total and usage figure that differs. Differences in pence are shown as recomputed minus billed: a positive number means the invoice was under-billed. Usage that arrived after
            a month was invoiced is billed as a late-usage line on the next invoice; once every late credit is on one, the month reads “Settled” and names that invoice.
          </p>
        </div>
      </Card>

      <div aria-live="polite" aria-busy={report.isFetching}>
        <ErrorNotice error={report.error} title="Couldn't run the reconciliation" />
        {report.isPending ? (
          <LoadingRows rows={4} label={`Recomputing the invoices of ${periodLabelForKey(period)}`} />
        ) : report.data && report.data.length === 0 ? (
          <EmptyState title={`No invoices for ${periodLabelForKey(period)}`}>Invoices exist once a month is closed on the dashboard; choose an earlier month.</EmptyState>
        ) : (
          report.data && (
            <>
              <p className={`mb-4 text-sm font-medium ${differing ? "text-red-800" : "text-emerald-800"}`} role="status">
                {report.isFetching ? "Recomputing… " : ""}
                {report.data.length} {report.data.length === 1 ? "invoice" : "invoices"} checked for {periodLabelForKey(period)}: {report.data.length - differing - settled}{" "}
                {report.data.length - differing - settled === 1 ? "matches" : "match"}
                {settled ? `, ${settled} settled by late-usage lines` : ""}
                {differing ? `, ${differing} ${differing === 1 ? "differs" : "differ"}` : ""}.
              </p>
              <Card>
                <DataTable
                  caption="Billed and recomputed totals per invoice"
                  columns={[{ label: "Invoice" }, { label: "Tenant" }, { label: "Billed", numeric: true }, { label: "Recomputed", numeric: true }, { label: "Result" }, { label: "Differences" }]}
                >
                  {report.data.map((r) => (
                    <tr key={r.invoiceId} className={r.outcome === "differs" ? "align-top bg-red-50/60" : "align-top"}>
                      <td className="py-2 pr-4">
                        <Link href={`/billing/invoices/${r.tenantId}/${r.invoiceId}`} className="font-mono font-medium text-teal-800 hover:underline">
                          {r.number}
                        </Link>
                      </td>
                      <td className="py-2 pr-4">{r.tenantName}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">
                        <InvoiceAmount amount={r.billed} />
                      </td>
                      <td className="py-2 pr-4 text-right tabular-nums">
                        <InvoiceAmount amount={r.recomputed} />
                      </td>
                      <td className="py-2 pr-4">
                        {r.outcome === "matches" ? <Badge tone="green">Matches</Badge> : r.outcome === "settled" ? <Badge tone="blue">Settled</Badge> : <Badge tone="red">Differs</Badge>}
                      </td>
                      <td className="py-2">
                        {r.outcome === "matches" ? <span className="text-slate-500">None</span> : r.outcome === "settled" ? <LateUsageNote result={r} /> : <Differences result={r} />}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              </Card>
            </>
          )
        )}
      </div>
    </>
  );
}

/** Where an invoiced month's late usage was billed: "settled on invoice LR-…", or what is still to carry. */
function LateUsageNote({ result }: { result: Result }) {
  const { lateUsage, lateUsageLines } = result;
  if (!lateUsage) return null;
  const carried = lateUsageLines.reduce((sum, l) => sum + l.credits, 0);
  return (
    <p className="text-xs" data-testid={`late-usage-${result.number}`}>
      {lateUsage.status === "settled" ? "Late usage settled on " : `${credits(lateUsage.outstandingCredits)} of late usage ${lateUsage.outstandingCredits === 1 ? "is" : "are"} not on an invoice yet; the next invoice carries ${lateUsage.outstandingCredits === 1 ? "it" : "them"}. `}
      {lateUsageLines.length > 0 && (
        <>
          {lateUsage.status === "settled" ? "" : `${credits(carried)} already carried by `}
          {lateUsageLines.map((l, i) => (
            <span key={l.settledPeriodKey}>
              {i > 0 && ", "}
              {l.invoiceId && l.invoiceNumber ? (
                <Link href={`/billing/invoices/${result.tenantId}/${l.invoiceId}`} className="font-mono font-medium text-teal-800 hover:underline">
                  invoice {l.invoiceNumber}
                </Link>
              ) : (
                `Stripe's ${periodLabelForKey(l.settledPeriodKey)} invoice (being drafted)`
              )}{" "}
              ({credits(l.credits)}, {formatGbp(l.amountPence)})
            </span>
          ))}
          .
        </>
      )}
    </p>
  );
}

function Differences({ result }: { result: Result }) {
  const { comparison, stripe } = result;
  return (
    <div className="space-y-3 text-xs">
      <LateUsageNote result={result} />
      {comparison.planVersion && (
        <p>
          Priced with a different plan version: billed {comparison.planVersion.billed}, recomputed {comparison.planVersion.recomputed}.
        </p>
      )}
      {comparison.lines.length > 0 && (
        <table className="w-full">
          <caption className="text-left font-semibold text-slate-700">Lines</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="pr-3 text-left font-medium">Line</th>
              <th scope="col" className="pr-3 text-right font-medium">Billed</th>
              <th scope="col" className="pr-3 text-right font-medium">Recomputed</th>
              <th scope="col" className="text-right font-medium">Difference</th>
            </tr>
          </thead>
          <tbody>
            {comparison.lines.map((l) => (
              <tr key={`${l.code}:${l.usagePeriod ?? ""}`}>
                <th scope="row" className="pr-3 text-left font-normal">
                  {lineLabels[l.code] ?? l.code}
                  {l.usagePeriod ? ` (${periodLabelForKey(l.usagePeriod)})` : ""}
                </th>
                <td className="pr-3 text-right tabular-nums">{l.billed ? `${formatCount(l.billed.quantity)} → ${formatGbp(l.billed.amountPence)}` : "missing"}</td>
                <td className="pr-3 text-right tabular-nums">{l.recomputed ? `${formatCount(l.recomputed.quantity)} → ${formatGbp(l.recomputed.amountPence)}` : "missing"}</td>
                <td className="text-right tabular-nums">{signed(l.differencePence, formatGbp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {comparison.totals.length > 0 && <ValueTable caption="Totals" rows={comparison.totals} labels={totalLabels} format={formatGbp} />}
      {comparison.usage.length > 0 && <ValueTable caption="Usage" rows={comparison.usage} labels={usageLabels} format={formatCount} />}
      {stripe && stripe.reportedOverageCredits !== stripe.expectedOverageCredits && (
        <p>
          Stripe&apos;s meter holds {formatCount(stripe.reportedOverageCredits)} credits above allowance for the month; the invoice bills {formatCount(stripe.expectedOverageCredits)}.
        </p>
      )}
    </div>
  );
}

function ValueTable({ caption, rows, labels, format }: { caption: string; rows: ReadonlyArray<{ field: string; billed: number; recomputed: number; difference: number }>; labels: Record<string, string>; format(n: number): string }) {
  return (
    <table className="w-full">
      <caption className="text-left font-semibold text-slate-700">{caption}</caption>
      <thead className="text-slate-500">
        <tr>
          <th scope="col" className="pr-3 text-left font-medium">Figure</th>
          <th scope="col" className="pr-3 text-right font-medium">Billed</th>
          <th scope="col" className="pr-3 text-right font-medium">Recomputed</th>
          <th scope="col" className="text-right font-medium">Difference</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field}>
            <th scope="row" className="pr-3 text-left font-normal">{labels[r.field] ?? r.field}</th>
            <td className="pr-3 text-right tabular-nums">{format(r.billed)}</td>
            <td className="pr-3 text-right tabular-nums">{format(r.recomputed)}</td>
            <td className="text-right tabular-nums">{signed(r.difference, format)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
