"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { errorCode } from "@/components/billing/retry";
import { currentPeriod, periodKey, periodOptions, periodsBackFrom } from "@/components/billing/periods";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { PriceFields, readPrices, type PriceErrors } from "./price-fields";

const kindOptions = [
  { value: "standard", label: "Standard — the tenant is invoiced" },
  { value: "internal", label: "Internal — a council department; cross-charging statement, nothing to pay" },
];

export function CreatePlanForm({ onClose, onCreated }: { onClose(): void; onCreated(name: string): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const months = useMemo(() => {
    const options = periodOptions(periodsBackFrom(currentPeriod(), 13));
    return options.map((o, i) => (i === 0 ? { ...o, label: `${o.label} — this month` } : o));
  }, []);
  const [priceErrors, setPriceErrors] = useState<PriceErrors>({});
  const [nameError, setNameError] = useState<string>();
  const create = useMutation(
    trpc.plans.create.mutationOptions({
      onSuccess(plan) {
        void queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey() });
        onCreated(plan.name);
      },
    }),
  );
  const server = fieldErrorsOf(create.error);
  const conflict = errorCode(create.error) === "CONFLICT";
  const fieldError = Boolean(server.name || server.kind || server.startsFrom || conflict);

  return (
    <Card title="New plan" className="mb-6">
      <form
        noValidate
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const name = String(form.get("name") ?? "").trim();
          const { prices, errors } = readPrices(form);
          const missingName = name.length < 2 ? "Give the plan a name (at least 2 characters)." : undefined;
          setPriceErrors(errors ?? {});
          setNameError(missingName);
          if (!prices || missingName) return;
          create.mutate({ name, kind: form.get("kind") as "standard" | "internal", startsFrom: String(form.get("startsFrom")), prices });
        }}
      >
        <div className="sm:col-span-2" aria-live="polite">
          {!fieldError && <ErrorNotice error={create.error} title="Couldn't create the plan" />}
        </div>
        <TextField label="Plan name" name="name" required autoFocus maxLength={60} error={nameError ?? (conflict ? create.error?.message : server.name)} />
        <SelectField label="Kind" name="kind" options={kindOptions} defaultValue="standard" error={server.kind} />
        <SelectField
          label="Prices start from"
          name="startsFrom"
          options={months}
          defaultValue={periodKey(currentPeriod())}
          error={server.startsFrom}
          hint="Usually this month. An earlier month lets you invoice a period not yet closed for tenants you put on this plan."
        />
        <div className="hidden sm:block" />
        <PriceFields errors={priceErrors} />
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" busy={create.isPending}>
            Create plan
          </Button>
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
