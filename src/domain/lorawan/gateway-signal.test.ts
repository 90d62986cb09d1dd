import { describe, expect, it } from "vitest";
import { bestSignal } from "./gateway-signal";

const reception = (rssi: number | null, snr: number | null) => ({
  gatewayEui: "0016c001ff1a2b3c",
  rssi,
  snr,
  receivedAt: null,
});

describe("bestSignal", () => {
  it("takes the strongest RSSI and SNR, even from different gateways", () => {
    expect(bestSignal([reception(-112, 7.5), reception(-97, -6.25)])).toEqual({ bestRssi: -97, bestSnr: 7.5 });
  });

  it("ignores gateways that did not report a value", () => {
    expect(bestSignal([reception(null, null), reception(-120, null)])).toEqual({ bestRssi: -120, bestSnr: null });
  });

  it("is null without gateways", () => {
    expect(bestSignal([])).toEqual({ bestRssi: null, bestSnr: null });
  });
});
