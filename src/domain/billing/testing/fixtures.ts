/** Test fixtures for the billing domain (not exported from index.ts). */
import type { PlanVersion } from "../plan";
import type { DeviceUsage } from "../device-usage";

/** "Business" plan v1 from Jan 2026: £5.00/device, 1,000 credits/device, 7p per 1,000 over, 20 % VAT. */
export function planVersion(overrides: Partial<PlanVersion> = {}): PlanVersion {
  return {
    planId: "business",
    version: 1,
    effectiveFrom: new Date("2026-01-01T00:00:00Z"),
    name: "Business",
    kind: "standard",
    currency: "GBP",
    vatRateBasisPoints: 2000,
    deviceMonthlyFeePence: 500,
    allowanceCreditsPerDevice: 1000,
    pricePer1000CreditsPence: 7,
    minimumMonthlyChargePence: 0,
    paymentGraceDays: 14,
    autoSuspend: false,
    ...overrides,
  };
}

/** An active device sending `credits` credits in `uplinks` uplinks (defaults: one credit per uplink). */
export function device(id: string, usage: Partial<Omit<DeviceUsage, "deviceId">> = {}): DeviceUsage {
  const uplinks = usage.uplinks ?? usage.credits ?? 0;
  return {
    deviceId: id,
    devEui: `70B3D57ED00000${id.padStart(2, "0")}`.slice(-16),
    name: `Sensor ${id}`,
    uplinks,
    credits: usage.credits ?? uplinks,
    payloadBytes: usage.payloadBytes ?? uplinks * 12,
    activeHours: usage.activeHours ?? Math.min(uplinks, 720),
    ...usage,
  };
}
