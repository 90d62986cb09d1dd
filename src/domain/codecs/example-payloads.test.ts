import { describe, expect, it } from "vitest";
import { encodeBinFillLevel, encodeParkingOccupancy, encodeTemperatureHumidity } from "./example-payloads";

describe("example payload encoders", () => {
  it("encodes a bin fill level reading big-endian with temperature ×10", () => {
    const bytes = encodeBinFillLevel({ fillPercent: 73, batteryMillivolts: 3612, temperatureC: -5.2 });
    expect([...bytes]).toEqual([73, 0x0e, 0x1c, 0xff, 0xcc]);
  });

  it("encodes parking occupancy", () => {
    expect([...encodeParkingOccupancy({ occupied: true, batteryPercent: 88 })]).toEqual([1, 88]);
    expect([...encodeParkingOccupancy({ occupied: false, batteryPercent: 5 })]).toEqual([0, 5]);
  });

  it("encodes temperature ×100, humidity and battery", () => {
    const bytes = encodeTemperatureHumidity({ temperatureC: 21.37, humidityPercent: 55, batteryMillivolts: 3000 });
    expect([...bytes]).toEqual([0x08, 0x59, 55, 0x0b, 0xb8]);
  });

  it("rejects values that do not fit on the wire, naming the field", () => {
    expect(() => encodeBinFillLevel({ fillPercent: 300, batteryMillivolts: 3000, temperatureC: 0 })).toThrow(
      /fillPercent must be between 0 and 255, got 300/,
    );
    expect(() => encodeTemperatureHumidity({ temperatureC: 400, humidityPercent: 1, batteryMillivolts: 1 })).toThrow(
      RangeError,
    );
    expect(() => encodeParkingOccupancy({ occupied: true, batteryPercent: Number.NaN })).toThrow(/batteryPercent/);
  });
});
