import { describe, expect, it } from "vitest";
import { breachOf, type DeviceFacts } from "./alert-condition";
import { episodeChanges } from "./alert-episodes";
import { alertRuleSchema, describeCondition, type AlertRule } from "./alert-rule";

const now = new Date("2026-11-20T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const device = (over: Partial<DeviceFacts> = {}): DeviceFacts => ({ deviceId: "d1", name: "Bin 1", lastHeardAt: hoursAgo(1), batteryPercent: 80, values: new Map([["fillPercent", 50]]), ...over });
const silent: AlertRule = { id: "r1", name: "Silent", kind: "silent", deviceId: null, silentHours: 6 };
const battery: AlertRule = { id: "r2", name: "Battery", kind: "battery", deviceId: null, batteryBelowPercent: 20 };
const full: AlertRule = { id: "r3", name: "Full", kind: "field", deviceId: null, field: "fillPercent", comparison: "above", threshold: 80 };

describe("alert conditions", () => {
  it("a device silent for N hours", () => {
    expect(breachOf(silent, device({ lastHeardAt: hoursAgo(5.9) }), now)).toBeNull();
    expect(breachOf(silent, device({ lastHeardAt: hoursAgo(7.5) }), now)).toEqual({ deviceId: "d1", value: 7, message: "Bin 1 has not been heard for 7 hours." });
  });

  it("a battery under X %, and no reading is no alert", () => {
    expect(breachOf(battery, device({ batteryPercent: 19.5 }), now)?.value).toBe(19.5);
    expect(breachOf(battery, device({ batteryPercent: 20 }), now)).toBeNull();
    expect(breachOf(battery, device({ batteryPercent: null }), now)).toBeNull();
  });

  it("a decoded field over or under a threshold (strictly), only for a device that reports it", () => {
    expect(breachOf(full, device({ values: new Map([["fillPercent", 81]]) }), now)?.message).toBe("Bin 1: fillPercent is 81, above 80.");
    expect(breachOf(full, device({ values: new Map([["fillPercent", 80]]) }), now)).toBeNull();
    expect(breachOf({ ...full, comparison: "below", threshold: 2 }, device({ values: new Map([["fillPercent", 1]]) }), now)).not.toBeNull();
    expect(breachOf(full, device({ values: new Map() }), now)).toBeNull();
  });

  it("a rule for one device ignores the others", () => {
    expect(breachOf({ ...battery, deviceId: "d2" }, device({ batteryPercent: 5 }), now)).toBeNull();
  });
});

describe("alert episodes", () => {
  it("fire once, clear when the condition ends, and fire again when it returns", () => {
    const breach = breachOf(full, device({ values: new Map([["fillPercent", 90]]) }), now)!;
    // First round: the condition holds and nothing is open, so it fires.
    expect(episodeChanges(new Set(), [breach])).toEqual({ fire: [breach], clear: [] });
    // Still holding next round: the open episode covers it; nothing fires again.
    expect(episodeChanges(new Set(["d1"]), [breach])).toEqual({ fire: [], clear: [] });
    // The condition ended: the episode clears.
    expect(episodeChanges(new Set(["d1"]), [])).toEqual({ fire: [], clear: ["d1"] });
    // It comes back after clearing: a new episode fires.
    expect(episodeChanges(new Set(), [breach])).toEqual({ fire: [breach], clear: [] });
  });
});

describe("alert rules", () => {
  it("take one of three shapes, with messages that say what is wrong", () => {
    expect(alertRuleSchema.parse({ kind: "silent", name: " Quiet ", deviceId: "", silentHours: 6 })).toEqual({ kind: "silent", name: "Quiet", deviceId: null, silentHours: 6 });
    const bad = alertRuleSchema.safeParse({ kind: "battery", name: "Low", batteryBelowPercent: 0 });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual(["The battery level must be between 1 and 100."]);
    expect(alertRuleSchema.safeParse({ kind: "field", name: "x", field: "fillPercent", comparison: "over", threshold: 1 }).success).toBe(false);
    expect(describeCondition(full)).toBe("fillPercent above 80");
  });
});
