import { describe, expect, it } from "vitest";
import { FIXTURE_RECEIVED_AT, loadFixture } from "./__fixtures__/load-fixture";
import { normalizeTtsEvent } from "./tts-event";

const fixture = (name: string) => loadFixture(`./tts/${name}.json`);

describe("normalizeTtsEvent: uplink_message", () => {
  it("converts a full uplink, taking airtime from consumed_airtime", () => {
    expect(normalizeTtsEvent(fixture("uplink-message"), FIXTURE_RECEIVED_AT)).toEqual({
      source: "tts",
      kind: "uplink",
      dedupKey: "tts:uplink:as:up:01JP8GQ7R3G5J7L9N1Q3S5U7W9",
      devEui: "70b3d57ed0064f1b",
      occurredAt: new Date("2025-03-14T11:30:01.961Z"),
      reportedAt: new Date("2025-03-14T11:30:01.961Z"),
      clockSkew: false,
      devAddr: "260b7a4c",
      fCnt: 1882,
      fPort: 3,
      confirmed: false,
      payload: new Uint8Array([
        0x01, 0x67, 0x01, 0x0a, 0x02, 0x68, 0x8c, 0x03, 0x02, 0x01, 0x50, 0x04, 0x02, 0x01, 0xf4, 0x05, 0x65, 0x00,
        0x64, 0x06, 0x66, 0x00, 0x07, 0x0c, 0x0e, 0x10,
      ]),
      payloadBytes: 26,
      phyBytes: 39, // 13 + 26
      radio: { frequencyHz: 867_500_000, spreadingFactor: 7, bandwidthHz: 125_000, codingRate: 1, dataRate: null },
      airtimeMs: 82.176,
      airtimeSource: "network",
      gateways: [
        {
          gatewayEui: "b827ebfffe61c3a0",
          rssi: -88,
          snr: 9.25,
          receivedAt: new Date("2025-03-14T11:30:01.902Z"),
          latitude: 51.50353,
          longitude: -0.11984,
        },
        { gatewayEui: "packetbroker", rssi: -104, snr: 2.5, receivedAt: new Date("2025-03-14T11:30:01.955Z") },
      ],
      bestRssi: -88,
      bestSnr: 9.25,
      credits: 2, // 25–48 bytes
      decoded: { pm2_5: 8.4, pm10: 14.2, temperature: 26.6 },
      batteryLevel: null,
      location: null,
      networkTenantRef: "council-air-quality",
    });
  });

  it("computes the same airtime itself when TTS does not report it", () => {
    const body = fixture("uplink-message");
    delete body.uplink_message.consumed_airtime;
    const event = normalizeTtsEvent(body, FIXTURE_RECEIVED_AT);
    // SF7, 39 bytes: (312 − 28 + 28 + 16) / 28 = 11.71 → 12; 12 · 5 + 8 = 68 symbols
    // (12.25 + 68) · 1.024 = 82.176, which is what TTS reported above
    expect(event.airtimeMs).toBeCloseTo(82.176, 9);
    expect(event.airtimeSource).toBe("computed");
  });

  it("reads the frame counter TTS leaves out when it is 0", () => {
    const body = fixture("uplink-message");
    delete body.uplink_message.f_cnt;
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT).fCnt).toBe(0);
  });

  it("reads the coding rate where older releases put it", () => {
    const body = fixture("uplink-message");
    delete body.uplink_message.settings.data_rate.lora.coding_rate;
    body.uplink_message.settings.coding_rate = "4/7";
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT).radio?.codingRate).toBe(3);
  });

  it("keeps the network's airtime for a non-LoRa uplink", () => {
    const body = fixture("uplink-message");
    body.uplink_message.settings.data_rate = { fsk: { bit_rate: 50000 } };
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toMatchObject({ radio: null, airtimeMs: 82.176, airtimeSource: "network" });
  });

  it("counts an uplink without frm_payload as one credit", () => {
    const body = fixture("uplink-message");
    delete body.uplink_message.frm_payload;
    delete body.uplink_message.f_port;
    delete body.uplink_message.decoded_payload;
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toMatchObject({ payload: null, payloadBytes: 0, fPort: null, phyBytes: 12, credits: 1 });
  });
});

