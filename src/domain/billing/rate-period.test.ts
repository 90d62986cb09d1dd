import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./billing-period";
import { messageCredits } from "../lorawan/credits";
import { nextPlanVersion, type PlanVersion } from "./plan";
import { type RatedLineCode, ratePeriod } from "./rate-period";
import { device, planVersion } from "./testing/fixtures";
import type { DeviceUsage } from "./device-usage";

const sumCredits = (payloadSizes: number[]) => payloadSizes.reduce((sum, bytes) => sum + messageCredits(bytes), 0);

// Base plan (fixtures): £5.00 per active device, 1,000 credits per device (pooled),
// 7p per 1,000 credits over, no minimum, VAT 20 %, effective from Jan 2026.

const uplinksOf = (count: number, bytes: number): number[] => Array<number>(count).fill(bytes);

interface Case {
  name: string;
  period?: string;
  planVersions?: PlanVersion[];
  devices: DeviceUsage[];
  /** [code, quantity, unitAmountPence, amountPence] */
  lines: Array<[RatedLineCode, number, number, number]>;
  subtotal: number;
  vat: number;
  total: number;
  notionalTotal: number;
  activeDevices: number;
  allowance: number;
  overage: number;
}

const cases: Case[] = [
  {
    name: "allowance exactly used: no overage line",
    // 2 active devices → allowance 2 × 1,000 = 2,000; credits 1,200 + 800 = 2,000 → overage 0.
    // fee 2 × 500 = 1,000; VAT 1,000 × 20 % = 200; total 1,200.
    devices: [device("1", { credits: 1200 }), device("2", { credits: 800 })],
    lines: [["device_fee", 2, 500, 1000]],
    subtotal: 1000,
    vat: 200,
    total: 1200,
    notionalTotal: 1200,
    activeDevices: 2,
    allowance: 2000,
    overage: 0,
  },
  {
    name: "baseline for the byte-boundary case: 2,499 uplinks of 24 bytes",
    // 2,499 × 1 credit = 2,499 credits; allowance 1,000 → overage 1,499.
    // 1,499 × 7 / 1,000 = 10.493 → 10p. subtotal 500 + 10 = 510; VAT 102.0 → 102; total 612.
    devices: [device("1", { uplinks: 2499, credits: sumCredits(uplinksOf(2499, 24)) })],
    lines: [
      ["device_fee", 1, 500, 500],
      ["overage", 1499, 7, 10],
    ],
    subtotal: 510,
    vat: 102,
    total: 612,
    notionalTotal: 612,
    activeDevices: 1,
    allowance: 1000,
    overage: 1499,
  },
  {
    name: "one byte over a credit boundary: one 25-byte uplink adds exactly one credit",
    // Same as above but one uplink is 25 bytes = 2 credits → 2,500 credits → overage 1,500 (+1).
    // 1,500 × 7 / 1,000 = 10.5 → 11p (half rounds up). subtotal 511; VAT 102.2 → 102; total 613.
    devices: [device("1", { uplinks: 2499, credits: sumCredits([...uplinksOf(2498, 24), 25]) })],
    lines: [
      ["device_fee", 1, 500, 500],
      ["overage", 1500, 7, 11],
    ],
    subtotal: 511,
    vat: 102,
    total: 613,
    notionalTotal: 613,
    activeDevices: 1,
    allowance: 1000,
    overage: 1500,
  },
  {
    name: "device active for one hour only still pays the full monthly fee; silent device pays nothing",
    // device 1: 1 uplink in 1 hour → active → 500. device 2: 0 uplinks → inactive → not charged.
    // allowance 1 × 1,000; credits 1 → no overage. VAT 100; total 600.
    devices: [device("1", { uplinks: 1, credits: 1, activeHours: 1 }), device("2", { uplinks: 0 })],
    lines: [["device_fee", 1, 500, 500]],
    subtotal: 500,
    vat: 100,
    total: 600,
    notionalTotal: 600,
    activeDevices: 1,
    allowance: 1000,
    overage: 0,
  },
  {
    name: "overage with fractional pence: 1,501 credits over at 7p/1,000 → 10.507 → 11p",
    // credits 2,501; allowance 1,000 → overage 1,501; 1,501 × 7 / 1,000 = 10.507 → 11p.
    // subtotal 511; VAT 102.2 → 102; total 613.
    devices: [device("1", { credits: 2501 })],
    lines: [
      ["device_fee", 1, 500, 500],
      ["overage", 1501, 7, 11],
    ],
    subtotal: 511,
    vat: 102,
    total: 613,
    notionalTotal: 613,
    activeDevices: 1,
    allowance: 1000,
    overage: 1501,
  },
  {
    name: "allowance is pooled: one heavy device is covered by quiet ones",
    // credits 2,900 + 50 + 50 = 3,000; allowance 3 × 1,000 = 3,000 → overage 0 (not 1,900).
    // fee 3 × 500 = 1,500; VAT 300; total 1,800.
    devices: [device("1", { credits: 2900 }), device("2", { credits: 50 }), device("3", { credits: 50 })],
    lines: [["device_fee", 3, 500, 1500]],
    subtotal: 1500,
    vat: 300,
    total: 1800,
    notionalTotal: 1800,
    activeDevices: 3,
    allowance: 3000,
    overage: 0,
  },
  {
    name: "internal plan: nothing charged, notional total is what it would have cost",
    // Priced as standard: fee 3 × 500 = 1,500; credits 2,995 + 1,501 + 5 = 4,501, allowance 3,000 →
    // overage 1,501 → 10.507 → 11p. notional subtotal 1,511; VAT 302.2 → 302; notional total 1,813.
    // Charged: subtotal 0, VAT 0, total 0.
    planVersions: [planVersion({ kind: "internal", name: "Council department" })],
    devices: [device("1", { credits: 2995 }), device("2", { credits: 1501 }), device("3", { credits: 5, uplinks: 5 })],
    lines: [
      ["device_fee", 3, 500, 1500],
      ["overage", 1501, 7, 11],
    ],
    subtotal: 0,
    vat: 0,
    total: 0,
    notionalTotal: 1813,
    activeDevices: 3,
    allowance: 3000,
    overage: 1501,
  },
  {
    name: "minimum charge top-up",
    // minimum 2,000. fee 2 × 500 = 1,000; credits 500 ≤ 2,000 allowance → 0 overage.
    // top-up 2,000 − 1,000 = 1,000. subtotal 2,000; VAT 400; total 2,400.
    planVersions: [planVersion({ minimumMonthlyChargePence: 2000 })],
    devices: [device("1", { credits: 300 }), device("2", { credits: 200 })],
    lines: [
      ["device_fee", 2, 500, 1000],
      ["minimum_charge_top_up", 1, 1000, 1000],
    ],
    subtotal: 2000,
    vat: 400,
    total: 2400,
    notionalTotal: 2400,
    activeDevices: 2,
    allowance: 2000,
    overage: 0,
  },
  {
    name: "minimum charge counts overage before topping up",
    // minimum 520. fee 500; credits 3,001 → overage 2,001 → 14.007 → 14p. 514 < 520 → top-up 6.
    // subtotal 520; VAT 104; total 624.
    planVersions: [planVersion({ minimumMonthlyChargePence: 520 })],
    devices: [device("1", { credits: 3001 })],
    lines: [
      ["device_fee", 1, 500, 500],
      ["overage", 2001, 7, 14],
      ["minimum_charge_top_up", 1, 6, 6],
    ],
    subtotal: 520,
    vat: 104,
    total: 624,
    notionalTotal: 624,
    activeDevices: 1,
    allowance: 1000,
    overage: 2001,
  },
  {
    name: "minimum already met: no top-up",
    // minimum 1,000; fee 3 × 500 = 1,500 ≥ 1,000. VAT 300; total 1,800.
    planVersions: [planVersion({ minimumMonthlyChargePence: 1000 })],
    devices: [device("1", { credits: 1 }), device("2", { credits: 1 }), device("3", { credits: 1 })],
    lines: [["device_fee", 3, 500, 1500]],
    subtotal: 1500,
    vat: 300,
    total: 1800,
    notionalTotal: 1800,
    activeDevices: 3,
    allowance: 3000,
    overage: 0,
  },
  {
    name: "no active devices and no minimum: zero invoice",
    // 0 active → fee 0 × 500 = 0; no overage; subtotal 0, VAT 0, total 0.
    devices: [device("1", { uplinks: 0 }), device("2", { uplinks: 0 })],
    lines: [["device_fee", 0, 500, 0]],
    subtotal: 0,
    vat: 0,
    total: 0,
    notionalTotal: 0,
    activeDevices: 0,
    allowance: 0,
    overage: 0,
  },
  {
    name: "no active devices with a minimum: only the minimum charge",
    // fee 0; top-up 2,000 − 0 = 2,000; VAT 400; total 2,400.
    planVersions: [planVersion({ minimumMonthlyChargePence: 2000 })],
    devices: [],
    lines: [
      ["device_fee", 0, 500, 0],
      ["minimum_charge_top_up", 1, 2000, 2000],
    ],
    subtotal: 2000,
    vat: 400,
    total: 2400,
    notionalTotal: 2400,
    activeDevices: 0,
    allowance: 0,
    overage: 0,
  },
  {
    name: "VAT rounds half-up on the subtotal: net 1,234p → 246.8 → 247p",
    // fee 1,234 (plan price) × 1 device; VAT 246.8 → 247; total 1,481.
    planVersions: [planVersion({ deviceMonthlyFeePence: 1234 })],
    devices: [device("1", { credits: 10 })],
    lines: [["device_fee", 1, 1234, 1234]],
    subtotal: 1234,
    vat: 247,
    total: 1481,
    notionalTotal: 1481,
    activeDevices: 1,
    allowance: 1000,
    overage: 0,
  },
  {
    name: "VAT rounds down below a half: net 2p → 0.4 → 0p",
    planVersions: [planVersion({ deviceMonthlyFeePence: 2 })],
    devices: [device("1", { credits: 1 })],
    lines: [["device_fee", 1, 2, 2]],
    subtotal: 2,
    vat: 0,
    total: 2,
    notionalTotal: 2,
    activeDevices: 1,
    allowance: 1000,
    overage: 0,
  },
  {
    name: "VAT rounds up above a half: net 3p → 0.6 → 1p",
    planVersions: [planVersion({ deviceMonthlyFeePence: 3 })],
    devices: [device("1", { credits: 1 })],
    lines: [["device_fee", 1, 3, 3]],
    subtotal: 3,
    vat: 1,
    total: 4,
    notionalTotal: 4,
    activeDevices: 1,
    allowance: 1000,
    overage: 0,
  },
  {
    name: "VAT at 0.5 % (50 bp): net 100p → 0.5 → 1p",
    planVersions: [planVersion({ deviceMonthlyFeePence: 100, vatRateBasisPoints: 50 })],
    devices: [device("1", { credits: 1 })],
    lines: [["device_fee", 1, 100, 100]],
    subtotal: 100,
    vat: 1,
    total: 101,
    notionalTotal: 101,
    activeDevices: 1,
    allowance: 1000,
    overage: 0,
  },
];

