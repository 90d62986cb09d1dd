import { afterAll, describe, expect, it } from "vitest";
import { CodecRunner } from "./codec-runner";
import { encodeBinFillLevel, encodeParkingOccupancy, encodeTemperatureHumidity } from "./example-payloads";
import { EXAMPLE_CODECS } from "./examples";

const runner = new CodecRunner();
afterAll(() => runner.close());

const uplink = (bytes: Uint8Array) => ({ bytes, fPort: 1, recvTime: new Date("2025-01-01T00:00:00Z") });

describe("example codecs", () => {
  it("decodes a bin fill level payload", async () => {
    const reading = { fillPercent: 73, batteryMillivolts: 3612, temperatureC: -5.2 };
    const result = await runner.decodeUplink(EXAMPLE_CODECS.binFillLevel.source, uplink(encodeBinFillLevel(reading)));
    expect(result).toEqual({ ok: true, data: reading, warnings: [] });
  });

  it("decodes a parking occupancy payload", async () => {
    const reading = { occupied: true, batteryPercent: 91 };
    const bytes = encodeParkingOccupancy(reading);
    const result = await runner.decodeUplink(EXAMPLE_CODECS.parkingOccupancy.source, uplink(bytes));
    expect(result).toEqual({ ok: true, data: reading, warnings: [] });
  });

  it("decodes a temperature/humidity payload", async () => {
    const reading = { temperatureC: -12.34, humidityPercent: 67, batteryMillivolts: 2950 };
    const bytes = encodeTemperatureHumidity(reading);
    const result = await runner.decodeUplink(EXAMPLE_CODECS.temperatureHumidity.source, uplink(bytes));
    expect(result).toEqual({ ok: true, data: reading, warnings: [] });
  });

  it("passes on warnings and reports a wrong payload length as an error", async () => {
    const overfull = encodeBinFillLevel({ fillPercent: 120, batteryMillivolts: 3000, temperatureC: 20 });
    expect(await runner.decodeUplink(EXAMPLE_CODECS.binFillLevel.source, uplink(overfull))).toMatchObject({
      ok: true,
      warnings: ["fill level 120% is above 100%"],
    });
    expect(await runner.decodeUplink(EXAMPLE_CODECS.parkingOccupancy.source, uplink(Uint8Array.of(1)))).toEqual({
      ok: false,
      error: "Codec reported errors: expected 2 bytes (occupied, battery %), got 1",
    });
  });

  it("validates every example", async () => {
    for (const example of Object.values(EXAMPLE_CODECS)) {
      expect(await runner.validate(example.source)).toEqual({ ok: true });
    }
  });
});
