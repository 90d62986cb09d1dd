import { describe, expect, it } from "vitest";
import { LastSeenThrottle } from "./last-seen-throttle";

const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);

describe("LastSeenThrottle", () => {
  it("lets the first time for a key through, then only times at least the resolution later", () => {
    const throttle = new LastSeenThrottle(5_000);
    expect(throttle.claim("gateway:a", at(0))).toBe(true);
    expect(throttle.claim("gateway:a", at(1_000))).toBe(false);
    expect(throttle.claim("gateway:a", at(4_999))).toBe(false);
    expect(throttle.claim("gateway:a", at(5_000))).toBe(true);
    // Measured from the last time written (5 s), not the first.
    expect(throttle.claim("gateway:a", at(9_000))).toBe(false);
    expect(throttle.claim("gateway:a", at(10_000))).toBe(true);
  });

  it("refuses times older than the one last written", () => {
    const throttle = new LastSeenThrottle(5_000);
    expect(throttle.claim("gateway:a", at(60_000))).toBe(true);
    expect(throttle.claim("gateway:a", at(0))).toBe(false);
    expect(throttle.claim("gateway:a", at(59_999))).toBe(false);
  });

  it("keeps keys apart", () => {
    const throttle = new LastSeenThrottle(5_000);
    expect(throttle.claim("gateway:a", at(0))).toBe(true);
    expect(throttle.claim("gateway:b", at(0))).toBe(true);
    expect(throttle.claim("connection:a", at(1))).toBe(true);
  });

  it("after a release, lets the next claim for those keys through however soon it comes", () => {
    const throttle = new LastSeenThrottle(5_000);
    throttle.claim("gateway:a", at(0));
    throttle.claim("gateway:b", at(0));
    throttle.release(["gateway:a"]);
    expect(throttle.claim("gateway:a", at(1))).toBe(true);
    expect(throttle.claim("gateway:b", at(1))).toBe(false);
  });

  it("forgets everything once it holds maxKeys keys, so a busy network cannot grow it without bound", () => {
    const throttle = new LastSeenThrottle(5_000, 2);
    throttle.claim("a", at(0));
    throttle.claim("b", at(0));
    // Full: the next new key starts afresh, and a forgotten key is written once more.
    expect(throttle.claim("c", at(1))).toBe(true);
    expect(throttle.claim("a", at(2))).toBe(true);
    expect(throttle.claim("c", at(3))).toBe(false);
  });
});