describe("ratePeriod", () => {
  it.each(cases)("$name", (c) => {
    const rated = ratePeriod({
      period: parsePeriodKey(c.period ?? "2026-11"),
      planVersions: c.planVersions ?? [planVersion()],
      devices: c.devices,
    });
    expect(rated.lines.map((l) => [l.code, l.quantity, l.unitAmountPence, l.amountPence])).toEqual(c.lines);
    expect({
      subtotal: rated.subtotalPence,
      vat: rated.vatPence,
      total: rated.totalPence,
      notionalTotal: rated.notionalTotalPence,
      activeDevices: rated.usage.activeDevices,
      allowance: rated.usage.allowanceCredits,
      overage: rated.usage.overageCredits,
    }).toEqual({
      subtotal: c.subtotal,
      vat: c.vat,
      total: c.total,
      notionalTotal: c.notionalTotal,
      activeDevices: c.activeDevices,
      allowance: c.allowance,
      overage: c.overage,
    });
    // Invariant: lines always add up to the (notional) subtotal.
    expect(rated.lines.reduce((s, l) => s + l.amountPence, 0)).toBe(rated.notional.subtotalPence);
    expect(rated.internal).toBe(rated.planVersion.kind === "internal");
  });

  it("describes lines in words a tenant can check", () => {
    const rated = ratePeriod({
      period: parsePeriodKey("2026-11"),
      planVersions: [planVersion({ minimumMonthlyChargePence: 100_000 })],
      devices: [device("1", { credits: 2501 })],
    });
    expect(rated.lines.map((l) => [l.description, l.unitSize])).toEqual([
      ["Active devices: 1 device × £5.00 per month", 1],
      ["Messages above allowance: 1,501 credits over 1,000 included, at £0.07 per 1,000 credits", 1000],
      ["Top-up to the minimum monthly charge of £1,000.00", 1],
    ]);
  });

  it("internal plan: the statement keeps notional VAT and subtotal", () => {
    const rated = ratePeriod({
      period: parsePeriodKey("2026-11"),
      planVersions: [planVersion({ kind: "internal" })],
      devices: [device("1", { credits: 2501 })],
    });
    // fee 500 + overage 11 = 511; VAT 102.2 → 102; notional total 613.
    expect(rated.notional).toEqual({ subtotalPence: 511, vatPence: 102, totalPence: 613 });
    expect([rated.subtotalPence, rated.vatPence, rated.totalPence]).toEqual([0, 0, 0]);
  });

  it("per-device breakdown: fee share for active devices only, usage per DevEUI", () => {
    const rated = ratePeriod({
      period: parsePeriodKey("2026-11"),
      planVersions: [planVersion()],
      devices: [
        { deviceId: "a", devEui: "70B3D57ED0000001", name: "Car park 1", uplinks: 3, credits: 4, payloadBytes: 60, activeHours: 2 },
        { deviceId: "b", devEui: "70B3D57ED0000002", name: "Car park 2", uplinks: 0, credits: 0, payloadBytes: 0, activeHours: 0 },
      ],
    });
    expect(rated.deviceLines).toEqual([
      { deviceId: "a", devEui: "70B3D57ED0000001", name: "Car park 1", active: true, uplinks: 3, credits: 4, payloadBytes: 60, activeHours: 2, feePence: 500 },
      { deviceId: "b", devEui: "70B3D57ED0000002", name: "Car park 2", active: false, uplinks: 0, credits: 0, payloadBytes: 0, activeHours: 0, feePence: 0 },
    ]);
    expect(rated.usage).toEqual({ activeDevices: 1, uplinks: 3, credits: 4, payloadBytes: 60, allowanceCredits: 1000, overageCredits: 0 });
    expect(rated.periodKey).toBe("2026-11");
  });
});

