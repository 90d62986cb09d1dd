import lora from "lora-packet";
import { describe, expect, it } from "vitest";
import {
  JOIN_ACCEPT_BYTES,
  JOIN_ACCEPT_WITH_CFLIST_BYTES,
  JOIN_REQUEST_BYTES,
  phyPayloadBytes,
} from "./frame-size";

// Session keys from the lora-packet README; any 16 bytes would do for sizing.
const nwkSKey = Buffer.from("44024241ed4ce9a68c6a8bc055233fd3", "hex");
const appSKey = Buffer.from("ec925802ae430ca77fd3dd73cb2cc588", "hex");

describe("phyPayloadBytes", () => {
  it("agrees with a real uplink decoded by lora-packet", () => {
    // The lora-packet README's sample: MHDR 40, DevAddr 49BE7DF1, FCtrl 00, FCnt 0002,
    // FPort 01, FRMPayload 95437876, MIC 2B11FF0D.
    const wire = Buffer.from("40F17DBE4900020001954378762B11FF0D", "hex");
    const packet = lora.fromWire(wire);
    expect(packet.FRMPayload?.length).toBe(4);
    expect(phyPayloadBytes({ payloadBytes: 4, hasFPort: true })).toBe(wire.length);
  });

  it("agrees with a frame lora-packet builds with FOpts", () => {
    const packet = lora.fromFields(
      {
        MType: "Unconfirmed Data Up",
        DevAddr: Buffer.from("260b7a4c", "hex"),
        FCnt: 1882,
        FOpts: "0603", // a DevStatusAns-sized MAC answer
        FPort: 3,
        payload: Buffer.alloc(26),
      },
      appSKey,
      nwkSKey,
    );
    expect(phyPayloadBytes({ payloadBytes: 26, fOptsBytes: 2, hasFPort: true })).toBe(packet.getPHYPayload()?.length);
  });

  it("counts 1 + 7 + FPort + payload + 4", () => {
    expect(phyPayloadBytes({ payloadBytes: 0, hasFPort: false })).toBe(12);
    expect(phyPayloadBytes({ payloadBytes: 0, hasFPort: true })).toBe(13);
    expect(phyPayloadBytes({ payloadBytes: 11, hasFPort: true })).toBe(24);
    expect(phyPayloadBytes({ payloadBytes: 11, fOptsBytes: 15, hasFPort: true })).toBe(39);
  });

  it("rejects frames that cannot exist", () => {
    expect(() => phyPayloadBytes({ payloadBytes: 5, hasFPort: false })).toThrow(
      "a frame with an application payload must have an FPort",
    );
    expect(() => phyPayloadBytes({ payloadBytes: 5, fOptsBytes: 16, hasFPort: true })).toThrow(RangeError);
    expect(() => phyPayloadBytes({ payloadBytes: -1, hasFPort: true })).toThrow(RangeError);
  });
});

describe("join frame sizes", () => {
  const appKey = Buffer.from("2b7e151628aed2a6abf7158809cf4f3c", "hex");

  it("a join-request is 23 bytes", () => {
    const packet = lora.fromFields(
      {
        MType: "Join Request",
        AppEUI: Buffer.from("0000000000000000", "hex"),
        DevEUI: Buffer.from("70b3d57ed0064f1b", "hex"),
        DevNonce: Buffer.from("2a51", "hex"),
      },
      undefined,
      undefined,
      appKey,
    );
    expect(packet.getPHYPayload()?.length).toBe(JOIN_REQUEST_BYTES);
  });

  it("a join-accept is 17 bytes, or 33 with a CFList", () => {
    const fields = {
      MType: "Join Accept",
      AppNonce: Buffer.from("a1b2c3", "hex"),
      NetID: Buffer.from("000013", "hex"),
      DevAddr: Buffer.from("260b7a4c", "hex"),
      DLSettings: 0,
      RxDelay: 1,
    };
    const plain = lora.fromFields(fields, undefined, undefined, appKey);
    const withCfList = lora.fromFields({ ...fields, CFList: Buffer.alloc(16) }, undefined, undefined, appKey);
    expect(plain.getPHYPayload()?.length).toBe(JOIN_ACCEPT_BYTES);
    expect(withCfList.getPHYPayload()?.length).toBe(JOIN_ACCEPT_WITH_CFLIST_BYTES);
  });
});