describe("normalizeTtsEvent: other messages", () => {
  it("converts a join_accept as one credit, sized as a join-request", () => {
    expect(normalizeTtsEvent(fixture("join-accept"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "join",
      dedupKey: "tts:join:as:up:01JP8D1E2F3G4H5J6K7L8M9N0P",
      devEui: "70b3d57ed0064f1b",
      devAddr: "260b7a4c",
      occurredAt: new Date("2025-03-14T09:12:40.301Z"),
      phyBytes: 23,
      credits: 1,
    });
  });

  it("converts a downlink_ack", () => {
    expect(normalizeTtsEvent(fixture("downlink-ack"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "ack",
      dedupKey: "tts:ack:as:up:01JP8H3M4N5P6Q7R8S9T0U1V2W",
      confirmed: true,
      fCnt: 12,
      fPort: 10,
      credits: 0,
    });
  });

  it("converts a downlink_nack as an ack that was not acknowledged", () => {
    const body = fixture("downlink-ack");
    body.downlink_nack = body.downlink_ack;
    delete body.downlink_ack;
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toMatchObject({ kind: "ack", confirmed: false, credits: 0 });
  });

  it("converts a downlink_sent with its payload", () => {
    expect(normalizeTtsEvent(fixture("downlink-sent"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "downlink",
      dedupKey: "tts:downlink:as:downlink:01JP8H0A1B2C3D4E5F6G7H8J9K",
      payload: new Uint8Array([0x0a, 0x01]),
      payloadBytes: 2,
      phyBytes: 15, // 13 + 2
      fCnt: 12,
      fPort: 10,
      confirmed: true,
      airtimeMs: null,
      credits: 0,
    });
  });

  it("converts a downlink_failed to a log event with the error", () => {
    expect(normalizeTtsEvent(fixture("downlink-failed"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "log",
      dedupKey: "tts:log:as:downlink:01JP8J5K6L7M8N9P0Q1R2S3T4U",
      fCnt: 13,
      credits: 0,
      log: {
        level: "ERROR",
        code: "application_downlink_too_long",
        description: "application downlink payload too long for data rate",
      },
    });
  });

  it("converts a location_solved", () => {
    expect(normalizeTtsEvent(fixture("location-solved"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "location",
      dedupKey: "tts:location:as:up:01JP8K7A8B9C0D1E2F3G4H5J6K",
      devEui: "a840418f51873b12",
      location: { latitude: 51.52214, longitude: -0.09031 },
      credits: 0,
    });
  });

  it("converts service_data to a log event carrying the data", () => {
    expect(normalizeTtsEvent(fixture("service-data"), FIXTURE_RECEIVED_AT)).toMatchObject({
      kind: "log",
      dedupKey: "tts:log:as:up:01JP8K7A8B9C0D1E2F3G4H5J6K:lora-cloud-device-management-v1-uplink",
      decoded: { result: { deveui: "a8-40-41-8f-51-87-3b-12" } },
      log: { level: "INFO", code: "service_data", description: "data from lora-cloud-device-management-v1-uplink" },
      credits: 0,
    });
  });
});

describe("normalizeTtsEvent: dedup keys", () => {
  it.each([
    "uplink-message",
    "join-accept",
    "downlink-ack",
    "downlink-sent",
    "downlink-failed",
    "location-solved",
    "service-data",
  ])("gives two deliveries of the same %s the same key", (name) => {
    expect(normalizeTtsEvent(fixture(name), FIXTURE_RECEIVED_AT).dedupKey).toBe(normalizeTtsEvent(fixture(name), FIXTURE_RECEIVED_AT).dedupKey);
  });

  it("gives different uplinks different keys", () => {
    const next = fixture("uplink-message");
    next.correlation_ids = ["as:up:01JP8HZ4B6D8F0H2K4M6P8R0T2", "ns:uplink:01JP8HZ4A1C3E5G7J9L1N3Q5S7"];
    next.uplink_message.f_cnt = 1883;
    expect(normalizeTtsEvent(next, FIXTURE_RECEIVED_AT).dedupKey).not.toBe(normalizeTtsEvent(fixture("uplink-message"), FIXTURE_RECEIVED_AT).dedupKey);
  });

  it("keeps the location and the service data produced by one uplink apart", () => {
    expect(normalizeTtsEvent(fixture("location-solved"), FIXTURE_RECEIVED_AT).dedupKey).not.toBe(
      normalizeTtsEvent(fixture("service-data"), FIXTURE_RECEIVED_AT).dedupKey,
    );
  });

  it("keeps service data from two services for one uplink apart", () => {
    const other = fixture("service-data");
    other.service_data.service = "lora-cloud-device-management-v1-stream";
    expect(normalizeTtsEvent(other, FIXTURE_RECEIVED_AT).dedupKey).not.toBe(normalizeTtsEvent(fixture("service-data"), FIXTURE_RECEIVED_AT).dedupKey);
  });

  describe("without an as:up correlation id", () => {
    const withoutCorrelation = (fCnt: number) => {
      const body = fixture("uplink-message");
      body.correlation_ids = ["gs:uplink:01JP8GQ7N5M3K1H9G7F5E3D1C0"];
      body.uplink_message.f_cnt = fCnt;
      return body;
    };

    it("keys on device, receive time and frame counter", () => {
      expect(normalizeTtsEvent(withoutCorrelation(1882), FIXTURE_RECEIVED_AT).dedupKey).toBe(
        "tts:uplink:70b3d57ed0064f1b:2025-03-14T11:30:02.118Z:1882",
      );
    });

    it("still gives a redelivery the same key and another uplink a different one", () => {
      const key = normalizeTtsEvent(withoutCorrelation(1882), FIXTURE_RECEIVED_AT).dedupKey;
      expect(normalizeTtsEvent(withoutCorrelation(1882), FIXTURE_RECEIVED_AT).dedupKey).toBe(key);
      expect(normalizeTtsEvent(withoutCorrelation(1883), FIXTURE_RECEIVED_AT).dedupKey).not.toBe(key);
    });
  });
});

describe("normalizeTtsEvent: untrusted clocks", () => {
  const YEAR = 365 * 24 * 3_600_000;
  const inFiveYears = (text: string) => new Date(new Date(text).getTime() + 5 * YEAR).toISOString();

  it("stores an uplink whose received_at is five years ahead at the receive time, flagged, keeping the reported time", () => {
    const body = fixture("uplink-message");
    body.uplink_message.received_at = inFiveYears(body.uplink_message.received_at);
    body.uplink_message.rx_metadata[0].received_at = inFiveYears(body.uplink_message.rx_metadata[0].received_at);
    const event = normalizeTtsEvent(body, FIXTURE_RECEIVED_AT);
    expect(event).toMatchObject({ occurredAt: FIXTURE_RECEIVED_AT, reportedAt: new Date(body.uplink_message.received_at), clockSkew: true });
    expect(event.gateways.map((g) => g.receivedAt)).toEqual([null, new Date("2025-03-14T11:30:01.955Z")]);
  });

  it.each(["join-accept", "downlink-ack", "downlink-sent", "downlink-failed", "location-solved", "service-data"])("applies the same window to %s", (name) => {
    const body = fixture(name);
    body.received_at = "2019-06-01T00:00:00Z";
    if (body.join_accept) body.join_accept.received_at = "2019-06-01T00:00:00Z";
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toMatchObject({ occurredAt: FIXTURE_RECEIVED_AT, clockSkew: true });
  });

  it("trusts an uplink delivered by a webhook retry over an hour later", () => {
    const event = normalizeTtsEvent(fixture("uplink-message"), new Date("2025-03-14T12:45:00Z"));
    expect(event).toMatchObject({ occurredAt: new Date("2025-03-14T11:30:01.961Z"), clockSkew: false });
  });
});