describe("ratePeriod with plan changes", () => {
  const v1 = planVersion();
  // Price change made on 15 Nov 2026: £6.00/device and 10p/1,000 → effective 1 Dec.
  const v2 = nextPlanVersion([v1], { deviceMonthlyFeePence: 600, pricePer1000CreditsPence: 10 }, new Date("2026-11-15T09:30:00Z"));
  const devices = [device("1", { credits: 2501 })];

  it.each([
    // Nov (v1): 500 + round(1,501 × 7 / 1,000 = 10.507) = 11 → 511; VAT 102.2 → 102; total 613.
    ["2026-11", 1, 613],
    // Dec (v2): 600 + round(1,501 × 10 / 1,000 = 15.01) = 15 → 615; VAT 123; total 738.
    ["2026-12", 2, 738],
    // Re-rating October after the change still uses v1: 613.
    ["2026-10", 1, 613],
  ] as const)("%s is priced with version %s: total %sp", (key, version, total) => {
    const rated = ratePeriod({ period: parsePeriodKey(key), planVersions: [v1, v2], devices });
    expect(rated.planVersion.version).toBe(version);
    expect(rated.totalPence).toBe(total);
  });
});

describe("ratePeriod rejects bad input", () => {
  const period = parsePeriodKey("2026-11");
  it.each([
    ["a duplicate device", [device("1"), device("1")], /appears more than once/],
    ["negative credits", [device("1", { uplinks: 1, credits: -1 })], /credits must be a whole number, 0 or more/],
    ["fractional uplinks", [device("1", { uplinks: 1.5, credits: 1 })], /uplinks must be a whole number/],
    ["active hours without uplinks", [device("1", { uplinks: 0, credits: 0, activeHours: 2 })], /no uplinks but 2 active hours/],
  ])("%s", (_label, devices, message) => {
    expect(() => ratePeriod({ period, planVersions: [planVersion()], devices })).toThrow(message);
  });

  it("a period that is not one calendar month", () => {
    expect(() =>
      ratePeriod({
        period: { start: new Date("2026-11-15T00:00:00Z"), end: new Date("2026-12-15T00:00:00Z") },
        planVersions: [planVersion()],
        devices: [],
      }),
    ).toThrow(/one calendar month in UTC/);
  });

  it("a period before the first plan version", () => {
    expect(() => ratePeriod({ period: parsePeriodKey("2025-12"), planVersions: [planVersion()], devices: [] })).toThrow(
      /No plan version is in effect for 2025-12/,
    );
  });
});

describe("ratePeriod with a device that only joined", () => {
  it("charges no device fee for it but counts its join credits toward the pooled allowance", () => {
    // Plan: £5.00/device, 1,000 credits/device, 50 p per 1,000 over. One active device with exactly 1,000
    // credits, one device that joined 3 times and never sent an uplink (inactive, 3 credits).
    // Allowance 1 × 1,000 = 1,000; credits 1,003 → 3 over → 3 × 50 / 1000 = 0.15 → 0 p.
    const rated = ratePeriod({
      period: parsePeriodKey("2026-11"),
      planVersions: [planVersion({ deviceMonthlyFeePence: 500, allowanceCreditsPerDevice: 1000, pricePer1000CreditsPence: 50 })],
      devices: [device("1", { uplinks: 1000 }), device("2", { uplinks: 0, credits: 3, payloadBytes: 0, activeHours: 0 })],
    });
    expect(rated.usage).toMatchObject({ activeDevices: 1, credits: 1003, allowanceCredits: 1000, overageCredits: 3 });
    expect(rated.deviceLines.find((d) => d.deviceId === "2")).toMatchObject({ active: false, feePence: 0, credits: 3 });
  });
});
