"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { currentPeriod, firstDayLabel, nextPeriod, periodLabel } from "@/components/billing/periods";
import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { PriceFields, readPrices, type PlanPrices, type PriceErrors } from "./price-fields";

/** A new price version, effective from the start of next month; a pending one (not yet in effect) is replaced. */
export function ChangePricesForm({ planId, planName, current, pendingVersion, onDone }: { planId: string; planName: string; current: PlanPrices; pendingVersion: number | null; onDone(message: string): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<PriceErrors>({});
  const next = nextPeriod(currentPeriod());
  const change = useMutation(
    trpc.plans.changePrices.mutationOptions({
      onSuccess(result) {
        void queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey() });
        onDone(`${planName}: prices version ${result.version} applies from ${firstDayLabel(next)} ${next.start.getUTCFullYear()}.`);
      },
    }),
  );
  return (
    <form
      noValidate
      aria-label={`Change prices of ${planName}`}
      className="mt-4 grid gap-4 rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const { prices, errors: found } = readPrices(new FormData(e.currentTarget));
        setErrors(found ?? {});
        if (prices) change.mutate({ planId, prices });
      }}
    >
      <div className="sm:col-span-2">
        <p className="rounded-md bg-sky-50 px-3 py-2 text-sm font-medium text-sky-900 ring-1 ring-inset ring-sky-200">
          New prices apply from {firstDayLabel(next)} {next.start.getUTCFullYear()} — never to usage already made.
        </p>
        <p className="mt-2 text-xs text-slate-600">
          {periodLabel(currentPeriod())} and earlier months stay at the prices in effect for them.
          {pendingVersion !== null && ` This replaces version ${pendingVersion}, which is waiting to start on the same day.`}
        </p>
      </div>
      <div className="sm:col-span-2" aria-live="polite">
        <ErrorNotice error={change.error} title="Couldn't change the prices" />
      </div>
      <PriceFields defaults={current} errors={errors} />
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" busy={change.isPending}>
          Save new prices
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone("")}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
