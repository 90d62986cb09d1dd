"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { downloadTextFile } from "@/components/billing/download-file";
import { lastPeriod, periodKey, periodLabelForKey, periodOptions, periodsBackFrom } from "@/components/billing/periods";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

type Status = { kind: "idle" } | { kind: "busy"; what: string } | { kind: "done"; message: string } | { kind: "error"; error: { message: string } };

/** CSV files for the council's finance system: the invoices of a range of months, or one month's per-device lines. */
export function ExportsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useMemo(() => periodOptions(periodsBackFrom(lastPeriod(), 24)), []);
  const defaultKey = periodKey(lastPeriod());
  const [from, setFrom] = useState(defaultKey);
  const [to, setTo] = useState(defaultKey);
  const [usagePeriod, setUsagePeriod] = useState(defaultKey);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const rangeError = from > to ? "The first month must not be after the last month." : undefined;

  async function run(what: string, fetchCsv: () => Promise<{ filename: string; csv: string }>) {
    setStatus({ kind: "busy", what });
    try {
      const { filename, csv } = await fetchCsv();
      downloadTextFile(filename, csv);
      const rows = Math.max(0, csv.split("\r\n").filter(Boolean).length - 1);
      setStatus({ kind: "done", message: `${filename} saved: ${rows} ${rows === 1 ? "row" : "rows"} of ${what}.` });
    } catch (error) {
      setStatus({ kind: "error", error: error as { message: string } });
    }
  }

  const busy = status.kind === "busy";
  return (
    <Card title="Exports for finance">
      <div className="space-y-6">
        <form
          className="space-y-3"
          aria-labelledby="export-invoices-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (rangeError) return;
            void run("invoices", () => queryClient.fetchQuery({ ...trpc.incomeReports.exportInvoices.queryOptions({ from, to }), staleTime: 0 }));
          }}
        >
          <h3 id="export-invoices-title" className="text-sm font-semibold text-slate-900">
            Invoices (sales ledger)
          </h3>
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="From month" options={options} value={from} onChange={(e) => setFrom(e.target.value)} error={rangeError} />
            <SelectField label="To month" options={options} value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <Button type="submit" variant="secondary" busy={busy && status.what === "invoices"} disabled={busy || Boolean(rangeError)}>
            Download invoices CSV
          </Button>
        </form>

        <form
          className="space-y-3 border-t border-slate-100 pt-4"
          aria-labelledby="export-usage-title"
          onSubmit={(e) => {
            e.preventDefault();
            void run("device usage lines", () => queryClient.fetchQuery({ ...trpc.incomeReports.exportDeviceUsage.queryOptions({ period: usagePeriod }), staleTime: 0 }));
          }}
        >
          <h3 id="export-usage-title" className="text-sm font-semibold text-slate-900">
            Device usage lines
          </h3>
          <SelectField label="Month" options={options} value={usagePeriod} onChange={(e) => setUsagePeriod(e.target.value)} hint={`What each device sent and paid, behind the invoices for ${periodLabelForKey(usagePeriod)}.`} />
          <Button type="submit" variant="secondary" busy={busy && status.what === "device usage lines"} disabled={busy}>
            Download device usage CSV
          </Button>
        </form>

        <div aria-live="polite">
          {status.kind === "busy" && <p className="text-sm text-slate-600">Preparing the {status.what} export…</p>}
          {status.kind === "done" && <p className="text-sm text-emerald-800">{status.message}</p>}
          {status.kind === "error" && <ErrorNotice error={status.error} title="Couldn't export" />}
        </div>
      </div>
    </Card>
  );
}
