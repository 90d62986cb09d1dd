import { describe, expect, it } from "vitest";
import { FIXTURE_RECEIVED_AT, loadFixture } from "./__fixtures__/load-fixture";
import { LorawanInputError, RadioParameterError } from "./errors";
import { normalizeTtsEvent } from "./tts-event";

const uplink = () => loadFixture("./tts/uplink-message.json");

describe("normalizeTtsEvent rejects", () => {
  it.each([
    [null, "expected object, received null"],
    ["uplink_message", "expected object, received string"],
    [42, "expected object, received number"],
  ])("a body that is not an object (%j)", (body, problem) => {
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(`Invalid The Things Stack message: body: Invalid input: ${problem}`);
  });

  it("a message of a type it does not handle, listing those it does", () => {
    const body = uplink();
    body.downlink_queued = body.uplink_message;
    delete body.uplink_message;
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      expect.objectContaining({
        field: "body",
        message:
          "The Things Stack message has none of uplink_message, join_accept, downlink_ack, downlink_nack, " +
          "downlink_sent, downlink_failed, location_solved, service_data",
      }),
    );
  });

  it("a message carrying two message types", () => {
    const body = uplink();
    body.join_accept = { received_at: "2025-03-14T09:12:40.301877095Z" };
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      "The Things Stack message has uplink_message and join_accept; expected exactly one of",
    );
  });

  it("a device without a DevEUI", () => {
    const body = uplink();
    delete body.end_device_ids.dev_eui;
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      expect.objectContaining({
        field: "end_device_ids.dev_eui",
        message: "Invalid The Things Stack message: end_device_ids.dev_eui: required string is missing",
      }),
    );
  });

  it("a DevEUI that is not an EUI", () => {
    const body = uplink();
    body.end_device_ids.dev_eui = "eui-70b3d57ed0064f1b";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      "end_device_ids.dev_eui: EUI must be 16 hexadecimal characters (8 bytes), got 'eui-70b3d57ed0064f1b'",
    );
  });

  it("frm_payload that is not valid base64", () => {
    const body = uplink();
    body.uplink_message.frm_payload = "AWcBCgJojAMCAVAEAgH0BWUAZAZmAAcMDhA";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow("uplink_message.frm_payload: must be standard base64");
  });

  it("a frame counter of the wrong type", () => {
    const body = uplink();
    body.uplink_message.f_cnt = "1882";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      "uplink_message.f_cnt: Invalid input: expected number, received string",
    );
  });

  it("a frequency that is not a whole number of Hz", () => {
    const body = uplink();
    body.uplink_message.settings.frequency = "867.5MHz";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      'uplink_message.settings.frequency: must be the frequency in Hz as a decimal string, e.g. "868100000"',
    );
  });

  it("consumed_airtime that is not a duration in seconds", () => {
    const body = uplink();
    body.uplink_message.consumed_airtime = "82ms";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      'uplink_message.consumed_airtime: must be a duration in seconds such as "0.061696s"',
    );
  });

  it("a gateway with an RSSI of the wrong type", () => {
    const body = uplink();
    body.uplink_message.rx_metadata[0].rssi = "-88";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow("uplink_message.rx_metadata[0].rssi: Invalid input");
  });

  it("a message without received_at", () => {
    const body = uplink();
    delete body.received_at;
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(LorawanInputError);
  });

  it("spreading factor 13 as a radio parameter error", () => {
    const body = uplink();
    body.uplink_message.settings.data_rate.lora.spreading_factor = 13;
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(RadioParameterError);
  });

  it("a 123 Hz bandwidth as a radio parameter error", () => {
    const body = uplink();
    body.uplink_message.settings.data_rate.lora.bandwidth = 123;
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(
      "bandwidth must be one of 7800, 10400, 15600, 20800, 31250, 41700, 62500, 125000, 250000, 500000 Hz, got 123",
    );
  });

  it("an unknown coding rate as a radio parameter error", () => {
    const body = uplink();
    body.uplink_message.settings.data_rate.lora.coding_rate = "4/9";
    expect(() => normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toThrow(RadioParameterError);
  });
});

describe("normalizeTtsEvent does not reject for a field it never reads", () => {
  it("keeps an uplink whose device id and JoinEUI are malformed", () => {
    const body = uplink();
    Object.assign(body.end_device_ids, { device_id: 42, join_eui: "not an EUI" });
    expect(normalizeTtsEvent(body, FIXTURE_RECEIVED_AT)).toEqual(normalizeTtsEvent(uplink(), FIXTURE_RECEIVED_AT));
  });
});
