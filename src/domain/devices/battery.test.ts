import { describe, expect, it } from "vitest";
import { batteryRangeOf, eventBattery, millivoltsToPercent, payloadBatteryPercent, preferredBattery } from "./battery";

const lithium = { minMv: 3000, maxMv: 3600 };

describe("millivoltsToPercent", () => {
  it("is linear between empty and full, rounded, and clamped outside them", () => {
    expect(millivoltsToPercent(3000, lithium)).toBe(0);
    expect(millivoltsToPercent(3600, lithium)).toBe(100);
    expect(millivoltsToPercent(3300, lithium)).toBe(50);
    expect(millivoltsToPercent(3111, lithium)).toBe(19);
    expect(millivoltsToPercent(2800, lithium)).toBe(0);
    expect(millivoltsToPercent(3700, lithium)).toBe(100);
  });
});

describe("payloadBatteryPercent", () => {
  it("takes batteryPercent as it is", () => {
    expect(payloadBatteryPercent({ occupied: true, batteryPercent: 87.5 }, null)).toBe(87.5);
    expect(payloadBatteryPercent({ batteryPercent: 0 }, null)).toBe(0);
  });

  it("turns batteryMillivolts into a percentage with the profile's range", () => {
    expect(payloadBatteryPercent({ fillPercent: 40, batteryMillivolts: 3450 }, lithium)).toBe(75);
  });

  it("prefers batteryPercent when a codec names both", () => {
    expect(payloadBatteryPercent({ batteryPercent: 10, batteryMillivolts: 3600 }, lithium)).toBe(10);
  });

  it("has no reading for millivolts without a range, impossible percentages, non-numbers or no data", () => {
    expect(payloadBatteryPercent({ batteryMillivolts: 3450 }, null)).toBeNull();
    expect(payloadBatteryPercent({ batteryPercent: 255 }, lithium)).toBeNull();
    expect(payloadBatteryPercent({ batteryPercent: -1 }, lithium)).toBeNull();
    expect(payloadBatteryPercent({ batteryPercent: "80" }, lithium)).toBeNull();
    expect(payloadBatteryPercent({ batteryMillivolts: Number.NaN }, lithium)).toBeNull();
    expect(payloadBatteryPercent({ battery_v: 3.1 }, lithium)).toBeNull();
    expect(payloadBatteryPercent(null, lithium)).toBeNull();
  });
});

describe("which reading a device keeps", () => {
  it("reads an event's payload first, then what the network server reported", () => {
    expect(eventBattery(40, 90)).toEqual({ percent: 40, source: "payload" });
    expect(eventBattery(null, 90)).toEqual({ percent: 90, source: "network" });
    expect(eventBattery(null, null)).toBeNull();
  });

  it("keeps a payload reading over a newer network one, and otherwise takes the newer", () => {
    const payload = { percent: 40, source: "payload" } as const;
    const network = { percent: 90, source: "network" } as const;
    expect(preferredBattery(payload, network)).toBe(payload);
    expect(preferredBattery(network, payload)).toBe(payload);
    expect(preferredBattery(network, { percent: 80, source: "network" })).toEqual({ percent: 80, source: "network" });
    expect(preferredBattery(payload, { percent: 35, source: "payload" })).toEqual({ percent: 35, source: "payload" });
    expect(preferredBattery(null, network)).toBe(network);
    expect(preferredBattery(payload, null)).toBe(payload);
  });

  it("gets a range only from a profile with both voltages", () => {
    expect(batteryRangeOf({ batteryMinMv: 3000, batteryMaxMv: 3600 })).toEqual(lithium);
    expect(batteryRangeOf({ batteryMinMv: null, batteryMaxMv: null })).toBeNull();
  });
});
