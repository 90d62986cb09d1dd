import { describe, expect, it } from "vitest";
import { describeField, MAX_FIELDS_PER_EVENT, numericReadings } from "./numeric-fields";

describe("numericReadings", () => {
  it("keeps finite numbers at the top level and one level down, named with a dot", () => {
    expect(numericReadings({ fillPercent: 42, label: "bin", ok: true, battery: { voltage: 3.6, status: "good", deeper: { x: 1 } }, list: [1, 2] })).toEqual([
      { field: "fillPercent", value: 42 },
      { field: "battery.voltage", value: 3.6 },
    ]);
  });

  it("drops NaN, infinities, over-long names, and fields past the limit", () => {
    expect(numericReadings({ a: Number.NaN, b: Number.POSITIVE_INFINITY, ["x".repeat(65)]: 1 })).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: MAX_FIELDS_PER_EVENT + 5 }, (_, i) => [`f${i}`, i]));
    expect(numericReadings(many)).toHaveLength(MAX_FIELDS_PER_EVENT);
  });

  it("has nothing to say about undecoded events", () => {
    expect(numericReadings(null)).toEqual([]);
  });
});

describe("describeField", () => {
  it("reads the codecs' naming convention, units included", () => {
    expect(describeField("fillPercent")).toEqual({ label: "Fill", unit: "%" });
    expect(describeField("temperatureC")).toEqual({ label: "Temperature", unit: "°C" });
    expect(describeField("batteryMillivolts")).toEqual({ label: "Battery", unit: "mV" });
    expect(describeField("battery.voltage")).toEqual({ label: "Battery voltage", unit: null });
    expect(describeField("co2_ppm")).toEqual({ label: "Co2 ppm", unit: null });
  });
});
