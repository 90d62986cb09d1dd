import { describe, expect, it } from "vitest";
import { FIXTURE_RECEIVED_AT, loadFixture } from "./__fixtures__/load-fixture";
import { normalizeChirpstackEvent } from "./chirpstack-event";

const fixture = (name: string) => loadFixture(`./chirpstack/${name}.json`);
/** up-zero-values-omitted was captured from ChirpStack 4.0, in 2022. */
const OLD_FIXTURE_RECEIVED_AT = new Date("2022-09-23T02:02:07Z");

describe("normalizeChirpstackEvent: up", () => {
  it("converts a full uplink", () => {
    const event = normalizeChirpstackEvent("up", fixture("up"), FIXTURE_RECEIVED_AT);
    expect(event).toEqual({
      source: "chirpstack",
      kind: "uplink",
      dedupKey: "cs:up:5e4f2a7c-3b1d-4c9e-9f0a-8d6b2e1c4a73",
      devEui: "a84041000181c96b",
      occurredAt: new Date("2025-03-14T08:21:07.412Z"),
      reportedAt: new Date("2025-03-14T08:21:07.412Z"),
      clockSkew: false,
      devAddr: "01fa3c22",
      fCnt: 4127,
      fPort: 2,
      confirmed: false,
      payload: new Uint8Array([0xcb, 0xf6, 0x0b, 0x0d, 0x03, 0x76, 0x01, 0x0a, 0xdd, 0x7f, 0xff]),
      payloadBytes: 11,
      // 1 MHDR + 7 FHDR + 1 FPort + 11 payload + 4 MIC
      phyBytes: 24,
      radio: { frequencyHz: 868_300_000, spreadingFactor: 9, bandwidthHz: 125_000, codingRate: 1, dataRate: 3 },
      // SF9: Tsym 4.096 ms; (192 − 36 + 28 + 16) / 36 = 5.56 → 6; 6 · 5 + 8 = 38 symbols
      // (12.25 + 38) · 4.096 = 205.824
      airtimeMs: 205.824,
      airtimeSource: "computed",
      gateways: [
        {
          gatewayEui: "0016c001ff1a2b3c",
          rssi: -97,
          snr: 4.5,
          receivedAt: new Date("2025-03-14T08:21:07.398Z"),
          latitude: 51.50712,
          longitude: -0.12763,
        },
        {
          gatewayEui: "7276ff002e062c85",
          rssi: -112,
          snr: -6.25,
          receivedAt: new Date("2025-03-14T08:21:07.405Z"),
        },
      ],
      bestRssi: -97,
      bestSnr: 4.5,
      credits: 1,
      decoded: { battery_v: 3.062, temperature_c: 8.86 },
      batteryLevel: null,
      location: null,
      networkTenantRef: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242",
    });
  });

  it("reads fields ChirpStack 4.0 left out at their zero value as zero", () => {
    const event = normalizeChirpstackEvent("up", fixture("up-zero-values-omitted"), OLD_FIXTURE_RECEIVED_AT);
    expect(event.fCnt).toBe(0);
    expect(event.radio?.dataRate).toBe(0);
    expect(event.confirmed).toBe(false);
    expect(event.devEui).toBe("70b3d57ed005e2a1");
  });

  it("charges and times a 38-byte payload at SF12", () => {
    const event = normalizeChirpstackEvent("up", fixture("up-zero-values-omitted"), OLD_FIXTURE_RECEIVED_AT);
    expect(event.payloadBytes).toBe(38);
    expect(event.credits).toBe(2); // 25–48 bytes
    expect(event.phyBytes).toBe(51); // 13 + 38
    // SF12, DE = 1: (408 − 48 + 28 + 16) / 40 = 10.1 → 11; 11 · 5 + 8 = 63 symbols
    // (12.25 + 63) · 32.768 = 2465.792
    expect(event.airtimeMs).toBeCloseTo(2465.792, 9);
  });

  it("keeps a reception whose gateway location is impossible, without the location", () => {
    const [gateway] = normalizeChirpstackEvent("up", fixture("up-zero-values-omitted"), OLD_FIXTURE_RECEIVED_AT).gateways;
    expect(gateway).toEqual({
      gatewayEui: "b827ebfffe8a1c55",
      rssi: -119,
      snr: -14.5,
      // Gateway time under its pre-gwTime name.
      receivedAt: new Date("2022-09-23T02:02:06.744Z"),
    });
  });

  it("counts an uplink without data as one credit with no payload and no FPort", () => {
    const body = fixture("up");
    delete body.data;
    delete body.fPort;
    delete body.object;
    const event = normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT);
    expect(event).toMatchObject({ payload: null, payloadBytes: 0, fPort: null, phyBytes: 12, credits: 1, decoded: null });
  });

  it("accepts nulls where protobuf JSON writes unset messages", () => {
    const body = fixture("up");
    body.object = null;
    body.txInfo = null;
    const event = normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT);
    expect(event).toMatchObject({ decoded: null, radio: null, airtimeMs: null, airtimeSource: null });
  });

  it("has no radio settings or airtime for an FSK uplink", () => {
    const body = fixture("up");
    body.txInfo.modulation = { fsk: { frequencyDeviation: 25000, datarate: 50000 } };
    const event = normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT);
    expect(event.radio).toBeNull();
    expect(event.airtimeMs).toBeNull();
  });

  it("accepts EUIs sent as base64", () => {
    const body = fixture("up");
    body.deviceInfo.devEui = "qEBBAAGByWs="; // a8 40 41 00 01 81 c9 6b
    expect(normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT).devEui).toBe("a84041000181c96b");
  });

  it("reads the legacy code rate spelling", () => {
    const body = fixture("up");
    body.txInfo.modulation.lora = { bandwidth: 125000, spreadingFactor: 9, codeRate: "CR_UNDEFINED", codeRateLegacy: "4/6" };
    expect(normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT).radio?.codingRate).toBe(2);
  });
});

