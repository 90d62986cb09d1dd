import { describe, expect, it } from "vitest";
import { gatewayDeltas, usageDeltas, type MeteredEvent } from "./usage-deltas";

const base: MeteredEvent = {
  tenantId: "t1", deviceId: "d1", kind: "uplink", occurredAt: new Date("2026-11-29T10:15:00Z"),
  payloadBytes: 10, phyBytes: 23, credits: 1, airtimeMs: 41.216, gatewayEuis: ["g1", "g2", "g3"],
};

describe("usageDeltas", () => {
  it("counts an uplink heard by three gateways as one message with three receptions", () => {
    expect(usageDeltas([base])).toEqual([
      { tenantId: "t1", deviceId: "d1", hour: new Date("2026-11-29T10:00:00Z"), uplinks: 1, downlinks: 0, joins: 0, payloadBytes: 10, phyBytes: 23, credits: 1, airtimeMs: 41.216, gatewayReceptions: 3 },
    ]);
  });

  it("splits by device and by UTC hour, and sums within them", () => {
    const deltas = usageDeltas([
      base,
      { ...base, occurredAt: new Date("2026-11-29T10:59:59.999Z"), payloadBytes: 30, credits: 2 },
      { ...base, occurredAt: new Date("2026-11-29T11:00:00Z") },
      { ...base, deviceId: "d2" },
    ]);
    expect(deltas.map((d) => [d.deviceId, d.hour.toISOString(), d.uplinks, d.payloadBytes, d.credits])).toEqual([
      ["d1", "2026-11-29T10:00:00.000Z", 2, 40, 3],
      ["d1", "2026-11-29T11:00:00.000Z", 1, 10, 1],
      ["d2", "2026-11-29T10:00:00.000Z", 1, 10, 1],
    ]);
  });

  it("counts joins as messages, downlinks without credits, and ignores bookkeeping events", () => {
    const deltas = usageDeltas([
      { ...base, kind: "join", payloadBytes: 0, phyBytes: 23, credits: 1, gatewayEuis: ["g1"] },
      { ...base, kind: "downlink", payloadBytes: 5, phyBytes: 18, credits: 0, airtimeMs: 30, gatewayEuis: [] },
      { ...base, kind: "status", credits: 0 },
      { ...base, kind: "ack", credits: 0 },
      { ...base, kind: "log", credits: 0 },
    ]);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ uplinks: 0, joins: 1, downlinks: 1, credits: 1, payloadBytes: 5, phyBytes: 41, gatewayReceptions: 0 });
    expect(deltas[0]!.airtimeMs).toBeCloseTo(71.216, 6);
  });
});

describe("gatewayDeltas", () => {
  it("counts each uplink once per gateway that heard it, ignoring repeats of a gateway", () => {
    const deltas = gatewayDeltas([base, { ...base, gatewayEuis: ["g1", "g1"] }, { ...base, kind: "join" }]);
    expect(deltas.map((d) => [d.gatewayEui, d.uplinks])).toEqual([["g1", 2], ["g2", 1], ["g3", 1]]);
  });
});
