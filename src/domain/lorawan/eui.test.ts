import { describe, expect, it } from "vitest";
import { LorawanInputError } from "./errors";
import {
  aesKeySchema,
  base64ToEui,
  devAddrSchema,
  euiHexOrBase64Schema,
  euiSchema,
  parseAesKey,
  parseDevAddr,
  parseEui,
} from "./eui";

describe("parseEui", () => {
  it.each([
    ["70b3d57ed005e2a1", "plain lowercase"],
    ["70B3D57ED005E2A1", "uppercase, as TTS sends"],
    ["70-B3-D5-7E-D0-05-E2-A1", "dashes, as printed on device labels"],
    ["70:b3:d5:7e:d0:05:e2:a1", "colons"],
    ["70 B3 D5 7E D0 05 E2 A1", "spaces"],
    ["0x70B3D57ED005E2A1", "0x prefix"],
    ["  70b3d57ed005e2a1\n", "surrounding whitespace from a paste"],
  ])("accepts %s (%s)", (input) => {
    expect(parseEui(input)).toBe("70b3d57ed005e2a1");
  });

  it.each([
    ["xyz", "too short and not hex"],
    ["70b3d57ed005e2a", "15 characters"],
    ["70b3d57ed005e2a1ff", "9 bytes"],
    ["70b3d57ed005e2ag", "a non-hex character"],
    ["70_b3_d5_7e_d0_05_e2_a1", "an unsupported separator"],
    ["", "empty"],
  ])("rejects %j (%s)", (input) => {
    expect(() => parseEui(input)).toThrow(LorawanInputError);
  });

  it("says what is accepted and echoes the bad input", () => {
    expect(() => parseEui("xyz", "DevEUI")).toThrow(
      expect.objectContaining({
        field: "DevEUI",
        message: "DevEUI must be 16 hexadecimal characters (8 bytes), got 'xyz'",
      }),
    );
  });

  it("shortens very long bad input in the message", () => {
    expect(() => parseEui("a".repeat(500))).toThrow(`got '${"a".repeat(40)}…'`);
  });
});

describe("parseDevAddr", () => {
  it("normalises 4 bytes of hex", () => {
    expect(parseDevAddr("260B7A4C")).toBe("260b7a4c");
    expect(parseDevAddr("26:0b:7a:4c")).toBe("260b7a4c");
  });

  it("rejects anything else", () => {
    expect(() => parseDevAddr("260B7A4")).toThrow(
      "DevAddr must be 8 hexadecimal characters (4 bytes), got '260B7A4'",
    );
  });
});

describe("parseAesKey", () => {
  it("normalises 16 bytes of hex", () => {
    expect(parseAesKey("2B7E1516 28AED2A6 ABF71588 09CF4F3C")).toBe("2b7e151628aed2a6abf7158809cf4f3c");
  });

  it("never echoes a rejected key, which is probably a real key with a typo", () => {
    const almostAKey = "2b7e151628aed2a6abf7158809cf4f3";
    expect(() => parseAesKey(almostAKey, "AppKey")).toThrow(
      "AppKey must be 32 hexadecimal characters (16 bytes), got 31 characters",
    );
    expect(() => parseAesKey(almostAKey)).not.toThrow(expect.objectContaining({ message: expect.stringContaining(almostAKey) }));
  });
});

describe("schemas", () => {
  it("transform to the normalised form", () => {
    expect(euiSchema.parse("70-B3-D5-7E-D0-05-E2-A1")).toBe("70b3d57ed005e2a1");
    expect(devAddrSchema.parse("260B7A4C")).toBe("260b7a4c");
    expect(aesKeySchema.parse("2B7E151628AED2A6ABF7158809CF4F3C")).toBe("2b7e151628aed2a6abf7158809cf4f3c");
  });

  it("report the same clear messages as the parse functions", () => {
    const result = euiSchema.safeParse("xyz");
    expect(result.error?.issues[0]?.message).toBe("EUI must be 16 hexadecimal characters (8 bytes), got 'xyz'");
    expect(aesKeySchema.safeParse("secret").error?.issues[0]?.message).toBe(
      "AES-128 key must be 32 hexadecimal characters (16 bytes), got 6 characters",
    );
  });

  it("reject non-strings", () => {
    expect(euiSchema.safeParse(1234).success).toBe(false);
  });
});

describe("base64ToEui", () => {
  it("decodes 8 bytes of base64 to hex", () => {
    // 0x01..0x08 in base64, as ChirpStack's protobuf JSON writes a bytes field.
    expect(base64ToEui("AQIDBAUGBwg=")).toBe("0102030405060708");
    expect(base64ToEui("qEBBAAGByWs=")).toBe("a84041000181c96b");
  });

  it("rejects base64 of the wrong length", () => {
    expect(() => base64ToEui("AQID")).toThrow("EUI in base64 must decode to 8 bytes, got 3");
  });

  it("rejects invalid base64", () => {
    expect(() => base64ToEui("AQIDBAUG!wg=")).toThrow(LorawanInputError);
  });
});

describe("euiHexOrBase64Schema", () => {
  it("takes hex or base64", () => {
    expect(euiHexOrBase64Schema.parse("A84041000181C96B")).toBe("a84041000181c96b");
    expect(euiHexOrBase64Schema.parse("qEBBAAGByWs=")).toBe("a84041000181c96b");
  });

  it("explains both accepted forms", () => {
    expect(euiHexOrBase64Schema.safeParse("qEBB").error?.issues[0]?.message).toBe(
      "EUI must be 16 hexadecimal characters (8 bytes), got 'qEBB' (base64 of 8 bytes is also accepted)",
    );
  });
});