describe("normalizeChirpstackEvent: other event types", () => {
  it("converts a join as one credit, sized as a join-request", () => {
    expect(normalizeChirpstackEvent("join", fixture("join"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "join",
      dedupKey: "cs:join:c9d2e7a1-4f6b-4e0d-8c3a-1b5f9e2d7a64",
      devEui: "a84041000181c96b",
      devAddr: "01fa3c22",
      occurredAt: new Date("2025-03-14T07:59:41.093Z"),
      phyBytes: 23,
      credits: 1,
      airtimeMs: null,
    });
  });

  it("converts a status event with its battery level", () => {
    expect(normalizeChirpstackEvent("status", fixture("status"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "status",
      dedupKey: "cs:status:5e4f2a7c-3b1d-4c9e-9f0a-8d6b2e1c4a73",
      batteryLevel: 87.4,
      credits: 0,
    });
  });

  it.each([["externalPowerSource"], ["batteryLevelUnavailable"]])("has no battery level when %s", (flag) => {
    const body = fixture("status");
    body[flag] = true;
    expect(normalizeChirpstackEvent("status", body, FIXTURE_RECEIVED_AT).batteryLevel).toBeNull();
  });

  it("converts an ack, with acknowledged as confirmed", () => {
    expect(normalizeChirpstackEvent("ack", fixture("ack"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "ack",
      dedupKey: "cs:ack:3f8b2d6e-9a41-4c07-b5e3-71d0c4a9f2b8",
      confirmed: true,
      fCnt: 58,
      credits: 0,
    });
  });

  it("reads an ack without `acknowledged` as a negative acknowledgement", () => {
    const body = fixture("ack");
    delete body.acknowledged;
    expect(normalizeChirpstackEvent("ack", body, FIXTURE_RECEIVED_AT).confirmed).toBe(false);
  });

  it("converts a txack to a free downlink with the airtime of the smallest downlink", () => {
    expect(normalizeChirpstackEvent("txack", fixture("txack"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "downlink",
      dedupKey: "cs:txack:a84041000181c96b:3871165295",
      fCnt: 58,
      credits: 0,
      phyBytes: 12,
      // Sent in the EU868 RX2 window: 869.525 MHz, SF12.
      radio: { frequencyHz: 869_525_000, spreadingFactor: 12, bandwidthHz: 125_000, codingRate: 1, dataRate: null },
      // SF12, DE = 1, downlinks have no CRC: (96 − 48 + 28) / 40 = 1.9 → 2; 2 · 5 + 8 = 18 symbols
      // (12.25 + 18) · 32.768 = 991.232 (with a CRC it would be 3 → 23 symbols, 1155.072)
      airtimeMs: expect.closeTo(991.232, 9),
      airtimeSource: "computed",
      gateways: [{ gatewayEui: "0016c001ff1a2b3c", rssi: null, snr: null, receivedAt: null }],
    });
  });

  it("converts a log event with its level, code and description", () => {
    expect(normalizeChirpstackEvent("log", fixture("log"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "log",
      dedupKey: "cs:log:a84041000181c96b:2025-03-14T08:21:07.431Z:UPLINK_CODEC",
      credits: 0,
      log: {
        level: "ERROR",
        code: "UPLINK_CODEC",
        description: "JS error: Error: unexpected payload length 11 at decodeUplink (eval_script:3:11)",
      },
    });
  });

  it("reads a log event without level or code as INFO / UNKNOWN", () => {
    const body = fixture("log");
    delete body.level;
    delete body.code;
    expect(normalizeChirpstackEvent("log", body, FIXTURE_RECEIVED_AT).log).toMatchObject({ level: "INFO", code: "UNKNOWN" });
  });

  it("converts a location event", () => {
    expect(normalizeChirpstackEvent("location", fixture("location"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "location",
      dedupKey: "cs:location:a41d6f28-0e93-4b75-8c2f-d9e1b7a3c650",
      devEui: "a840418f51873aa0",
      location: { latitude: 51.49877, longitude: -0.13652 },
      credits: 0,
    });
  });
});

describe("normalizeChirpstackEvent: dedup keys", () => {
  it.each(["up", "join", "status", "ack", "txack", "log", "location"])(
    "gives two deliveries of the same %s event the same key",
    (type) => {
      const first = normalizeChirpstackEvent(type, fixture(type), FIXTURE_RECEIVED_AT);
      const redelivered = normalizeChirpstackEvent(type, fixture(type), FIXTURE_RECEIVED_AT);
      expect(redelivered.dedupKey).toBe(first.dedupKey);
    },
  );

  it("gives different uplinks different keys", () => {
    const other = fixture("up");
    other.deduplicationId = "7b0c3e91-2d4a-4f6b-8e1c-9a5d3f7b2c04";
    other.fCnt = 4128;
    expect(normalizeChirpstackEvent("up", other, FIXTURE_RECEIVED_AT).dedupKey).not.toBe(
      normalizeChirpstackEvent("up", fixture("up"), FIXTURE_RECEIVED_AT).dedupKey,
    );
  });

  it("keeps the up and status events of one uplink apart, though they share a deduplicationId", () => {
    expect(normalizeChirpstackEvent("status", fixture("status"), FIXTURE_RECEIVED_AT).dedupKey).not.toBe(
      normalizeChirpstackEvent("up", fixture("up"), FIXTURE_RECEIVED_AT).dedupKey,
    );
  });

  it("keeps txacks of two devices apart when their random 32-bit downlink ids collide", () => {
    const otherDevice = fixture("txack");
    otherDevice.deviceInfo.devEui = "70b3d57ed005e2a1";
    expect(normalizeChirpstackEvent("txack", otherDevice, FIXTURE_RECEIVED_AT).dedupKey).not.toBe(
      normalizeChirpstackEvent("txack", fixture("txack"), FIXTURE_RECEIVED_AT).dedupKey,
    );
  });

  it("keeps two log codes at the same instant apart", () => {
    const other = fixture("log");
    other.code = "UPLINK_F_CNT_RETRANSMISSION";
    expect(normalizeChirpstackEvent("log", other, FIXTURE_RECEIVED_AT).dedupKey).not.toBe(
      normalizeChirpstackEvent("log", fixture("log"), FIXTURE_RECEIVED_AT).dedupKey,
    );
  });

  it("derives a location key from device and time when ChirpStack gives no deduplicationId", () => {
    const body = fixture("location");
    delete body.deduplicationId;
    expect(normalizeChirpstackEvent("location", body, FIXTURE_RECEIVED_AT).dedupKey).toBe(
      "cs:location:a840418f51873aa0:2025-03-14T10:12:44.019Z",
    );
  });
});

describe("normalizeChirpstackEvent: untrusted clocks (HTTP and MQTT bodies alike)", () => {
  const YEAR = 365 * 24 * 3_600_000;
  const shifted = (type: string, ms: number) => {
    const body = fixture(type);
    body.time = new Date(new Date(body.time).getTime() + ms).toISOString();
    return body;
  };
  const receivedAt = (type: string) => new Date(new Date(fixture(type).time).getTime() + 2_000);

  it.each(["up", "join", "status", "ack", "txack", "log", "location"])("stores a %s event dated five years ahead at the receive time, flagged", (type) => {
    const body = shifted(type, 5 * YEAR);
    const event = normalizeChirpstackEvent(type, body, receivedAt(type));
    expect(event).toMatchObject({ occurredAt: receivedAt(type), reportedAt: new Date(body.time), clockSkew: true });
  });

  it.each(["up", "join", "status"])("stores a %s event dated five years behind at the receive time, flagged", (type) => {
    const body = shifted(type, -5 * YEAR);
    expect(normalizeChirpstackEvent(type, body, receivedAt(type))).toMatchObject({ occurredAt: receivedAt(type), clockSkew: true });
  });

  it("trusts an event received an hour late, or dated a minute ahead", () => {
    const late = normalizeChirpstackEvent("up", fixture("up"), new Date("2025-03-14T09:21:07.412Z"));
    expect(late).toMatchObject({ occurredAt: new Date("2025-03-14T08:21:07.412Z"), clockSkew: false });
    const early = normalizeChirpstackEvent("up", fixture("up"), new Date("2025-03-14T08:20:07.412Z"));
    expect(early).toMatchObject({ occurredAt: new Date("2025-03-14T08:21:07.412Z"), clockSkew: false });
  });

  it("drops a gateway's untrusted reception time, keeping the network server's", () => {
    const body = fixture("up");
    delete body.rxInfo[1].nsTime;
    body.rxInfo[1].gwTime = "2031-01-01T00:00:00Z";
    body.rxInfo[0].nsTime = "2019-01-01T00:00:00Z";
    const [first, second] = normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT).gateways;
    expect([first!.receivedAt, second!.receivedAt]).toEqual([null, null]);
    expect(normalizeChirpstackEvent("up", fixture("up"), FIXTURE_RECEIVED_AT).gateways.map((g) => g.receivedAt)).toEqual([
      new Date("2025-03-14T08:21:07.398Z"),
      new Date("2025-03-14T08:21:07.405Z"),
    ]);
  });

  it("keys a redelivered log event by its reported time, whenever it arrives", () => {
    const body = shifted("log", 5 * YEAR);
    const first = normalizeChirpstackEvent("log", body, FIXTURE_RECEIVED_AT);
    const retried = normalizeChirpstackEvent("log", body, new Date(FIXTURE_RECEIVED_AT.getTime() + 60_000));
    expect(retried.dedupKey).toBe(first.dedupKey);
    expect(retried.occurredAt).not.toEqual(first.occurredAt);
  });
});
