import { describe, expect, it } from "vitest";
import { deviceChangesSchema, newDeviceSchema } from "./device-input";
import { fPortSchema, payloadHexSchema, toHex } from "./payload-hex";

const otaa = { name: " Bin 14 ", devEui: "70-B3-D5-7E-D0-00-00-01", activation: "otaa", joinEui: "0x70B3D57ED0000000", appKey: "2B7E151628AED2A6ABF7158809CF4F3C" };
const abp = { name: "Bay 3", devEui: "70b3d57ed0000002", activation: "abp", devAddr: "26011F01", nwkSKey: "2b7e151628aed2a6abf7158809cf4f3d", appSKey: "2b7e151628aed2a6abf7158809cf4f3e" };

const messagesOf = (input: unknown) => {
  const result = newDeviceSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("newDeviceSchema", () => {
  it("normalises an OTAA device's identifiers and keys to lowercase hex", () => {
    expect(newDeviceSchema.parse({ ...otaa, tags: [" waste ", "waste", "centre"] })).toEqual({
      name: "Bin 14", devEui: "70b3d57ed0000001", activation: "otaa", joinEui: "70b3d57ed0000000", appKey: "2b7e151628aed2a6abf7158809cf4f3c",
      description: "", tags: ["waste", "centre"], profileId: null, location: null,
    });
  });

  it("accepts an ABP device and drops fields of the other mode", () => {
    const device = newDeviceSchema.parse({ ...abp, joinEui: "70b3d57ed0000000" });
    expect(device).toMatchObject({ activation: "abp", devAddr: "26011f01" });
    expect(device).not.toHaveProperty("joinEui");
  });

  it("names each missing or malformed field, and never echoes a key", () => {
    expect(messagesOf({ name: "x", devEui: "70b3d57ed0000001", activation: "otaa" })).toEqual(["joinEui: Enter the JoinEUI.", "appKey: Enter the AppKey."]);
    expect(messagesOf({ ...otaa, devEui: "zz" })).toEqual(["devEui: DevEUI must be 16 hexadecimal characters (8 bytes), got 'zz'."]);
    const short = messagesOf({ ...abp, nwkSKey: "2b7e151628aed2a6abf7158809cf4f" });
    expect(short).toEqual(["nwkSKey: NwkSKey must be 32 hexadecimal characters (16 bytes), got 30 characters."]);
    expect(messagesOf({ ...otaa, activation: "magic" })).toEqual(["activation: Choose the activation: otaa (over the air) or abp (by personalisation)."]);
    expect(messagesOf({ ...otaa, name: "x".repeat(121) })).toEqual(["name: Device names are at most 120 characters."]);
    expect(messagesOf({ ...otaa, tags: ["a;b"] })).toEqual(["tags.0: Tags cannot contain ';' or ','."]);
  });

  it("treats an empty profile as none and refuses a malformed one", () => {
    expect(newDeviceSchema.parse({ ...otaa, profileId: "" }).profileId).toBeNull();
    expect(messagesOf({ ...otaa, profileId: "nope" })).toEqual(["profileId: Choose a device profile from the list."]);
  });
});

describe("deviceChangesSchema", () => {
  it("allows clearing the profile and changing only some fields", () => {
    expect(deviceChangesSchema.parse({ profileId: null, tags: ["a", "a"] })).toEqual({ profileId: null, tags: ["a"] });
  });
});

describe("payload hex", () => {
  it("reads hex with separators and refuses odd lengths or non-hex", () => {
    expect(Array.from(payloadHexSchema.parse("0x01 0A:ff"))).toEqual([1, 10, 255]);
    expect(Array.from(payloadHexSchema.parse(""))).toEqual([]);
    expect(payloadHexSchema.safeParse("abc").success).toBe(false);
    expect(payloadHexSchema.safeParse("zz").success).toBe(false);
    expect(payloadHexSchema.safeParse("00".repeat(256)).success).toBe(false);
    expect(toHex(Uint8Array.from([1, 171]))).toBe("01ab");
  });

  it("accepts application fPorts only", () => {
    expect(fPortSchema.safeParse(1).success).toBe(true);
    expect(fPortSchema.safeParse(0).success).toBe(false);
    expect(fPortSchema.safeParse(224).success).toBe(false);
  });
});
