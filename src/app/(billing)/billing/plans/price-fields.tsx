"use client";

import { useId } from "react";
import { TextField } from "@/components/ui/field";
import { basisPointsToPercent, parsePercentToBasisPoints, parsePoundsToPence, penceToPoundsInput } from "@/domain/billing/decimal-input";

export interface PlanPrices {
  vatRateBasisPoints: number;
  deviceMonthlyFeePence: number;
  allowanceCreditsPerDevice: number;
  pricePer1000CreditsPence: number;
  minimumMonthlyChargePence: number;
  paymentGraceDays: number;
  autoSuspend: boolean;
}

export type PriceErrors = Partial<Record<keyof PlanPrices, string>>;

export const DEFAULT_PRICES: Partial<PlanPrices> = { vatRateBasisPoints: 2000, minimumMonthlyChargePence: 0, paymentGraceDays: 14, autoSuspend: false };

function wholeNumber(text: string, label: string, max: number): { ok: true; value: number } | { ok: false; error: string } {
  const trimmed = text.trim().replace(/,/g, "");
  if (trimmed === "") return { ok: false, error: `Enter ${label}.` };
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `Enter ${label} as a whole number, e.g. 10.` };
  const value = Number(trimmed);
  if (value > max) return { ok: false, error: `${label.charAt(0).toUpperCase()}${label.slice(1)} is at most ${max.toLocaleString("en-GB")}.` };
  return { ok: true, value };
}

/**
 * Reads the price fields of a form. Pounds are converted to integer pence from the typed digits (no
 * float arithmetic); every problem is reported against its field.
 */
export function readPrices(form: FormData): { prices: PlanPrices; errors: null } | { prices: null; errors: PriceErrors } {
  const text = (name: string) => String(form.get(name) ?? "");
  const results = {
    deviceMonthlyFeePence: parsePoundsToPence(text("deviceMonthlyFee"), "the device fee"),
    allowanceCreditsPerDevice: wholeNumber(text("allowanceCreditsPerDevice"), "the allowance", 100_000_000),
    pricePer1000CreditsPence: parsePoundsToPence(text("pricePer1000Credits"), "the price per 1,000 credits"),
    minimumMonthlyChargePence: parsePoundsToPence(text("minimumMonthlyCharge"), "the minimum charge"),
    vatRateBasisPoints: parsePercentToBasisPoints(text("vatRate"), "the VAT rate"),
    paymentGraceDays: wholeNumber(text("paymentGraceDays"), "the grace period", 365),
  };
  const errors: PriceErrors = {};
  for (const [key, result] of Object.entries(results)) if (!result.ok) errors[key as keyof PlanPrices] = result.error;
  if (Object.keys(errors).length) return { prices: null, errors };
  const value = (key: keyof typeof results) => (results[key] as { value: number }).value;
  return {
    errors: null,
    prices: {
      deviceMonthlyFeePence: value("deviceMonthlyFeePence"),
      allowanceCreditsPerDevice: value("allowanceCreditsPerDevice"),
      pricePer1000CreditsPence: value("pricePer1000CreditsPence"),
      minimumMonthlyChargePence: value("minimumMonthlyChargePence"),
      vatRateBasisPoints: value("vatRateBasisPoints"),
      paymentGraceDays: value("paymentGraceDays"),
      autoSuspend: form.get("autoSuspend") === "on",
    },
  };
}

/** The price inputs shared by "create a plan" and "change prices"; amounts are typed in pounds. */
export function PriceFields({ defaults = DEFAULT_PRICES, errors = {} }: { defaults?: Partial<PlanPrices>; errors?: PriceErrors }) {
  const autoSuspendId = useId();
  const pounds = (pence: number | undefined) => (pence === undefined ? undefined : penceToPoundsInput(pence));
  return (
    <>
      <TextField
        label="Device fee per month (£)"
        name="deviceMonthlyFee"
        inputMode="decimal"
        placeholder="5.00"
        defaultValue={pounds(defaults.deviceMonthlyFeePence)}
        hint="Charged for each device that sends at least one uplink in the month."
        error={errors.deviceMonthlyFeePence}
      />
      <TextField
        label="Allowance per device (credits)"
        name="allowanceCreditsPerDevice"
        inputMode="numeric"
        placeholder="1000"
        defaultValue={defaults.allowanceCreditsPerDevice}
        hint="Included credits, pooled across the tenant's active devices."
        error={errors.allowanceCreditsPerDevice}
      />
      <TextField
        label="Price per 1,000 credits above the allowance (£)"
        name="pricePer1000Credits"
        inputMode="decimal"
        placeholder="0.50"
        defaultValue={pounds(defaults.pricePer1000CreditsPence)}
        error={errors.pricePer1000CreditsPence}
      />
      <TextField
        label="Minimum monthly charge (£)"
        name="minimumMonthlyCharge"
        inputMode="decimal"
        defaultValue={pounds(defaults.minimumMonthlyChargePence)}
        hint="0.00 for no minimum; otherwise a top-up line brings the month up to it."
        error={errors.minimumMonthlyChargePence}
      />
      <TextField
        label="VAT rate (%)"
        name="vatRate"
        inputMode="decimal"
        defaultValue={defaults.vatRateBasisPoints === undefined ? undefined : basisPointsToPercent(defaults.vatRateBasisPoints)}
        hint="20 is the UK standard rate."
        error={errors.vatRateBasisPoints}
      />
      <TextField
        label="Payment grace (days)"
        name="paymentGraceDays"
        inputMode="numeric"
        defaultValue={defaults.paymentGraceDays}
        hint="How long an unpaid account stays past due before suspension is considered."
        error={errors.paymentGraceDays}
      />
      <div className="flex items-start gap-3 sm:col-span-2">
        <input id={autoSuspendId} name="autoSuspend" type="checkbox" defaultChecked={defaults.autoSuspend} aria-describedby={`${autoSuspendId}-hint`} className="mt-0.5 size-4 rounded border-slate-300 text-teal-700 focus:ring-teal-600" />
        <div>
          <label htmlFor={autoSuspendId} className="text-sm font-medium text-slate-800">
            Suspend automatically when the grace period ends
          </label>
          <p id={`${autoSuspendId}-hint`} className="text-xs text-slate-500">
            Otherwise (recommended) billing staff approve or reject each suspension on the dashboard.
          </p>
        </div>
      </div>
    </>
  );
}
