import { describe, expect, it } from "vitest";
import { RadioParameterError } from "./errors";
import { exactBandwidthHz, loraRadioSettings, parseCodingRate } from "./radio-parameters";

describe("parseCodingRate", () => {
  it.each([
    ["4/5", 1],
    ["4/6", 2],
    ["4/7", 3],
    ["4/8", 4],
    ["CR_4_5", 1],
    ["CR_4_6", 2],
    ["CR_4_7", 3],
    ["CR_4_8", 4],
  ])("reads %s as %i", (text, codingRate) => {
    expect(parseCodingRate(text)).toBe(codingRate);
  });

  it.each(["4/9", "5/4", "CR_4_9", "CR_UNDEFINED", "CR_LI_4_5", "4/5LI", "1", ""])("rejects %j", (text) => {
    expect(() => parseCodingRate(text)).toThrow(RadioParameterError);
  });

  it("lists the accepted spellings", () => {
    expect(() => parseCodingRate("CR_LI_4_5")).toThrow(
      "coding rate must be one of 4/5, 4/6, 4/7, 4/8 (or CR_4_5 to CR_4_8), got 'CR_LI_4_5'",
    );
  });
});

describe("exactBandwidthHz", () => {
  it("maps the rounded narrow bandwidths to fractions of 500 kHz", () => {
    expect(exactBandwidthHz(7800)).toBe(7812.5);
    expect(exactBandwidthHz(41700)).toBeCloseTo(41666.667, 3);
    expect(exactBandwidthHz(125000)).toBe(125000);
  });
});

describe("loraRadioSettings", () => {
  it("passes possible settings through", () => {
    const settings = { frequencyHz: 868_100_000, spreadingFactor: 7, bandwidthHz: 125_000, codingRate: 1, dataRate: 5 };
    expect(loraRadioSettings(settings)).toEqual(settings);
  });

  it("rejects impossible ones", () => {
    expect(() =>
      loraRadioSettings({ frequencyHz: 868_100_000, spreadingFactor: 13, bandwidthHz: 125_000, codingRate: 1, dataRate: null }),
    ).toThrow(expect.objectContaining({ field: "spreadingFactor" }));
  });
});
