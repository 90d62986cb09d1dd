import { describe, expect, it } from "vitest";
import { FIXTURE_RECEIVED_AT, loadFixture } from "./__fixtures__/load-fixture";
import { normalizeChirpstackEvent } from "./chirpstack-event";
import { LorawanInputError, RadioParameterError } from "./errors";

const upEvent = () => loadFixture("./chirpstack/up.json");

describe("normalizeChirpstackEvent rejects", () => {
  it("an unknown event type, listing the known ones", () => {
    expect(() => normalizeChirpstackEvent("integration", upEvent(), FIXTURE_RECEIVED_AT)).toThrow(
      expect.objectContaining({
        field: "eventType",
        message: "unknown ChirpStack event type 'integration'; expected one of up, join, status, ack, txack, log, location",
      }),
    );
  });

  it("an event type that is an Object.prototype property", () => {
    expect(() => normalizeChirpstackEvent("toString", upEvent(), FIXTURE_RECEIVED_AT)).toThrow(LorawanInputError);
  });

  it.each([
    [null, "body: Invalid input: expected object, received null"],
    ["up", "body: Invalid input: expected object, received string"],
    [[], "body: Invalid input: expected object, received array"],
  ])("a body that is not an object (%j)", (body, problem) => {
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(`Invalid ChirpStack up event: ${problem}`);
  });

  it("a body missing the devEui", () => {
    const body = upEvent();
    delete body.deviceInfo.devEui;
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(
      expect.objectContaining({
        field: "deviceInfo.devEui",
        message: "Invalid ChirpStack up event: deviceInfo.devEui: required string is missing",
      }),
    );
  });

  it("a devEui that is not an EUI", () => {
    const body = upEvent();
    body.deviceInfo.devEui = "gully-0142";
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(
      "deviceInfo.devEui: EUI must be 16 hexadecimal characters (8 bytes), got 'gully-0142'",
    );
  });

  it("a frame counter of the wrong type", () => {
    const body = upEvent();
    body.fCnt = "4127";
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(
      "fCnt: Invalid input: expected number, received string",
    );
  });

  it("rxInfo that is not a list", () => {
    const body = upEvent();
    body.rxInfo = { gatewayId: "0016c001ff1a2b3c" };
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow("rxInfo: Invalid input: expected array");
  });

  it("a gateway reception with an RSSI of the wrong type", () => {
    const body = upEvent();
    body.rxInfo[1].rssi = "-112dBm";
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow("rxInfo[1].rssi: Invalid input: expected number");
  });

  it.each([
    ["y/YLDQN2AQrdf/8!", "a character outside the alphabet"],
    ["y/YLDQN2AQrdf/8", "missing padding"],
    ["y/YL DQN2AQrdf/8=", "a space"],
  ])("data that is not valid base64 (%s: %s)", (data) => {
    const body = upEvent();
    body.data = data;
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(
      `data: must be standard base64 (A-Z, a-z, 0-9, '+', '/', padded with '='), got '${data}'`,
    );
  });

  it("a missing or malformed time", () => {
    const missing = upEvent();
    delete missing.time;
    expect(() => normalizeChirpstackEvent("up", missing, FIXTURE_RECEIVED_AT)).toThrow("time: required string is missing");
    const local = upEvent();
    local.time = "2025-03-14 08:21:07";
    expect(() => normalizeChirpstackEvent("up", local, FIXTURE_RECEIVED_AT)).toThrow(
      "time: must be an RFC 3339 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z",
    );
  });

  it("an up event without a deduplicationId, which the dedup key depends on", () => {
    const body = upEvent();
    delete body.deduplicationId;
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow("deduplicationId: required string is missing");
  });

  it("every problem at once, not just the first", () => {
    const body = upEvent();
    body.fCnt = -1;
    body.fPort = 300;
    body.confirmed = "no";
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(
      /fCnt: .*; fPort: .*; confirmed: Invalid input: expected boolean, received string/,
    );
  });

  it("spreading factor 13 as a radio parameter error", () => {
    const body = upEvent();
    body.txInfo.modulation.lora.spreadingFactor = 13;
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(RadioParameterError);
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(
      "spreading factor must be a whole number from 5 to 12, got 13",
    );
  });

  it("a 123 Hz bandwidth as a radio parameter error", () => {
    const body = upEvent();
    body.txInfo.modulation.lora.bandwidth = 123;
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(RadioParameterError);
  });

  it("an unknown code rate as a radio parameter error", () => {
    const body = upEvent();
    body.txInfo.modulation.lora.codeRate = "CR_4_9";
    expect(() => normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT)).toThrow(RadioParameterError);
  });

  it("an impossible downlink spreading factor on a txack", () => {
    const body = loadFixture("./chirpstack/txack.json");
    body.txInfo.modulation.lora.spreadingFactor = 13;
    expect(() => normalizeChirpstackEvent("txack", body, FIXTURE_RECEIVED_AT)).toThrow(RadioParameterError);
  });

  it("an ack without the queue item it acknowledges", () => {
    const body = loadFixture("./chirpstack/ack.json");
    delete body.queueItemId;
    expect(() => normalizeChirpstackEvent("ack", body, FIXTURE_RECEIVED_AT)).toThrow("queueItemId: required string is missing");
  });

  it("a battery level above 100 percent", () => {
    const body = loadFixture("./chirpstack/status.json");
    body.batteryLevel = 254;
    expect(() => normalizeChirpstackEvent("status", body, FIXTURE_RECEIVED_AT)).toThrow("batteryLevel: Too big");
  });

  it("an unknown log level", () => {
    const body = loadFixture("./chirpstack/log.json");
    body.level = "FATAL";
    expect(() => normalizeChirpstackEvent("log", body, FIXTURE_RECEIVED_AT)).toThrow(/level: Invalid option/);
  });
});

describe("normalizeChirpstackEvent does not reject for a field it never reads", () => {
  it("keeps an uplink whose tags, names, ADR flag and uplink ids are malformed", () => {
    const body = upEvent();
    Object.assign(body.deviceInfo, { tags: { floor: 3 }, tenantName: 7, applicationId: null, applicationName: [], deviceProfileId: {}, deviceProfileName: false, deviceName: 1 });
    body.adr = "yes";
    for (const rx of body.rxInfo) rx.uplinkId = -1;
    const event = normalizeChirpstackEvent("up", body, FIXTURE_RECEIVED_AT);
    expect(event).toEqual(normalizeChirpstackEvent("up", upEvent(), FIXTURE_RECEIVED_AT));
  });
});
