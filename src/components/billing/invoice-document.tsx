"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { formatCount, formatGbp, type RatedLine } from "@/domain/billing";
import { basisPointsToPercent } from "@/domain/billing/decimal-input";
import type { AppRouter } from "@/server/api/root";
import { InvoiceStatusBadge } from "./invoice-status-badge";
import { num } from "./numbers";
import { formatDate, periodLabel } from "./periods";

export type InvoiceDetail = inferRouterOutputs<AppRouter>["invoices"]["get"];

// A late-usage line is one amount (its month re-rated, minus what was billed); its description says how many credits.
const unitPrice = (line: RatedLine) =>
  line.code === "overage" ? `${formatGbp(line.unitAmountPence)} per 1,000 credits` : line.code === "device_fee" ? `${formatGbp(line.unitAmountPence)} per device` : line.code === "late_usage" ? "—" : formatGbp(line.unitAmountPence);
const quantity = (line: RatedLine) =>
  line.code === "overage" ? `${formatCount(line.quantity)} credits` : line.code === "device_fee" ? `${formatCount(line.quantity)} ${line.quantity === 1 ? "device" : "devices"}` : line.code === "late_usage" ? "—" : formatCount(line.quantity);

/**
 * A printable invoice — or, for an internal plan, a cross-charging statement — with every line and the
 * per-device usage behind it, so each penny can be traced to a device's messages. Used by billing staff
 * and by the tenant. Buttons and navigation are hidden when printing (Print / Save as PDF).
 */
