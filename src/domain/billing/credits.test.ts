import { describe, expect, it } from "vitest";
import { creditsForUplink, creditsForUplinks } from "./credits";

describe("creditsForUplink (1 credit = up to 24 bytes)", () => {
  it.each([
    [0, 1], // empty payload still costs one credit (documented decision)
    [1, 1],
    [24, 1],
    [25, 2], // one byte over the boundary
    [48, 2],
    [49, 3],
    [222, 10], // 222 / 24 = 9.25 → 10 (EU868 max payload at SF7)
  ])("%s bytes → %s credits", (bytes, credits) => {
    expect(creditsForUplink(bytes)).toBe(credits);
  });

  it.each([[-1], [1.5], [Number.NaN]])("rejects %s bytes", (bytes) => {
    expect(() => creditsForUplink(bytes)).toThrow(/whole number of bytes/);
  });
});

describe("creditsForUplinks counts per uplink, then sums", () => {
  it.each([
    [[13, 13], 2], // 26 bytes in total, but two uplinks → 2 credits, not ceil(26/24)
    [[24, 25], 3], // 1 + 2
    [[], 0],
  ])("%j → %s", (sizes, credits) => {
    expect(creditsForUplinks(sizes)).toBe(credits);
  });
});
