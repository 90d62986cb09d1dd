"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { formatGbp } from "@/domain/billing";
import { parsePoundsToPence, penceToPoundsInput } from "@/domain/billing/decimal-input";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

/** A monthly spending cap: alerts only, it never stops devices. */
export function BudgetCard({ capPence, spendPence, internal }: { capPence: number | null; spendPence: number; internal: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [inputError, setInputError] = useState<string>();
  const [message, setMessage] = useState<string | null>(null);
  const setBudget = useMutation(
    trpc.billing.setBudget.mutationOptions({
      onSuccess(_r, input) {
        setEditing(false);
        setMessage(input.capPence === null ? "Budget removed; no alerts will be sent." : `Budget set to ${formatGbp(input.capPence)} a month.`);
        void queryClient.invalidateQueries({ queryKey: trpc.billing.overview.queryKey() });
      },
    }),
  );
  const server = fieldErrorsOf(setBudget.error);
  const percent = capPence ? Math.round((spendPence * 100) / capPence) : 0;

  return (
    <Card title="Monthly budget">
      <div className="space-y-4">
        {capPence ? (
          <div>
            <p className="text-sm text-slate-600">
              Budget <strong className="text-2xl font-semibold text-slate-900 tabular-nums">{formatGbp(capPence)}</strong> a month
            </p>
            <p className="mt-1 text-sm text-slate-600">
              {formatGbp(spendPence)} {internal ? "notional cost" : "spent"} so far this month — {percent}% of the budget.
            </p>
            <div aria-hidden className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-100">
              <div className={`h-full ${percent >= 100 ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-teal-600"}`} style={{ width: `${Math.min(100, percent)}%` }} />
            </div>
          </div>
        ) : (
          <p className="text-sm text-slate-600">No budget set.</p>
        )}
        <p className="text-xs text-slate-500">
          We email your billing contact when this month&apos;s spend reaches 50%, 80% and 100% of the budget (once each per month). A budget never stops your devices or their data.
        </p>
        <div aria-live="polite" className="empty:hidden">
          {message && <SuccessNotice>{message}</SuccessNotice>}
        </div>
        {editing ? (
          <form
            noValidate
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              setMessage(null);
              const parsed = parsePoundsToPence(String(new FormData(e.currentTarget).get("budget") ?? ""), "the budget");
              if (!parsed.ok) return setInputError(parsed.error);
              if (parsed.value < 100) return setInputError("A budget is at least £1.00.");
              setInputError(undefined);
              setBudget.mutate({ capPence: parsed.value });
            }}
          >
            {!server.capPence && <ErrorNotice error={setBudget.error} title="Couldn't save the budget" />}
            <TextField label="Monthly budget (£)" name="budget" inputMode="decimal" placeholder="50.00" autoFocus defaultValue={capPence ? penceToPoundsInput(capPence) : ""} error={inputError ?? server.capPence} hint="VAT included, like your invoices." />
            <div className="flex gap-2">
              <Button type="submit" busy={setBudget.isPending && setBudget.variables?.capPence !== null}>
                Save budget
              </Button>
              <Button type="button" variant="secondary" onClick={() => { setEditing(false); setInputError(undefined); setBudget.reset(); }}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => { setMessage(null); setEditing(true); }}>
              {capPence ? "Change budget" : "Set a budget"}
            </Button>
            {capPence !== null && (
              <Button variant="ghost" busy={setBudget.isPending && setBudget.variables?.capPence === null} onClick={() => { setMessage(null); setBudget.mutate({ capPence: null }); }}>
                Remove budget
              </Button>
            )}
            {!editing && setBudget.error && <ErrorNotice error={setBudget.error} title="Couldn't change the budget" />}
          </div>
        )}
      </div>
    </Card>
  );
}
