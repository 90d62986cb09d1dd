import { describe, expect, it } from "vitest";
import { loraTimeOnAirMs } from "./airtime";
import { RadioParameterError } from "./errors";

// Expected values are worked by hand from Semtech AN1200.13:
//   Tsym = 2^SF / BW
//   Tpreamble = (8 + 4.25) · Tsym = 12.25 · Tsym
//   payloadSymbols = 8 + max(ceil((8PL − 4SF + 28 + 16CRC − 20IH) / (4(SF − 2DE))) · (CR + 4), 0)
// with CR 4/5 (CR = 1, so ·5), explicit header (IH = 0) and CRC on unless stated.
const lora125 = { bandwidthHz: 125_000, codingRate: 1 };

describe("loraTimeOnAirMs", () => {
  it("SF7, 20-byte PHYPayload: 56.576 ms", () => {
    // Tsym = 128 / 125000 = 1.024 ms; preamble 12.25 · 1.024 = 12.544 ms
    // (160 − 28 + 28 + 16) / 28 = 176 / 28 = 6.29 → 7; 7 · 5 + 8 = 43 symbols = 44.032 ms
    // 12.544 + 44.032 = 56.576
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 20, spreadingFactor: 7 })).toBe(56.576);
  });

  it("SF12, 51-byte PHYPayload, low data rate optimisation on by default: 2465.792 ms", () => {
    // Tsym = 4096 / 125000 = 32.768 ms (≥ 16 ms, so DE = 1); preamble 12.25 · 32.768 = 401.408 ms
    // (408 − 48 + 28 + 16) / (4 · (12 − 2)) = 404 / 40 = 10.1 → 11; 11 · 5 + 8 = 63 symbols = 2064.384 ms
    // 401.408 + 2064.384 = 2465.792
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 51, spreadingFactor: 12 })).toBe(2465.792);
  });

  it("SF12, 51 bytes with low data rate optimisation forced off: 2138.112 ms", () => {
    // 404 / 48 = 8.42 → 9; 9 · 5 + 8 = 53 symbols = 1736.704 ms; + 401.408 = 2138.112
    expect(
      loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 51, spreadingFactor: 12, lowDataRateOptimize: false }),
    ).toBe(2138.112);
  });

  it("SF9, 13-byte PHYPayload (an empty uplink): 164.864 ms", () => {
    // Tsym = 512 / 125000 = 4.096 ms; preamble 12.25 · 4.096 = 50.176 ms
    // (104 − 36 + 28 + 16) / 36 = 112 / 36 = 3.11 → 4; 4 · 5 + 8 = 28 symbols = 114.688 ms
    // 50.176 + 114.688 = 164.864
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 13, spreadingFactor: 9 })).toBe(164.864);
  });

  it("SF9, 20-byte PHYPayload: 185.344 ms", () => {
    // (160 − 36 + 28 + 16) / 36 = 168 / 36 = 4.67 → 5; 5 · 5 + 8 = 33 symbols = 135.168 ms
    // 50.176 + 135.168 = 185.344
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 20, spreadingFactor: 9 })).toBe(185.344);
  });

  it.each([
    // The empty uplink (13 bytes) at each spreading factor, as in the TTN airtime tables.
    // SF7:  (104−28+44)/28 = 4.29 → 5 → 33 sym; (12.25 + 33) · 1.024  = 46.336
    [7, 46.336],
    // SF8:  (104−32+44)/32 = 3.63 → 4 → 28 sym; (12.25 + 28) · 2.048  = 82.432
    [8, 82.432],
    // SF10: (104−40+44)/40 = 2.7  → 3 → 23 sym; (12.25 + 23) · 8.192  = 288.768
    [10, 288.768],
    // SF11, DE=1: (104−44+44)/36 = 2.89 → 3 → 23 sym; (12.25 + 23) · 16.384 = 577.536
    [11, 577.536],
    // SF12, DE=1: (104−48+44)/40 = 2.5  → 3 → 23 sym; (12.25 + 23) · 32.768 = 1155.072
    [12, 1155.072],
  ])("SF%i, 13-byte PHYPayload: %f ms", (spreadingFactor, expectedMs) => {
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 13, spreadingFactor })).toBeCloseTo(expectedMs, 9);
  });

  it("matches airtime The Things Stack reported for an 11-byte payload at SF12 (1.482752 s)", () => {
    // PHY = 13 + 11 = 24 bytes; (192 − 48 + 28 + 16) / 40 = 4.7 → 5; 5 · 5 + 8 = 33 sym
    // (12.25 + 33) · 32.768 = 1482.752
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 24, spreadingFactor: 12 })).toBeCloseTo(1482.752, 9);
  });

  it("leaves out the CRC when asked, as for downlinks: SF12, 12 bytes: 991.232 ms", () => {
    // DE = 1: (96 − 48 + 28 + 0) / 40 = 1.9 → 2; 2 · 5 + 8 = 18 symbols; (12.25 + 18) · 32.768 = 991.232
    // With the CRC: (96 − 48 + 28 + 16) / 40 = 2.3 → 3; 23 symbols; (12.25 + 23) · 32.768 = 1155.072
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 12, spreadingFactor: 12, crc: false })).toBeCloseTo(
      991.232,
      9,
    );
    expect(loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 12, spreadingFactor: 12 })).toBeCloseTo(1155.072, 9);
  });

  it("takes an implicit header into account: SF7, 20 bytes: 51.456 ms", () => {
    // (160 − 28 + 28 + 16 − 20) / 28 = 156 / 28 = 5.57 → 6; 6 · 5 + 8 = 38 symbols = 38.912; + 12.544 = 51.456
    expect(
      loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 20, spreadingFactor: 7, explicitHeader: false }),
    ).toBeCloseTo(51.456, 9);
  });

  it("takes a longer preamble into account: SF7, 20 bytes, 16 symbols: 64.768 ms", () => {
    // (16 + 4.25) · 1.024 = 20.736; + 43 payload symbols · 1.024 = 44.032 → 64.768
    expect(
      loraTimeOnAirMs({ ...lora125, phyPayloadBytes: 20, spreadingFactor: 7, preambleSymbols: 16 }),
    ).toBeCloseTo(64.768, 9);
  });

  it("takes the coding rate into account: SF7, 20 bytes, 4/8: 78.08 ms", () => {
    // ceil(176 / 28) = 7; 7 · 8 + 8 = 64 symbols = 65.536; + 12.544 = 78.08
    expect(
      loraTimeOnAirMs({ phyPayloadBytes: 20, spreadingFactor: 7, bandwidthHz: 125_000, codingRate: 4 }),
    ).toBeCloseTo(78.08, 9);
  });

  it("takes the bandwidth into account: SF7, 20 bytes, 250 kHz: 28.288 ms", () => {
    // Tsym = 128 / 250000 = 0.512 ms; (12.25 + 43) · 0.512 = 28.288
    expect(
      loraTimeOnAirMs({ phyPayloadBytes: 20, spreadingFactor: 7, bandwidthHz: 250_000, codingRate: 1 }),
    ).toBeCloseTo(28.288, 9);
  });

  it("uses the real 7812.5 Hz for the 7.8 kHz bandwidth: SF7, 20 bytes: 1069.056 ms", () => {
    // Tsym = 128 / 7812.5 = 16.384 ms (≥ 16 ms, so DE = 1)
    // 176 / (4 · 5) = 8.8 → 9; 9 · 5 + 8 = 53 symbols; (12.25 + 53) · 16.384 = 1069.056
    expect(
      loraTimeOnAirMs({ phyPayloadBytes: 20, spreadingFactor: 7, bandwidthHz: 7800, codingRate: 1 }),
    ).toBeCloseTo(1069.056, 9);
  });

  it.each([
    [{ spreadingFactor: 13 }, "spreading factor must be a whole number from 5 to 12, got 13"],
    [{ spreadingFactor: 4 }, "spreading factor must be a whole number from 5 to 12, got 4"],
    [{ spreadingFactor: 7.5 }, "spreading factor must be a whole number from 5 to 12, got 7.5"],
    [{ bandwidthHz: 123 }, "bandwidth must be one of 7800, 10400, 15600, 20800, 31250, 41700, 62500, 125000, 250000, 500000 Hz, got 123"],
    [{ codingRate: 0 }, "coding rate must be 1 to 4 (meaning 4/5 to 4/8), got 0"],
    [{ codingRate: 5 }, "coding rate must be 1 to 4 (meaning 4/5 to 4/8), got 5"],
    [{ phyPayloadBytes: 256 }, "PHY payload must be 0 to 255 bytes, got 256"],
    [{ phyPayloadBytes: -1 }, "PHY payload must be 0 to 255 bytes, got -1"],
    [{ preambleSymbols: 2 }, "preamble must be 6 to 65535 symbols, got 2"],
  ])("rejects %o", (change, message) => {
    const parameters = { ...lora125, phyPayloadBytes: 20, spreadingFactor: 7, ...change };
    expect(() => loraTimeOnAirMs(parameters)).toThrow(RadioParameterError);
    expect(() => loraTimeOnAirMs(parameters)).toThrow(message);
  });
});
