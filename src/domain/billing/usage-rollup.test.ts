import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./billing-period";
import { deviceUsageFromRollups, type HourlyUsageRollup } from "./usage-rollup";

const rollup = (deviceId: string, hour: string, uplinks: number, credits = uplinks, payloadBytes = uplinks * 20): HourlyUsageRollup => ({
  deviceId,
  devEui: deviceId === "a" ? "70B3D57ED000000A" : "70B3D57ED000000B",
  name: `Sensor ${deviceId}`,
  hourStart: new Date(hour),
  uplinks,
  credits,
  payloadBytes,
});

const rollups: HourlyUsageRollup[] = [
  rollup("a", "2026-10-31T23:00:00Z", 9), // October: ignored
  rollup("a", "2026-11-01T00:00:00Z", 4, 5, 90), // first hour of November
  rollup("a", "2026-11-01T00:00:00Z", 1, 1, 10), // late correction row for the same hour: added
  rollup("a", "2026-11-15T10:00:00Z", 2, 2, 40),
  rollup("a", "2026-11-30T23:00:00Z", 3, 3, 60), // last hour of November
  rollup("a", "2026-12-01T00:00:00Z", 7), // December: ignored
  rollup("b", "2026-11-10T08:00:00Z", 0, 0, 0), // present but silent
];

describe("deviceUsageFromRollups", () => {
  it.each([
    // until, device a: uplinks / credits / bytes / active hours
    // whole month: 4+1+2+3 = 10 uplinks; 5+1+2+3 = 11 credits; 90+10+40+60 = 200 bytes; 3 distinct hours
    [undefined, 10, 11, 200, 3],
    // until 15 Nov 10:30: the 10:00 hour has started, so it counts; 30 Nov does not → 7, 8, 140, 2
    ["2026-11-15T10:30:00Z", 7, 8, 140, 2],
    // until exactly 15 Nov 10:00: that hour has not started → 5, 6, 100, 1
    ["2026-11-15T10:00:00Z", 5, 6, 100, 1],
  ])("until %s → a: %s uplinks, %s credits, %s bytes, %s active hours", (until, uplinks, credits, payloadBytes, activeHours) => {
    const usage = deviceUsageFromRollups(rollups, parsePeriodKey("2026-11"), until ? new Date(until) : undefined);
    expect(usage).toEqual([
      { deviceId: "a", devEui: "70B3D57ED000000A", name: "Sensor a", uplinks, credits, payloadBytes, activeHours },
      { deviceId: "b", devEui: "70B3D57ED000000B", name: "Sensor b", uplinks: 0, credits: 0, payloadBytes: 0, activeHours: 0 },
    ]);
  });

  it.each([
    ["a rollup not on the hour", [rollup("a", "2026-11-01T00:30:00Z", 1)], /is not the start of an hour/],
    ["negative credits", [rollup("a", "2026-11-01T00:00:00Z", 1, -1)], /credits must be a whole number, 0 or more/],
  ])("rejects %s", (_label, bad, message) => {
    expect(() => deviceUsageFromRollups(bad, parsePeriodKey("2026-11"))).toThrow(message);
  });
});
