import { describe, expect, it } from "vitest";
import { countedGateways, usageOf, type MeteredEvent } from "./event-usage";

const base: MeteredEvent = { kind: "uplink", payloadBytes: 10, phyBytes: 23, credits: 1, airtimeMs: 41.216, gatewayEuis: ["g1", "g2", "g3"] };

describe("usageOf", () => {
  it("counts an uplink heard by three gateways as one message with three receptions", () => {
    expect(usageOf(base)).toEqual({ uplinks: 1, downlinks: 0, joins: 0, payloadBytes: 10, phyBytes: 23, credits: 1, airtimeMs: 41.216, gatewayReceptions: 3 });
  });

  it("counts joins as messages and downlinks without credits; receptions only for uplinks", () => {
    expect(usageOf({ ...base, kind: "join", payloadBytes: 0, credits: 1, gatewayEuis: ["g1"] })).toEqual({ uplinks: 0, downlinks: 0, joins: 1, payloadBytes: 0, phyBytes: 23, credits: 1, airtimeMs: 41.216, gatewayReceptions: 0 });
    expect(usageOf({ ...base, kind: "downlink", payloadBytes: 5, phyBytes: 18, credits: 0, airtimeMs: null, gatewayEuis: [] })).toEqual({ uplinks: 0, downlinks: 1, joins: 0, payloadBytes: 5, phyBytes: 18, credits: 0, airtimeMs: 0, gatewayReceptions: 0 });
  });

  it("ignores bookkeeping events", () => {
    for (const kind of ["status", "ack", "txack", "log", "location"] as const) expect(usageOf({ ...base, kind, credits: 0 })).toBeNull();
  });
});

describe("countedGateways", () => {
  it("counts an uplink once per gateway that heard it, ignoring repeats of a gateway, and nothing else", () => {
    expect(countedGateways({ kind: "uplink", gatewayEuis: ["g1", "g2", "g1"] })).toEqual(["g1", "g2"]);
    expect(countedGateways({ kind: "join", gatewayEuis: ["g1"] })).toEqual([]);
  });
});
