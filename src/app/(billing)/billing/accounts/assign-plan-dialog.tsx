"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export type AccountRow = inferRouterOutputs<AppRouter>["billingAccounts"]["list"]["rows"][number];

const methodOptions = [
  { value: "invoice", label: "Invoice + PO — paid by bank transfer" },
  { value: "stripe", label: "Stripe — card or Direct Debit" },
];

/** Puts a tenant on a plan with its payment route; the change is audited and shows on the next invoice. */
export function AssignPlanDialog({ account, onClose, onAssigned }: { account: AccountRow; onClose(): void; onAssigned(message: string): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plans = useQuery(trpc.plans.list.queryOptions());
  const [method, setMethod] = useState<"stripe" | "invoice">((account.paymentMethod as "stripe" | "invoice" | null) ?? "invoice");
  const [termsError, setTermsError] = useState<string>();
  const [planError, setPlanError] = useState<string>();
  const assign = useMutation(
    trpc.billingAccounts.assignPlan.mutationOptions({
      onSuccess(_r, input) {
        void queryClient.invalidateQueries({ queryKey: trpc.billingAccounts.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey() });
        const planName = plans.data?.find((p) => p.id === input.planId)?.name ?? "the plan";
        onAssigned(`${account.name} is now on ${planName}, paying by ${input.paymentMethod === "stripe" ? "card or Direct Debit through Stripe" : "invoice"}.`);
      },
    }),
  );
  const server = fieldErrorsOf(assign.error);
  const available = (plans.data ?? []).filter((p) => !p.archived || p.id === account.planId);
  const planOptions = [{ value: "", label: available.length ? "Choose a plan" : "No plans yet — create one under Plans" }, ...available.map((p) => ({ value: p.id, label: `${p.name} (${p.kind})` }))];

  return (
    <Dialog open title={`${account.planId ? "Change plan" : "Assign a plan"} for ${account.name}`} description="Every invoice issued from now on uses this plan, including months not closed yet; invoices already issued keep their plan and prices." onClose={onClose}>
      {plans.isPending ? (
        <p role="status" className="text-sm text-slate-600">Loading plans…</p>
      ) : (
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const planId = String(form.get("planId") ?? "");
            const termsText = String(form.get("paymentTermsDays") ?? "").trim();
            const terms = /^\d+$/.test(termsText) ? Number(termsText) : NaN;
            const badTerms = Number.isNaN(terms) || terms > 120 ? "Enter payment terms as whole days, from 0 to 120." : undefined;
            setPlanError(planId ? undefined : "Choose a plan.");
            setTermsError(badTerms);
            if (!planId || badTerms) return;
            assign.mutate({ tenantId: account.tenantId, planId, paymentMethod: method, poNumber: String(form.get("poNumber") ?? "").trim() || null, paymentTermsDays: terms });
          }}
        >
          <ErrorNotice error={plans.error} title="Couldn't load plans" />
          {Object.keys(server).length === 0 && <ErrorNotice error={assign.error} title="Couldn't assign the plan" />}
          <SelectField label="Plan" name="planId" options={planOptions} defaultValue={account.planId ?? ""} error={planError ?? server.planId} autoFocus />
          <SelectField
            label="Payment method"
            name="paymentMethod"
            options={methodOptions}
            value={method}
            onChange={(e) => setMethod(e.target.value as "stripe" | "invoice")}
            error={server.paymentMethod}
            hint={method === "stripe" ? "The tenant's owner saves a card or Direct Debit mandate from their billing page (Stripe mode only)." : "Invoices are issued here each month and paid by bank transfer quoting the invoice number."}
          />
          <TextField label="PO number" name="poNumber" maxLength={40} defaultValue={account.poNumber ?? ""} hint="Optional; printed on every invoice." error={server.poNumber} />
          <TextField label="Payment terms (days)" name="paymentTermsDays" inputMode="numeric" defaultValue={account.paymentTermsDays ?? 30} hint="Days from issue until an invoice is due." error={termsError ?? server.paymentTermsDays} />
          <div className="flex justify-end gap-2 pt-2">
            <Button type="button" variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" busy={assign.isPending}>
              {account.planId ? "Save changes" : "Assign plan"}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