export function InvoiceDocument({ invoice, actions, paymentNote }: { invoice: InvoiceDetail; actions?: ReactNode; paymentNote?: ReactNode }) {
  const title = invoice.internal ? "Cross-charging statement" : "Invoice";
  const linesSubtotal = invoice.lines.reduce((sum, l) => sum + l.amountPence, 0);
  const subtotal = invoice.internal ? linesSubtotal : invoice.subtotalPence;
  const vat = invoice.internal ? invoice.notionalTotalPence - linesSubtotal : invoice.vatPence;
  const total = invoice.internal ? invoice.notionalTotalPence : invoice.totalPence;
  const vatRate = basisPointsToPercent(invoice.vatRateBasisPoints);
  const period = { start: new Date(invoice.periodStart), end: new Date(invoice.periodEnd) };
  const deviceTotals = invoice.devices.reduce((t, d) => ({ uplinks: t.uplinks + num(d.uplinks), credits: t.credits + num(d.credits), fee: t.fee + d.feePence }), { uplinks: 0, credits: 0, fee: 0 });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-end gap-2 print:hidden">
        {actions}
        <Button type="button" variant="secondary" onClick={() => window.print()}>
          Print / Save as PDF
        </Button>
      </div>

      <article aria-labelledby="invoice-title" className="rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200 print:p-0 print:shadow-none print:ring-0">
        <header className="flex flex-wrap items-start justify-between gap-6 border-b border-slate-200 pb-6">
          <div>
            <p className="text-sm font-semibold text-teal-800">{invoice.issuer.name}</p>
            <p className="text-sm text-slate-600">{invoice.issuer.service}</p>
            <p className="text-sm text-slate-600">{invoice.issuer.contact}</p>
            {invoice.issuer.vatNumber && <p className="text-sm text-slate-600">VAT registration {invoice.issuer.vatNumber}</p>}
          </div>
          <div className="text-right">
            <h1 id="invoice-title" className="text-2xl font-bold tracking-tight text-slate-900">
              {title}
            </h1>
            <p className="mt-1 font-mono text-base font-semibold text-slate-900" data-testid="invoice-number">
              {invoice.number}
            </p>
            <div className="mt-2">
              <InvoiceStatusBadge status={invoice.status} dueAt={invoice.dueAt} />
            </div>
          </div>
        </header>

        <div className="grid gap-6 border-b border-slate-200 py-6 sm:grid-cols-2">
          <div>
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{invoice.internal ? "Department" : "Bill to"}</h2>
            <p className="mt-1 font-semibold text-slate-900">{invoice.tenantName}</p>
            <p className="text-sm text-slate-600">{invoice.billingEmail}</p>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">{invoice.internal ? "Statement number" : "Invoice number"}</dt>
            <dd className="font-mono">{invoice.number}</dd>
            <dt className="text-slate-500">Period</dt>
            <dd>
              {periodLabel(period)} <span className="text-slate-500">({formatDate(period.start)} – {formatDate(new Date(period.end.getTime() - 1))})</span>
            </dd>
            <dt className="text-slate-500">Issued</dt>
            <dd>{formatDate(invoice.issuedAt)}</dd>
            {!invoice.internal && (
              <>
                <dt className="text-slate-500">Due</dt>
                <dd>{formatDate(invoice.dueAt)}</dd>
              </>
            )}
            <dt className="text-slate-500">PO number</dt>
            <dd data-testid="invoice-po">{invoice.poNumber ?? <span className="text-slate-400">None given</span>}</dd>
            <dt className="text-slate-500">Plan</dt>
            <dd>
              {invoice.planName} <span className="text-slate-500">(prices version {invoice.planVersion})</span>
            </dd>
            {invoice.paidAt && invoice.totalPence > 0 && (
              <>
                <dt className="text-slate-500">Paid</dt>
                <dd>{formatDate(invoice.paidAt)}</dd>
              </>
            )}
          </dl>
        </div>

        <section aria-labelledby="invoice-lines" className="py-6">
          <h2 id="invoice-lines" className="sr-only">
            Charges
          </h2>
          {invoice.internal && (
            <p className="mb-4 rounded-md bg-violet-50 px-4 py-3 text-sm text-violet-900 ring-1 ring-inset ring-violet-200 print:ring-0">
              This statement shows what the service would cost at the plan&apos;s prices, for the council&apos;s internal cross-charging. <strong>Nothing to pay.</strong>
            </p>
          )}
          <DataTable
            caption={`${title} lines`}
            columns={[{ label: "Description" }, { label: "Quantity", numeric: true }, { label: "Unit price", numeric: true }, { label: "Amount", numeric: true }]}
            scrollable={false}
            foot={
              <tfoot className="text-sm">
                <tr className="border-t border-slate-200">
                  <th scope="row" colSpan={3} className="py-2 pr-4 text-right font-medium text-slate-600">
                    {invoice.internal ? "Notional subtotal" : "Subtotal"}
                  </th>
                  <td className="py-2 text-right tabular-nums">{formatGbp(subtotal)}</td>
                </tr>
                <tr>
                  <th scope="row" colSpan={3} className="py-1 pr-4 text-right font-medium text-slate-600">
                    VAT at {vatRate}%
                  </th>
                  <td className="py-1 text-right tabular-nums">{formatGbp(vat)}</td>
                </tr>
                <tr className="border-t border-slate-200 text-base">
                  <th scope="row" colSpan={3} className="py-2 pr-4 text-right font-semibold">
                    {invoice.internal ? "Notional cost" : "Total"}
                  </th>
                  <td className="py-2 text-right font-semibold tabular-nums" data-testid="invoice-total">
                    {formatGbp(total)}
                  </td>
                </tr>
                {invoice.internal && (
                  <tr>
                    <th scope="row" colSpan={3} className="py-1 pr-4 text-right font-semibold">
                      Amount to pay
                    </th>
                    <td className="py-1 text-right font-semibold text-emerald-700">Nothing to pay</td>
                  </tr>
                )}
              </tfoot>
            }
          >
            {invoice.lines.map((line) => (
              <tr key={`${line.code}:${line.usagePeriod ?? ""}`}>
                <td className="py-2 pr-4">{line.description}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{quantity(line)}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{unitPrice(line)}</td>
                <td className="py-2 text-right tabular-nums">{formatGbp(line.amountPence)}</td>
              </tr>
            ))}
          </DataTable>
        </section>

        <section aria-labelledby="invoice-usage" className="border-t border-slate-200 py-6">
          <h2 id="invoice-usage" className="text-base font-semibold text-slate-900">
            Usage by device
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {formatCount(invoice.usage.activeDevices)} active {invoice.usage.activeDevices === 1 ? "device" : "devices"} sent {formatCount(num(invoice.usage.uplinks))} uplinks using{" "}
            {formatCount(num(invoice.usage.credits))} credits; {formatCount(num(invoice.usage.allowanceCredits))} credits were included (pooled allowance)
            {invoice.usage.overageCredits > 0 ? `, so ${formatCount(num(invoice.usage.overageCredits))} were charged as usage above the allowance` : ", so no usage charge applies"}. A device is
            charged its monthly fee only if it sent at least one uplink.
          </p>
          {invoice.devices.length === 0 ? (
            <p className="mt-4 text-sm text-slate-500">No device sent any messages in this period.</p>
          ) : (
            <div className="mt-4">
              <DataTable
                caption={`Usage by device for ${invoice.number}`}
                columns={[{ label: "DevEUI" }, { label: "Device" }, { label: "Uplinks", numeric: true }, { label: "Credits", numeric: true }, { label: "Device fee", numeric: true }]}
                foot={
                  <tfoot>
                    <tr className="border-t border-slate-200 font-medium">
                      <th scope="row" colSpan={2} className="py-2 pr-4 text-right">
                        All devices
                      </th>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatCount(deviceTotals.uplinks)}</td>
                      <td className="py-2 pr-4 text-right tabular-nums">{formatCount(deviceTotals.credits)}</td>
                      <td className="py-2 text-right tabular-nums">{formatGbp(deviceTotals.fee)}</td>
                    </tr>
                  </tfoot>
                }
              >
                {invoice.devices.map((d) => (
                  <tr key={d.deviceId} data-testid={`device-line-${d.devEui}`}>
                    <td className="py-2 pr-4 font-mono text-xs">{d.devEui}</td>
                    <td className="py-2 pr-4">{d.name}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatCount(num(d.uplinks))}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatCount(num(d.credits))}</td>
                    <td className="py-2 text-right tabular-nums">{formatGbp(d.feePence)}</td>
                  </tr>
                ))}
              </DataTable>
            </div>
          )}
        </section>

        {!invoice.internal && (
          <footer className="border-t border-slate-200 pt-6 text-sm text-slate-600">
            {invoice.status === "paid" ? (
              <p>{invoice.totalPence === 0 ? "Nothing was due for this period." : `Paid in full${invoice.paidAt ? ` on ${formatDate(invoice.paidAt)}` : ""}. Thank you.`}</p>
            ) : invoice.status === "open" ? (
              invoice.mode === "stripe" ? (
                <p>This invoice is collected by Stripe from the saved card or Direct Debit mandate.</p>
              ) : (
                <p>
                  Please pay {formatGbp(invoice.totalPence)} by bank transfer by {formatDate(invoice.dueAt)}, quoting <strong className="font-mono">{invoice.number}</strong> as the reference.
                </p>
              )
            ) : (
              <p>This invoice is {invoice.status}.</p>
            )}
            {paymentNote}
          </footer>
        )}
      </article>
    </div>
  );
}
