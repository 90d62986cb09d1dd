import { describe, expect, it } from "vitest";
import { decryptDeviceKey, encryptDeviceKey, maskDeviceKey } from "./device-keys";

const key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const otherKey = "ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const appKey = "2b7e151628aed2a6abf7158809cf4f3c";

describe("device key encryption", () => {
  it("round-trips and never stores the plaintext", () => {
    const stored = encryptDeviceKey(key, appKey, "device-1");
    expect(stored.startsWith("v1:")).toBe(true);
    expect(stored).not.toContain(appKey);
    expect(decryptDeviceKey(key, stored, "device-1")).toBe(appKey);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptDeviceKey(key, appKey, "d")).not.toBe(encryptDeviceKey(key, appKey, "d"));
  });

  it("refuses the wrong encryption key, another device's row, or tampering", () => {
    const stored = encryptDeviceKey(key, appKey, "device-1");
    expect(() => decryptDeviceKey(otherKey, stored, "device-1")).toThrow();
    expect(() => decryptDeviceKey(key, stored, "device-2")).toThrow();
    const tampered = `v1:${Buffer.from(Buffer.from(stored.slice(3), "base64").map((b, i) => (i === 40 ? b ^ 1 : b))).toString("base64")}`;
    expect(() => decryptDeviceKey(key, tampered, "device-1")).toThrow();
  });

  it("masks all but the last four characters", () => {
    expect(maskDeviceKey(appKey)).toBe(`${"•".repeat(28)}4f3c`);
  });
});
